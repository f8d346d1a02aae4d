import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@council/database';
import { withDatabase } from '@council/testing';
import { runMigrations } from '../apps/api/src/database/migrate';

const settings = (url: string) => ({
  url,
  poolSize: 1,
  connectTimeoutMs: 10_000,
  statementTimeoutMs: 60_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 60_000,
});

// Migrates once, into a template that every test file copies (TypeORM takes no migration lock, so
// workers must not migrate concurrently). With DATABASE_URL the template is a database on that
// server; without it, a dump of an embedded engine.
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  process.env.COUNCIL_TEST_RUN = runId;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const template = `council_tmpl_${runId}`;
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${template}"`);
    } finally {
      await client.end();
    }
    await runMigrations(settings(withDatabase(serverUrl, template)));
    process.env.COUNCIL_TEST_ADMIN_URL = serverUrl;
    process.env.COUNCIL_TEST_TEMPLATE = template;
    return;
  }
  const embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
  try {
    await runMigrations(settings(embedded.url));
    const dump = await embedded.db.dumpDataDir('none');
    const file = join(tmpdir(), `council-test-${runId}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    process.env.COUNCIL_TEST_PGLITE_DUMP = file;
  } finally {
    await embedded.stop();
  }
}
