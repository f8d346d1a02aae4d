import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { MixedList, EntitySchema } from 'typeorm';
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

// One definition of how we talk to PostgreSQL, shared by the app, the migration CLI and the tests.
export function buildDataSourceOptions(
  settings: DatabaseSettings,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>,
): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
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
      options: '-c TimeZone=UTC',
    },
  };
}
