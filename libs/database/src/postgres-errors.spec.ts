import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import {
  asRepeatableWrite,
  autocommitWrite,
  databaseFailureOf,
  isForeignKeyViolation,
  isUniqueViolation,
} from './postgres-errors';

function pgError(code: string, message = 'error from the server'): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

function wrapped(driverError: Error): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('databaseFailureOf', () => {
  it.each([
    ['57014', 'canceling statement due to statement timeout'],
    ['55P03', 'canceling statement due to lock timeout'],
    ['25P03', 'terminating connection due to idle-in-transaction timeout'],
  ])('reads SQLSTATE %s (%s) as a timeout', (code, message) => {
    expect(databaseFailureOf(wrapped(pgError(code, message)))).toEqual({
      kind: 'TIMEOUT',
      cause: code,
    });
  });

  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access due to concurrent update'],
  ])('reads SQLSTATE %s (%s) as a conflict with another transaction', (code, message) => {
    expect(databaseFailureOf(wrapped(pgError(code, message)))).toEqual({
      kind: 'CONFLICT',
      cause: code,
    });
  });

  it.each(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08P01'])(
    'reads SQLSTATE %s as the database being unavailable',
    (code) => {
      expect(databaseFailureOf(wrapped(pgError(code)))).toEqual({
        kind: 'UNAVAILABLE',
        cause: code,
      });
      expect(databaseFailureOf(pgError(code))).toEqual({ kind: 'UNAVAILABLE', cause: code });
    },
  );

  // A full disk (the embedded engine's DATA_DIR, a server's volume) failed the
  // statement or its COMMIT with 53100, which reached the client as a bare INTERNAL_SERVER_ERROR and
  // the log as an "unhandled error"; it is the database failing, not the request.
  it.each([
    ['53100', 'could not write to file "pg_wal/xlogtemp.42": No space left on device'],
    ['53200', 'out of memory'],
  ])('reads SQLSTATE %s (%s) as the database being unavailable', (code, message) => {
    expect(databaseFailureOf(wrapped(pgError(code, message)))).toEqual({
      kind: 'UNAVAILABLE',
      cause: code,
    });
    const atCommit = new QueryFailedError('COMMIT', [], pgError(code, message));
    expect(databaseFailureOf(atCommit)).toEqual({ kind: 'UNAVAILABLE', cause: code });
  });

  // Found by review (HA): after a failover, a connection that lands on the old primary (now a hot
  // standby), or on a server a provider made read-only, fails every write with 25006. That reached
  // the client as a bare INTERNAL_SERVER_ERROR and the log as an "unhandled error" with a stack.
  it('reads SQLSTATE 25006 (a read-only server) as the database being unavailable', () => {
    const readOnly = pgError('25006', 'cannot execute INSERT in a read-only transaction');
    expect(databaseFailureOf(wrapped(readOnly))).toEqual({ kind: 'UNAVAILABLE', cause: '25006' });
    // Refused, so nothing was committed: retryable, not an unknown outcome.
    const atCommit = new QueryFailedError('COMMIT', [], readOnly);
    expect(databaseFailureOf(atCommit)).toEqual({ kind: 'UNAVAILABLE', cause: '25006' });
  });

  // Found by review: a database fenced with ALLOW_CONNECTIONS false answered a plain internal error.
  it('reads SQLSTATE 55000 as the database being unavailable when connecting, not from a statement', () => {
    const refused = pgError('55000', 'database "council" is not currently accepting connections');
    expect(databaseFailureOf(refused)).toEqual({ kind: 'UNAVAILABLE', cause: '55000' });
    expect(databaseFailureOf(new Error('start-up', { cause: refused }))).toEqual({
      kind: 'UNAVAILABLE',
      cause: '55000',
    });
    expect(databaseFailureOf(wrapped(pgError('55000', 'cannot do that now')))).toBeUndefined();
  });

  it.each([
    ['Connection terminated unexpectedly', 'CONNECTION_TERMINATED'],
    ['Connection terminated due to connection timeout', 'CONNECT_TIMEOUT'],
    ['timeout exceeded when trying to connect', 'CONNECT_TIMEOUT'],
    ['Client has encountered a connection error and is not queryable', 'CONNECTION_NOT_QUERYABLE'],
    ['Cannot use a pool after calling end on the pool', 'POOL_ENDED'],
  ])('reads the driver message "%s" as the database being unavailable', (message, cause) => {
    expect(databaseFailureOf(new Error(message))).toEqual({ kind: 'UNAVAILABLE', cause });
    expect(databaseFailureOf(wrapped(new Error(message)))).toEqual({ kind: 'UNAVAILABLE', cause });
  });

  // Found by review (TLS to a managed database): once the server's certificate no longer verified
  // (a provider rotating its CA, a certificate expired) or the server refused the role (pg_hba,
  // a rotated password), every request answered a bare INTERNAL_SERVER_ERROR, logged as an
  // unhandled error, while /health/ready said the database was down: no new connection can be
  // made, as with a refused one.
  it.each([
    [{ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'unable to verify the first certificate'],
    [{ code: 'SELF_SIGNED_CERT_IN_CHAIN' }, 'self-signed certificate in certificate chain'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'certificate has expired'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, "Hostname/IP does not match certificate's altnames"],
    [{ code: '28000', severity: 'FATAL' }, 'pg_hba.conf rejects connection for host "10.0.0.7"'],
    [{ code: '28P01', severity: 'FATAL' }, 'password authentication failed for user "app"'],
    [{}, 'The server does not support SSL connections'],
  ])(
    'reads a connection the server or its certificate refused (%p) as unavailable',
    (props, message) => {
      const refused = Object.assign(new Error(message), props);
      const cause = 'code' in props ? props.code : 'SSL_NOT_SUPPORTED';
      expect(databaseFailureOf(refused)).toEqual({ kind: 'UNAVAILABLE', cause });
      expect(databaseFailureOf(new Error('start-up', { cause: refused }))).toEqual({
        kind: 'UNAVAILABLE',
        cause,
      });
    },
  );

  it('leaves SQLSTATE class 28 from a statement alone', () => {
    expect(databaseFailureOf(wrapped(pgError('28000', 'invalid authorization')))).toBeUndefined();
  });

  it('reads a query runner released under the operation (its connection died) as unavailable', () => {
    expect(databaseFailureOf(new QueryRunnerAlreadyReleasedError())).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'QUERY_RUNNER_RELEASED',
    });
    // What `manager.query` throws in a transaction whose connection was terminated (found by
    // pg_terminate_backend under load: an unhandled INTERNAL_SERVER_ERROR, not retryable).
    expect(databaseFailureOf(new QueryRunnerProviderAlreadyReleasedError())).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'QUERY_RUNNER_RELEASED',
    });
  });

  it('reads a connection lost, or an answer not waited for, during COMMIT as an unknown outcome', () => {
    const atCommit = (driverError: Error) => new QueryFailedError('COMMIT', [], driverError);
    expect(databaseFailureOf(atCommit(new Error('Connection terminated unexpectedly')))).toEqual({
      kind: 'OUTCOME_UNKNOWN',
      cause: 'COMMIT:CONNECTION_TERMINATED',
    });
    expect(databaseFailureOf(atCommit(new Error('Query read timeout')))).toEqual({
      kind: 'OUTCOME_UNKNOWN',
      cause: 'COMMIT:QUERY_READ_TIMEOUT',
    });
    expect(
      databaseFailureOf(atCommit(Object.assign(new Error('read'), { code: 'ECONNRESET' }))),
    ).toEqual({ kind: 'OUTCOME_UNKNOWN', cause: 'COMMIT:ECONNRESET' });
    for (const code of ['ECONNABORTED', 'ETIMEDOUT', 'EPIPE']) {
      expect(databaseFailureOf(atCommit(Object.assign(new Error('socket'), { code })))).toEqual({
        kind: 'OUTCOME_UNKNOWN',
        cause: `COMMIT:${code}`,
      });
    }
    // Never sent: the transaction was rolled back by the server, and may be retried.
    expect(
      databaseFailureOf(
        atCommit(new Error('Client has encountered a connection error and is not queryable')),
      ),
    ).toEqual({ kind: 'UNAVAILABLE', cause: 'CONNECTION_NOT_QUERYABLE' });
    // Refused by PostgreSQL at COMMIT (a serialization failure, a timeout it enforced): it
    // answered, so it rolled back, and the request may be sent again.
    expect(databaseFailureOf(atCommit(pgError('40001', 'could not serialize access')))).toEqual({
      kind: 'CONFLICT',
      cause: '40001',
    });
    expect(
      databaseFailureOf(
        atCommit(pgError('25P03', 'terminating connection due to idle-in-transaction timeout')),
      ),
    ).toEqual({ kind: 'TIMEOUT', cause: '25P03' });
    expect(databaseFailureOf(atCommit(pgError('57P01', 'terminating connection')))).toEqual({
      kind: 'OUTCOME_UNKNOWN',
      cause: 'COMMIT:57P01',
    });
    // The same failure on another statement of the transaction: rolled back, may be retried.
    expect(databaseFailureOf(wrapped(new Error('Connection terminated unexpectedly')))).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'CONNECTION_TERMINATED',
    });
  });

  it('reads an autocommitted write whose answer was lost as an unknown outcome', async () => {
    const lost = () => Promise.reject(wrapped(new Error('Connection terminated unexpectedly')));
    const refused = () => Promise.reject(wrapped(pgError('55P03', 'lock timeout')));
    const error = await autocommitWrite(lost).catch((caught: unknown) => caught);
    expect(databaseFailureOf(error)).toEqual({
      kind: 'OUTCOME_UNKNOWN',
      cause: 'AUTOCOMMIT:CONNECTION_TERMINATED',
    });
    const answered = await autocommitWrite(refused).catch((caught: unknown) => caught);
    expect(databaseFailureOf(answered)).toEqual({ kind: 'TIMEOUT', cause: '55P03' });
    await expect(autocommitWrite(async () => 'stored')).resolves.toBe('stored');
    // A new connection that timed out connecting: nothing was sent.
    const neverConnected = () =>
      Promise.reject(new Error('Connection terminated due to connection timeout'));
    const unsent = await autocommitWrite(neverConnected).catch((caught: unknown) => caught);
    expect(databaseFailureOf(unsent)).toEqual({ kind: 'UNAVAILABLE', cause: 'CONNECT_TIMEOUT' });
  });

  // castBallot with the voter's own tracking code: sending it again settles an unknown outcome.
  it('reads a write that may be repeated, whose answer was lost, as unavailable: retry', async () => {
    const lost = await autocommitWrite(() =>
      Promise.reject(wrapped(new Error('Connection terminated unexpectedly'))),
    ).catch((caught: unknown) => caught);
    expect(databaseFailureOf(asRepeatableWrite(lost))).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'REPEATABLE:AUTOCOMMIT:CONNECTION_TERMINATED',
    });
    const atCommit = new QueryFailedError('COMMIT', [], pgError('57P01', 'terminating connection'));
    expect(databaseFailureOf(asRepeatableWrite(atCommit))).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'REPEATABLE:COMMIT:57P01',
    });
    // Anything else is left as it is.
    for (const error of [
      wrapped(pgError('55P03', 'lock timeout')),
      new Error('boom'),
      { not: 'an error' },
    ]) {
      expect(asRepeatableWrite(error)).toBe(error);
    }
  });

  it('reads a client-side query timeout as a timeout', () => {
    expect(databaseFailureOf(wrapped(new Error('Query read timeout')))).toEqual({
      kind: 'TIMEOUT',
      cause: 'QUERY_READ_TIMEOUT',
    });
  });

  it('reads socket errors, bare or as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(databaseFailureOf(refused)).toEqual({ kind: 'UNAVAILABLE', cause: 'ECONNREFUSED' });
    expect(databaseFailureOf(new Error('wrapped', { cause: refused }))).toEqual({
      kind: 'UNAVAILABLE',
      cause: 'ECONNREFUSED',
    });
    const deep = new Error('outer', { cause: new Error('middle', { cause: refused }) });
    expect(databaseFailureOf(deep)).toEqual({ kind: 'UNAVAILABLE', cause: 'ECONNREFUSED' });
  });

  it('leaves errors of the request itself alone', () => {
    expect(databaseFailureOf(wrapped(pgError('23505', 'duplicate key value')))).toBeUndefined();
    expect(
      databaseFailureOf(wrapped(pgError('22P02', 'invalid input syntax for type uuid'))),
    ).toBeUndefined();
    expect(databaseFailureOf(new Error('Connection to the mail server failed'))).toBeUndefined();
    expect(databaseFailureOf(new TypeError('x is not a function'))).toBeUndefined();
    expect(databaseFailureOf('Connection terminated')).toBeUndefined();
    expect(databaseFailureOf(undefined)).toBeUndefined();
  });
});

describe('constraint violations', () => {
  const violation = (code: string, constraint: string) =>
    wrapped(Object.assign(pgError(code), { constraint }));

  it('names a foreign key violation of the constraint asked for, and nothing else', () => {
    const missing = violation('23503', 'fk_agenda_item_election');
    expect(isForeignKeyViolation(missing, 'fk_agenda_item_election')).toBe(true);
    expect(isForeignKeyViolation(missing, 'fk_agenda_item_meeting')).toBe(false);
    expect(
      isForeignKeyViolation(
        violation('23505', 'fk_agenda_item_election'),
        'fk_agenda_item_election',
      ),
    ).toBe(false);
    expect(
      isForeignKeyViolation(new Error('fk_agenda_item_election'), 'fk_agenda_item_election'),
    ).toBe(false);
    expect(isUniqueViolation(missing)).toBe(false);
  });
});
