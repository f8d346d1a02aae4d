import { QueryFailedError } from 'typeorm';

// SQLSTATE codes we react to. See https://www.postgresql.org/docs/15/errcodes-appendix.html
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_LOCK_NOT_AVAILABLE = '55P03';
export const PG_QUERY_CANCELED = '57014';

export function postgresErrorCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: unknown } | undefined;
    return typeof driverError?.code === 'string' ? driverError.code : undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function postgresConstraint(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { constraint?: unknown } | undefined;
    return typeof driverError?.constraint === 'string' ? driverError.constraint : undefined;
  }
  return undefined;
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return (
    postgresErrorCode(error) === PG_UNIQUE_VIOLATION &&
    (constraint === undefined || postgresConstraint(error) === constraint)
  );
}
