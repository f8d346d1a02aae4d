import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

// SQLSTATE codes we react to. See https://www.postgresql.org/docs/15/errcodes-appendix.html
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_SERIALIZATION_FAILURE = '40001';
export const PG_DEADLOCK_DETECTED = '40P01';
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

export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  return (
    postgresErrorCode(error) === PG_FOREIGN_KEY_VIOLATION &&
    postgresConstraint(error) === constraint
  );
}

// Failures of the database itself (not of the request): the same request may succeed a moment
// later. UNAVAILABLE: no connection, or the connection was lost. TIMEOUT: the statement was
// cancelled by one of our configured timeouts (lock_timeout, statement_timeout, query_timeout).
// CONFLICT: PostgreSQL aborted the transaction for a concurrent one (a deadlock, a serialization
// failure); it changed nothing, and the same request run again is expected to pass.
// OUTCOME_UNKNOWN: the connection was lost (or the wait for the answer ran out) while COMMIT was
// under way: the transaction may have been committed or not, so the request is not simply retried.
export type DatabaseFailureKind = 'UNAVAILABLE' | 'TIMEOUT' | 'CONFLICT' | 'OUTCOME_UNKNOWN';

export interface DatabaseFailure {
  kind: DatabaseFailureKind;
  // A SQLSTATE, a socket errno or a short driver tag: for logs, never for clients.
  cause: string;
}

export const PG_IDLE_IN_TRANSACTION_TIMEOUT = '25P03';
export const PG_ADMIN_SHUTDOWN = '57P01';
export const PG_CRASH_SHUTDOWN = '57P02';
export const PG_CANNOT_CONNECT_NOW = '57P03';
export const PG_OBJECT_NOT_IN_PREREQUISITE_STATE = '55000';
export const PG_TOO_MANY_CONNECTIONS = '53300';
// Insufficient resources: a full disk (a WAL segment, a table that cannot grow), memory.
export const PG_DISK_FULL = '53100';
export const PG_OUT_OF_MEMORY = '53200';
// A write on a read-only server: a hot standby (the old primary after a switchover, reached through
// a stale DNS name or proxy), or a server a provider fenced with default_transaction_read_only.
// The portal starts no read-only transaction of its own, so it is always the server.
export const PG_READ_ONLY_SQL_TRANSACTION = '25006';

const TIMEOUT_SQLSTATES = new Set([
  PG_QUERY_CANCELED,
  PG_LOCK_NOT_AVAILABLE,
  PG_IDLE_IN_TRANSACTION_TIMEOUT,
]);
const CONFLICT_SQLSTATES = new Set([PG_SERIALIZATION_FAILURE, PG_DEADLOCK_DETECTED]);
const UNAVAILABLE_SQLSTATES = new Set([
  PG_ADMIN_SHUTDOWN,
  PG_CRASH_SHUTDOWN,
  PG_CANNOT_CONNECT_NOW,
  PG_TOO_MANY_CONNECTIONS,
  PG_DISK_FULL,
  PG_OUT_OF_MEMORY,
  PG_READ_ONLY_SQL_TRANSACTION,
]);
const SOCKET_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// A TLS handshake that failed: Node's certificate checks (OpenSSL's X509 verify results, the host
// name check) and OpenSSL's own errors. No new connection can be made, as with a refused one.
const TLS_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// node-postgres and pg-pool raise these as plain Errors without a code.
const DRIVER_MESSAGES: Array<[RegExp, DatabaseFailure]> = [
  [/^Query read timeout$/, { kind: 'TIMEOUT', cause: 'QUERY_READ_TIMEOUT' }],
  [/timeout exceeded when trying to connect/i, { kind: 'UNAVAILABLE', cause: 'CONNECT_TIMEOUT' }],
  // pg-pool's own connect timeout: nothing was sent on that connection.
  [
    /^Connection terminated due to connection timeout/,
    { kind: 'UNAVAILABLE', cause: 'CONNECT_TIMEOUT' },
  ],
  [/^Connection terminated/, { kind: 'UNAVAILABLE', cause: 'CONNECTION_TERMINATED' }],
  [/is not queryable$/, { kind: 'UNAVAILABLE', cause: 'CONNECTION_NOT_QUERYABLE' }],
  [/^Cannot use a pool after calling end/, { kind: 'UNAVAILABLE', cause: 'POOL_ENDED' }],
  // sslmode asked for TLS and the server no longer offers it.
  [
    /^The server does not support SSL connections$/,
    { kind: 'UNAVAILABLE', cause: 'SSL_NOT_SUPPORTED' },
  ],
];

