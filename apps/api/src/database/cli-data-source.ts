// The DataSource the TypeORM CLI uses (migration:generate / run / revert; data-source.ts). Without
// DATABASE_URL it opens the embedded database in DATA_DIR, like the app.
import { DataSource } from 'typeorm';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom, startEmbeddedPostgres } from '@council/database';
import { createDataSource } from './migrate';

export async function createCliDataSource(): Promise<DataSource> {
  const config = loadConfig();
  if (config.DATABASE_URL) {
    return createDataSource(databaseSettingsFrom(config, config.DATABASE_URL));
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, unref: true });
  const dataSource = createDataSource(databaseSettingsFrom(config, embedded.url));
  // The engine stops with the data source (found by review: `migration:revert`, which destroys
  // the data source but does not exit, otherwise ran on for ever, PGlite's own timer keeping the
  // process alive and the data directory locked).
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    try {
      await destroy();
    } finally {
      await embedded.stop();
    }
  };
  return dataSource;
}
