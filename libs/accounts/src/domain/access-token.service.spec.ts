import { JwtService } from '@nestjs/jwt';
import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import { DomainError } from '@council/core';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TTL_SECONDS,
  ACCESS_TOKEN_TYPE,
  ACCESS_TOKEN_VERIFY_OPTIONS,
  AccessTokenService,
  invalidAccessToken,
} from './access-token.service';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const key = new TextEncoder().encode(SECRET);
const claims = {
  memberId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  sessionId: '16fd2706-8baf-433b-82eb-8c7fada847da',
};

function craft(options: {
  alg?: string;
  typ?: string;
  iss?: string;
  aud?: string | null;
  exp?: number | null;
  nbf?: number;
  secret?: Uint8Array;
  payload?: Record<string, unknown>;
}) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ sid: claims.sessionId, ...options.payload })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: options.typ ?? ACCESS_TOKEN_TYPE })
    .setSubject(claims.memberId)
    .setIssuedAt(now)
    .setIssuer(options.iss ?? ACCESS_TOKEN_ISSUER);
  if (options.aud !== null) jwt.setAudience(options.aud ?? ACCESS_TOKEN_AUDIENCE);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 600);
  if (options.nbf) jwt.setNotBefore(options.nbf);
  return jwt.sign(options.secret ?? key);
}

function reasonOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof DomainError ? `${error.kind}:${error.reason}` : 'other';
  }
  return undefined;
}

