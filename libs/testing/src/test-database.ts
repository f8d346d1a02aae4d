import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@council/database';

// Each test file gets a database of its own, copied from one migrated in the global setup:
// on PostgreSQL with CREATE DATABASE ... TEMPLATE, on the embedded engine from a data-dir dump.
export interface TestDatabase {
  url: string;
  isEmbedded: boolean;
  release(): Promise<void>;
}

let counter = 0;

// One statement on a connection of its own (creating a database or a role, reading as another
// user), its rows returned.
export async function queryOnce<Row = Record<string, any>>(
  url: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as Row[];
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function acquireTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.COUNCIL_TEST_ADMIN_URL;
  const template = process.env.COUNCIL_TEST_TEMPLATE;
  const dump = process.env.COUNCIL_TEST_PGLITE_DUMP;
  if (adminUrl && template) {
    counter += 1;
    const name = `${template.replace('_tmpl_', '_t_')}_${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${counter}`;
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await client.end();
    }
    return {
      url: withDatabase(adminUrl, name),
      isEmbedded: false,
      async release() {
        const admin = new Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await admin.end();
        }
      },
    };
  }
  if (dump) {
    const embedded = await startEmbeddedPostgres({
      dataDir: 'memory://',
      loadDataDir: new Blob([readFileSync(dump)]),
    });
    return { url: embedded.url, isEmbedded: true, release: () => embedded.stop() };
  }
  throw new Error(
    'No test database: run the tests through jest (test/global-setup.ts prepares one)',
  );
}
