import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

// Fails loudly instead of skipping: without a PostgreSQL server there is no fault suite.
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'npm run test:faults needs DATABASE_URL: a PostgreSQL server where it may create and drop ' +
        'databases (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres). The fault ' +
        'suite never runs on the embedded engine.',
    );
  }
  const main = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run npm run build (npm run test:faults does it first)`);
  }
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `npm run test:faults cannot reach DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.COUNCIL_FAULTS_RUN = `${Date.now().toString(36)}_${process.pid}`;
}