describe('AccessTokenService', () => {
  const jwt = new JwtService({ secret: SECRET });
  const service = new AccessTokenService(jwt);
  // What the passport strategy runs (apps/api/src/auth/jwt.strategy.ts): jsonwebtoken with the
  // verification policy, then the claims check; its e2e twin is test/security-tokens.e2e-spec.ts.
  const verify = (token: string) => {
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, { ...ACCESS_TOKEN_VERIFY_OPTIONS });
    } catch {
      throw invalidAccessToken();
    }
    return AccessTokenService.claimsOf(decoded, new Date());
  };

  it('issues a 15-minute HS256 token that verifies back to its claims', () => {
    const now = new Date();
    const { token, expiresAt } = service.issue(claims, now);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE });
    expect(payload).toMatchObject({
      sub: claims.memberId,
      sid: claims.sessionId,
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
    });
    expect(payload.exp - payload.iat).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(expiresAt.getTime()).toBe(payload.exp * 1000);
    expect(verify(token)).toEqual(claims);
  });

  it('accepts a well-formed token crafted independently (jose)', async () => {
    expect(verify(await craft({}))).toEqual(claims);
  });

  it.each([
    ['without exp', { exp: null }],
    [
      'living longer than the 15 minutes issued',
      { exp: Math.floor(Date.now() / 1000) + ACCESS_TOKEN_TTL_SECONDS + 60 },
    ],
    ['not yet valid (nbf in the future)', { nbf: Math.floor(Date.now() / 1000) + 3600 }],
    [
      'signed with another secret',
      { secret: new TextEncoder().encode('another-secret-another-secret-another-secret') },
    ],
    ['of another algorithm (HS512)', { alg: 'HS512' }],
    ['for another audience', { aud: 'someone-else' }],
    ['without an audience', { aud: null }],
    ['from another issuer', { iss: 'evil' }],
    ['of another type', { typ: 'JWT' }],
    ['with a non-uuid subject session', { payload: { sid: "1' OR '1'='1" } }],
  ])('refuses a token %s', async (_name, options) => {
    const token = await craft(options);
    // One answer whichever check refused it.
    expect(reasonOf(() => verify(token))).toBe('UNAUTHENTICATED:INVALID_TOKEN');
  });

  it('answers an expired token of ours ACCESS_TOKEN_EXPIRED, for the client to renew it', async () => {
    const token = await craft({ exp: Math.floor(Date.now() / 1000) - 60 });
    expect(reasonOf(() => verify(token))).toBe('UNAUTHENTICATED:ACCESS_TOKEN_EXPIRED');
  });

  it('reads the time claims at the instant it is given: expired from exp + 5 s, valid from nbf - 5 s, never longer than issued', () => {
    const issued = new Date('2025-03-01T09:00:00Z');
    const { token } = service.issue(claims, issued);
    const decoded: { header: object; payload: object } = jwt.verify(token, {
      ...ACCESS_TOKEN_VERIFY_OPTIONS,
    });
    const at = (seconds: number) => new Date(issued.getTime() + seconds * 1000);
    const ttl = ACCESS_TOKEN_TTL_SECONDS;
    expect(AccessTokenService.claimsOf(decoded, at(0))).toEqual(claims);
    expect(AccessTokenService.claimsOf(decoded, at(ttl + 4))).toEqual(claims);
    expect(reasonOf(() => AccessTokenService.claimsOf(decoded, at(ttl + 5)))).toBe(
      'UNAUTHENTICATED:ACCESS_TOKEN_EXPIRED',
    );
    const withNbf = {
      ...decoded,
      payload: { ...decoded.payload, iat: 1000, exp: 1000 + ttl, nbf: 1000 },
    };
    expect(AccessTokenService.claimsOf(withNbf, new Date(995_000))).toEqual(claims);
    expect(reasonOf(() => AccessTokenService.claimsOf(withNbf, new Date(994_000)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    // No longer than the lifetime we issue, whatever the instant.
    const iat = Math.floor(issued.getTime() / 1000);
    const lasting = (exp: number) => ({ ...decoded, payload: { ...decoded.payload, exp } });
    expect(AccessTokenService.claimsOf(lasting(iat + ttl), at(0))).toEqual(claims);
    expect(reasonOf(() => AccessTokenService.claimsOf(lasting(iat + ttl + 1), at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    expect(reasonOf(() => AccessTokenService.claimsOf(lasting(1e308), at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    // Nor by an iat moved ahead with the exp: a token issued "in ten years" would live ten years.
    const ahead = (iatAt: number) => ({
      ...decoded,
      payload: { ...decoded.payload, iat: iatAt, exp: iatAt + ttl },
    });
    const tenYears = 10 * 365 * 24 * 60 * 60;
    expect(reasonOf(() => AccessTokenService.claimsOf(ahead(iat + tenYears), at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    expect(reasonOf(() => AccessTokenService.claimsOf(ahead(1e308), at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    // An instance whose clock runs ahead, by up to one lifetime, issued it: still accepted.
    expect(AccessTokenService.claimsOf(ahead(iat + ttl), at(0))).toEqual(claims);
    expect(reasonOf(() => AccessTokenService.claimsOf(ahead(iat + ttl + 1), at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
    const textNbf = { ...decoded, payload: { ...decoded.payload, nbf: '0' } };
    expect(reasonOf(() => AccessTokenService.claimsOf(textNbf, at(0)))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
  });

  it('refuses alg "none"', () => {
    const token = new UnsecuredJWT({ sub: claims.memberId, sid: claims.sessionId })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    expect(reasonOf(() => verify(token))).toBe('UNAUTHENTICATED:INVALID_TOKEN');
  });

  it('refuses a tampered payload with the old signature, and a truncated signature', () => {
    const { token } = service.issue(claims, new Date());
    const [header, payload, signature] = token.split('.');
    const tampered = JSON.parse(Buffer.from(payload, 'base64url').toString());
    tampered.sub = '00000000-0000-4000-8000-000000000000';
    const forged = `${header}.${base64url.encode(JSON.stringify(tampered))}.${signature}`;
    expect(reasonOf(() => verify(forged))).toBe('UNAUTHENTICATED:INVALID_TOKEN');
    expect(reasonOf(() => verify(`${header}.${payload}.${signature.slice(0, 20)}`))).toBe(
      'UNAUTHENTICATED:INVALID_TOKEN',
    );
  });
});
