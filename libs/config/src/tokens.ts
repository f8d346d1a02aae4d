// Injection token for the resolved JWT signing secret (see resolveJwtSecret).
export const JWT_SECRET = Symbol('JWT_SECRET');
