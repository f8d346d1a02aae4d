import type { AppConfig } from '@council/config';
import type { DatabaseSettings } from './data-source-options';

export function databaseSettingsFrom(config: AppConfig, url: string): DatabaseSettings {
  return {
    url,
    // DOMAIN of pglite-socket: one connection only (see embedded-postgres.ts).
    poolSize: config.isEmbeddedDatabase ? 1 : config.DB_POOL_SIZE,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: config.DB_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}
