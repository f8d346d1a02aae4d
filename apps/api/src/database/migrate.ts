import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { DataSource, MigrationExecutor } from 'typeorm';
import {
  DatabaseSettings,
  assertSessionSettings,
  buildDataSourceOptions,
  readOnlyReason,
} from '@council/database';
import { MIGRATIONS } from '../../../../migrations';
import { missingPrivileges } from './app-role';
import { ENTITIES } from './entities';

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings, ENTITIES, MIGRATIONS));
}

// Start-up steps that several instances starting together must run once, one after the other:
// TypeORM takes no lock while migrating, and the demo data is loaded in several transactions.
const MIGRATION_LOCK = 0x0a0d18;
export const DEMO_DATA_LOCK = 0x0a0d19;
const LOCK_NAMES: Record<number, string> = {
  [MIGRATION_LOCK]: 'its migrations',
  [DEMO_DATA_LOCK]: 'its demo data',
};

const logger = new Logger('Database');

// How long an instance waits for another's migrations or demo data: long (a migration of a large
// table, a slow machine), but bounded.
const STARTUP_WAIT_MS = 10 * 60_000;
const STARTUP_LOCK_POLL_MS = 250;

// Runs `work` while holding a session-level advisory lock on a connection of its own, so the work
// itself may use any connection of the app's pool.
export async function withStartupLock<T>(
  settings: DatabaseSettings,
  lock: number,
  work: (lockHolder: DataSource) => Promise<T>,
): Promise<T> {
  // Neither the app's lock timeout nor its statement timeout may cut the work short (found by
  // review: an instance gave up after 5 s): a migration of a large table may take minutes.
  const dataSource = createDataSource({
    ...settings,
    poolSize: 1,
    statementTimeoutMs: Math.max(settings.statementTimeoutMs, STARTUP_WAIT_MS),
    lockTimeoutMs: STARTUP_WAIT_MS,
  });
  await dataSource.initialize();
  try {
    await acquirePolling(dataSource, lock);
    // The work (a migration's DDL) waits for the tables' locks as the app would: a migration queued
    // behind a long transaction would otherwise hold up every query on that table meanwhile.
    await dataSource.query(`SELECT set_config('lock_timeout', $1, false)`, [
      `${settings.lockTimeoutMs}ms`,
    ]);
    // On failure the lock is not released by a statement: the work may have left the one
    // connection checked out (TypeORM's migration runner does when creating its table fails), and
    // the unlock would then wait for a connection and replace the real error with "timeout
    // exceeded when trying to connect". Closing the connection (destroy, below) releases the lock.
    const result = await work(dataSource);
    await dataSource.query('SELECT pg_advisory_unlock($1)', [lock]);
    return result;
  } finally {
    await dataSource.destroy();
  }
}

// Waits for the lock by asking again and again, with no statement running in between: a waiting
// pg_advisory_lock is a transaction that CREATE INDEX CONCURRENTLY, run by the holder's migration,
// waits for in turn, and PostgreSQL ends the cycle as a deadlock (found by review: of instances
// starting together on a database with such a migration pending, all but one failed).
async function acquirePolling(dataSource: DataSource, lock: number): Promise<void> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (let attempt = 0; ; attempt += 1) {
    const [{ acquired }]: Array<{ acquired: boolean }> = await dataSource.query(
      'SELECT pg_try_advisory_lock($1) AS acquired',
      [lock],
    );
    if (acquired) return;
    // Once, so that an instance waiting for minutes says why (found by review: it printed nothing).
    if (attempt === 0) {
      logger.log(
        `Waiting for another instance's start-up (${LOCK_NAMES[lock] ?? 'start-up lock'}), up to ${STARTUP_WAIT_MS / 60_000} minutes`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `another instance held the start-up lock for over ${STARTUP_WAIT_MS / 60_000} minutes`,
      );
    }
    await delay(STARTUP_LOCK_POLL_MS);
  }
}

export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  return withStartupLock(settings, MIGRATION_LOCK, async (dataSource) => {
    const applied = (await dataSource.runMigrations({ transaction: 'each' })).map(
      (migration) => migration.name,
    );
    logger.log(
      applied.length > 0
        ? `Migrations applied: ${applied.join(', ')}`
        : 'Database schema up to date: no migration pending',
    );
    return applied;
  });
}

export type MigrationsAtStart = 'run' | 'check';

// `run`: the portal migrates its database at start-up. `check`: it changes no schema (its role
// may own nothing, see app-role.ts) and refuses to start until the migrations are applied and the
// grants given, saying which are missing, rather than failing on the first request.
export async function prepareSchema(
  settings: DatabaseSettings,
  mode: MigrationsAtStart,
): Promise<void> {
  const dataSource = createDataSource({ ...settings, poolSize: 1 });
  await dataSource.initialize();
  try {
    // Before anything else: the connections really have the timeouts, TimeZone and DateStyle the
    // portal asked for (a pooler may drop them, see session-settings.ts).
    await assertSessionSettings(dataSource, settings);
    // A standby (DATABASE_URL still naming the old primary after a switchover) would let the
    // portal start, answer reads and fail every write, log-ins included.
    const readOnly = await readOnlyReason(dataSource);
    if (readOnly) {
      throw new SchemaNotReadyError(
        `The database server is read-only: ${readOnly}; DATABASE_URL must reach the primary`,
      );
    }
    if (mode === 'run') {
      await dataSource.destroy();
      await runMigrations(settings);
      return;
    }
    // Privileges first: TypeORM looks for its migrations table in information_schema, which
    // hides tables the role may not read, and a role without grants would be told that every
    // migration is pending.
    const missing = await missingPrivileges(dataSource);
    if (missing.length > 0) {
      throw new SchemaNotReadyError(
        `MIGRATIONS_AT_START=check: the database role lacks ${listed(missing)}; run npm run db:grant-app-role as the schema's owner first`,
      );
    }
    const executor = new MigrationExecutor(dataSource);
    const pending = (await executor.getPendingMigrations()).map((migration) => migration.name);
    if (pending.length > 0) {
      throw new SchemaNotReadyError(
        `MIGRATIONS_AT_START=check: ${pending.length} migration(s) not applied (${pending.join(', ')}); run npm run migration:run as the schema's owner first`,
      );
    }
    // A database migrated by a newer release (the code rolled back since): its schema may refuse
    // this code's writes.
    const known = new Set(
      dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name),
    );
    const unknown = (await executor.getExecutedMigrations())
      .map((migration) => migration.name)
      .filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new SchemaNotReadyError(
        `MIGRATIONS_AT_START=check: the database holds ${unknown.length} migration(s) this code does not know (${listed(unknown)}); start the release that applied them, or revert them as the schema's owner`,
      );
    }
    logger.log('Database schema up to date (checked, not migrated)');
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

function listed(items: string[], shown = 6): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

export class SchemaNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaNotReadyError';
  }
}
