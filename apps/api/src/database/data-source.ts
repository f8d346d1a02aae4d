// The DataSource the TypeORM CLI uses (migration:generate / run / revert). Without DATABASE_URL it
// opens the embedded database in DATA_DIR, like the app.
import { join } from 'node:path';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom, startEmbeddedPostgres } from '@council/database';
import { createDataSource } from './migrate';

async function create() {
  const config = loadConfig();
  let url = config.DATABASE_URL;
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: join(config.DATA_DIR, 'pglite'),
      unref: true,
    });
    url = embedded.url;
  }
  return createDataSource(databaseSettingsFrom(config, url));
}

export default create();
