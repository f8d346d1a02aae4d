import { Logger } from '@nestjs/common';
import { defaults as pgDefaults, types as pgTypes } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { MixedList, EntitySchema } from 'typeorm';
import { SESSION_OPTIONS, withSessionOptions } from '@council/core';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { QueryCountingLogger } from './query-counter';

export const QUERY_TIMEOUT_MARGIN_MS = 2000;

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  applicationName?: string;
}

// A calendar date (the `date` type) stays the text PostgreSQL sends, "2027-03-21". pg's default
// makes it a JS Date at local midnight, which TypeORM turns back into text with local getters: in
// a server time zone that skipped that day (Pacific/Apia, 30 December 2011) the date moves.
const DATE_OID = 1082;
const asText = (value: string): string => value;
const keepDatesAsText = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === DATE_OID && format !== 'binary') return asText;
    return pgTypes.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
  },
};

const databaseLogger = new Logger('Database');

// The driver's code and message only (no SQL: an idle connection runs none).
export function logLostConnection(error: Error & { code?: string }): void {
  const cause = [error.code, error.message?.slice(0, 200)].filter(Boolean).join(' ');
  databaseLogger.warn(`A database connection was lost: ${cause}`);
}

// One definition of how we talk to PostgreSQL, shared by the app, the migration CLI and the tests.
export function buildDataSourceOptions(
  settings: DatabaseSettings,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: MixedList<Function | string | EntitySchema>,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function | string>,
): PostgresDataSourceOptions {
  // Instants go to PostgreSQL in UTC. pg's default writes a Date in the server's local time with a
  // whole-minute offset: an instant in a zone whose offset had seconds (Africa/Monrovia, -0:44:30
  // until 1972) would be stored 30 s off. A setting of pg's module, not of a pool, hence here.
  pgDefaults.parseInputDatesAsUTC = true;
  return {
    type: 'postgres',
    url: withSessionOptions(settings.url),
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: ['error'],
    logger: new QueryCountingLogger(),
    // An idle connection ended by the server (restart, failover, pg_terminate_backend). TypeORM's
    // own handler writes at `warn` through the logger above, which `logging: ['error']` silences.
    poolErrorHandler: logLostConnection,
    poolSize: settings.poolSize,
    maxQueryExecutionTime: 1000,
    // pg sets no timeouts by default: a lost database would hang requests forever.
    connectTimeoutMS: settings.connectTimeoutMs,
    extra: {
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: settings.applicationName ?? 'council-portal',
      statement_timeout: settings.statementTimeoutMs,
      // Client-side backstop for what statement_timeout cannot catch: a server or network that
      // stops answering without closing the connection.
      query_timeout: settings.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
      lock_timeout: settings.lockTimeoutMs,
      idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
      types: keepDatesAsText,
      options: SESSION_OPTIONS,
      // Every connection listens for errors from its start. pg-pool hands a new connection over on
      // ReadyForQuery and TypeORM listens only a microtask later: a session terminated as it opens
      // (pg_terminate_backend, a server shutting down) sends ReadyForQuery and FATAL in one packet,
      // and that error, with no listener, ended the process. The holder still sees the failure
      // (its next query fails, the pool drops the connection); this listener only keeps it heard.
      onConnect: (client: { on(event: 'error', listener: () => void): unknown }) => {
        client.on('error', () => undefined);
      },
    },
  };
}
