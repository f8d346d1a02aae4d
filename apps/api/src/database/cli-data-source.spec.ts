import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '@council/database';
import { createCliDataSource } from './cli-data-source';

// The DataSource of the TypeORM CLI on the embedded engine. Found by review: `migration:revert`
// destroys it without exiting, and the engine it had started kept the process alive for ever,
// with the data directory locked against the portal.
describe('the TypeORM CLI data source on the embedded engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'council-cli-source-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops the engine, and frees its data directory, when it is destroyed', async () => {
    const saved = { url: process.env.DATABASE_URL, dir: process.env.DATA_DIR };
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = dataDir;
    try {
      const dataSource = await createCliDataSource();
      await dataSource.initialize();
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await dataSource.destroy();
    } finally {
      process.env.DATA_DIR = saved.dir;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    }
    // Still open, the directory would be refused (EmbeddedDatabaseInUseError).
    const reopened = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
    await reopened.stop();
  }, 60_000);
});