// Recognises a database failure anywhere in an error's chain (TypeORM's QueryFailedError wraps
// the driver error; pool and socket errors arrive bare or as a cause).
export function databaseFailureOf(error: unknown): DatabaseFailure | undefined {
  let current: unknown = error;
  let atCommit = false;
  let ofQuery = false;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    atCommit ||= current instanceof QueryFailedError && /^\s*COMMIT\b/i.test(current.query);
    ofQuery ||= current instanceof QueryFailedError;
    if (current instanceof RepeatableWriteInterruptedError) {
      return { kind: 'UNAVAILABLE', cause: `REPEATABLE:${current.failure.cause}` };
    }
    if (current instanceof AutocommitOutcomeUnknownError) {
      return outcomeUnknown(current.failure, 'AUTOCOMMIT');
    }
    const failure = ownDatabaseFailure(current, ofQuery);
    if (failure) {
      return atCommit && mayHaveCommitted(failure) ? outcomeUnknown(failure, 'COMMIT') : failure;
    }
    current =
      current instanceof QueryFailedError
        ? current.driverError
        : (current as Error & { cause?: unknown }).cause;
  }
  return undefined;
}

// Failures after which a COMMIT (or an autocommit write) that was sent may have been carried
// out: the connection went away, or we stopped waiting, before the answer came. An error the
// server answered with (a timeout it enforced, a conflict) means it rolled back; a connection
// that was already unusable means nothing was sent.
const ANSWER_LOST = new Set([
  'CONNECTION_TERMINATED',
  'QUERY_READ_TIMEOUT',
  PG_ADMIN_SHUTDOWN,
  PG_CRASH_SHUTDOWN,
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
]);

function mayHaveCommitted(failure: DatabaseFailure): boolean {
  return ANSWER_LOST.has(failure.cause);
}

function outcomeUnknown(failure: DatabaseFailure, where: string): DatabaseFailure {
  return { kind: 'OUTCOME_UNKNOWN', cause: `${where}:${failure.cause}` };
}

// A write sent outside any transaction (one statement, its own commit) whose answer was lost.
export class AutocommitOutcomeUnknownError extends Error {
  constructor(readonly failure: DatabaseFailure) {
    super('The answer to an autocommitted write was lost');
  }
}

// Runs one statement sent outside any transaction, where its end is its commit: a connection lost
// while it ran leaves its outcome unknown, as a lost COMMIT does, and the caller is not told to
// simply retry it.
export async function autocommitWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const failure = databaseFailureOf(error);
    if (failure && mayHaveCommitted(failure)) throw new AutocommitOutcomeUnknownError(failure);
    throw error;
  }
}

// A write whose outcome is unknown (its answer was lost) but which the client may send again as
// it is, because a second one changes nothing more (castBallot with the voter's own tracking
// code): the client is told to retry, as for a database that is briefly unavailable.
export class RepeatableWriteInterruptedError extends Error {
  constructor(readonly failure: DatabaseFailure) {
    super('The answer to a write that may be repeated was lost');
  }
}

export function asRepeatableWrite(error: unknown): unknown {
  const failure = databaseFailureOf(error);
  return failure?.kind === 'OUTCOME_UNKNOWN' ? new RepeatableWriteInterruptedError(failure) : error;
}

// ofQuery: the error is (or is the cause of) a statement's failure, not of getting a connection.
function ownDatabaseFailure(error: Error, ofQuery: boolean): DatabaseFailure | undefined {
  // TypeORM releases a query runner when its connection dies; a second query of the same
  // operation (getManyAndCount, a transaction) then finds it released; `manager.query` in a
  // transaction says so with an error of its own.
  if (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  )
    return { kind: 'UNAVAILABLE', cause: 'QUERY_RUNNER_RELEASED' };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TIMEOUT_SQLSTATES.has(code)) return { kind: 'TIMEOUT', cause: code };
    if (CONFLICT_SQLSTATES.has(code)) return { kind: 'CONFLICT', cause: code };
    // Class 08: connection exception.
    if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return { kind: 'UNAVAILABLE', cause: code };
    if (SOCKET_ERRNOS.has(code) || TLS_ERRORS.has(code) || /^ERR_SSL_/.test(code))
      return { kind: 'UNAVAILABLE', cause: code };
    // Class 28 (pg_hba.conf, a password no longer accepted) when connecting.
    if (/^28[0-9A-Z]{3}$/.test(code) && !ofQuery) return { kind: 'UNAVAILABLE', cause: code };
    // "database … is not currently accepting connections" (ALLOW_CONNECTIONS false) when
    // connecting; from a statement, the same SQLSTATE means something else entirely.
    if (code === PG_OBJECT_NOT_IN_PREREQUISITE_STATE && !ofQuery) {
      return { kind: 'UNAVAILABLE', cause: code };
    }
  }
  if (error instanceof QueryFailedError) return undefined;
  for (const [pattern, failure] of DRIVER_MESSAGES) {
    if (pattern.test(error.message)) return failure;
  }
  return undefined;
}
