import { DataSource } from 'typeorm';
import { DatabaseSettings, buildDataSourceOptions } from '@council/database';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings, ENTITIES, MIGRATIONS));
}

// Start-up steps that several instances starting together must run once, one after the other:
// TypeORM takes no lock while migrating, and the demo data is loaded in several transactions.
const MIGRATION_LOCK = 0x0a0d18;
export const DEMO_DATA_LOCK = 0x0a0d19;

// How long an instance waits for another's migrations or demo data: long (a migration of a large
// table, a slow machine), but bounded.
const STARTUP_WAIT_MS = 10 * 60_000;

// Runs `work` while holding a session-level advisory lock on a connection of its own, so the work
// itself may use any connection of the app's pool.
export async function withStartupLock<T>(
  settings: DatabaseSettings,
  lock: number,
  work: (lockHolder: DataSource) => Promise<T>,
): Promise<T> {
  // The wait for the lock is a statement waiting for a lock: neither the app's lock timeout nor its
  // statement timeout may cut it short (found by review: an instance gave up after 5 s). The work
  // keeps the longer statement timeout: a migration of a large table may take minutes.
  const dataSource = createDataSource({
    ...settings,
    poolSize: 1,
    statementTimeoutMs: Math.max(settings.statementTimeoutMs, STARTUP_WAIT_MS),
    lockTimeoutMs: STARTUP_WAIT_MS,
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [lock]);
    // The work (a migration's DDL) waits for the tables' locks as the app would: a migration queued
    // behind a long transaction would otherwise hold up every query on that table meanwhile.
    await dataSource.query(`SELECT set_config('lock_timeout', $1, false)`, [
      `${settings.lockTimeoutMs}ms`,
    ]);
    try {
      return await work(dataSource);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [lock]);
    }
  } finally {
    await dataSource.destroy();
  }
}

export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  return withStartupLock(settings, MIGRATION_LOCK, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}
