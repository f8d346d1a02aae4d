import { DataSource } from 'typeorm';
import { DatabaseSettings, buildDataSourceOptions } from '@council/database';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings, ENTITIES, MIGRATIONS));
}

// Start-up steps that several instances starting together must run once, one after the other:
// TypeORM takes no lock while migrating, and the demo data is loaded in several transactions.
export const MIGRATION_LOCK = 0x0a0d18;
export const DEMO_DATA_LOCK = 0x0a0d19;

// Runs `work` while holding a session-level advisory lock on a connection of its own, so the work
// itself may use any connection of the app's pool.
export async function withStartupLock<T>(
  settings: DatabaseSettings,
  lock: number,
  work: (lockHolder: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource({ ...settings, poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [lock]);
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
