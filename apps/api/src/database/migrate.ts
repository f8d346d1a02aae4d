import { DataSource } from 'typeorm';
import { DatabaseSettings, buildDataSourceOptions } from '@council/database';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

export function createDataSource(settings: DatabaseSettings): DataSource {
  return new DataSource(buildDataSourceOptions(settings, ENTITIES, MIGRATIONS));
}

// TypeORM takes no lock while migrating, so we take one: several instances starting together run
// the pending migrations once.
const MIGRATION_LOCK = 0x0a0d18;

export async function runMigrations(settings: DatabaseSettings): Promise<string[]> {
  const dataSource = createDataSource({ ...settings, poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
