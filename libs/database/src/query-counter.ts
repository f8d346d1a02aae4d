import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { Logger } from '@nestjs/common';
import { PG_READ_ONLY_SQL_TRANSACTION, postgresErrorCode } from './postgres-errors';

// Counts the SQL statements the app sends, so tests can assert that a request does a bounded
// number of queries (no N+1). Counting costs one integer increment per statement; the statements'
// texts are kept only while a test asks for them (`recordTexts`).
let statementCount = 0;
let statementTexts: string[] | null = null;

export const QueryCounter = {
  get count(): number {
    return statementCount;
  },
  // The texts sent since the last reset (never their parameters), once recordTexts was called.
  get texts(): readonly string[] {
    return statementTexts ?? [];
  },
  recordTexts(): void {
    statementTexts = [];
  },
  reset(): void {
    statementCount = 0;
    if (statementTexts) statementTexts = [];
  },
};

export class QueryCountingLogger extends AbstractLogger {
  private readonly logger = new Logger('Database');

  override logQuery(query: string): void {
    statementCount += 1;
    statementTexts?.push(query);
  }

  // A session that answered "read-only" (a standby the connection landed on after a failover) is
  // not given back to the pool: pg-pool reuses its most recent connection, so a busy pool would
  // keep sending writes to it long after the route points at the new primary.
  // TypeORM types `error` as a string and passes the driver's Error.
  override logQueryError(
    error: string,
    query: string,
    parameters?: unknown[],
    queryRunner?: QueryRunner,
  ): void {
    super.logQueryError(error, query, parameters, queryRunner);
    const failure: unknown = error;
    // A FATAL error (pg_terminate_backend, a shutdown) ends the session: the server closes the
    // socket just after, and a release before pg has seen it close would pool a dead connection
    // that the next statement (a log-in attempt struck off after this very error) then meets.
    const fatal = (failure as { severity?: unknown } | null)?.severity === 'FATAL';
    if (fatal || postgresErrorCode(failure) === PG_READ_ONLY_SQL_TRANSACTION) {
      discardConnectionOnRelease(queryRunner, failure as Error);
    }
  }

  override logQuerySlow(time: number): void {
    this.logger.warn(`slow query: ${time} ms`);
  }

  protected writeLog(
    level: LogLevel,
    message: LogMessage | LogMessage[],
    _queryRunner?: QueryRunner,
  ): void {
    const messages = Array.isArray(message) ? message : [message];
    for (const entry of messages) {
      // Never log SQL parameters: they may hold hashes, tokens or ballot content.
      if (level === 'error' || level === 'warn') this.logger.warn(String(entry.type ?? level));
    }
  }
}

// TypeORM's PostgresQueryRunner hands its connection back through `releaseCallback(error?)`, and
// pg-pool closes a connection released with an error instead of keeping it.
export function discardConnectionOnRelease(queryRunner: unknown, reason: Error): void {
  const runner = queryRunner as { releaseCallback?: (error?: Error) => void } | undefined;
  const release = runner?.releaseCallback;
  if (!runner || typeof release !== 'function') return;
  runner.releaseCallback = (error?: Error) => release(error ?? reason);
}
