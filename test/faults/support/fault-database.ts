import { Client } from 'pg';

// The app's connections carry this application_name (libs/database/src/data-source-options.ts).
// Every engineer's app uses it, so faults always also filter by the database: we only ever touch
// the connections of a database this suite created.
export const APP_APPLICATION_NAME = 'council-portal';
// The suite's own sessions (lock holders, probes) are named apart, so they are never killed.
export const SUITE_APPLICATION_NAME = 'council-faults';

export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'The fault suite needs DATABASE_URL (a PostgreSQL server where it may create databases), ' +
        'e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:faults',
    );
  }
  return url;
}

export function urlOf(database: string, base = serverUrl()): string {
  const parsed = new URL(base);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: url,
    application_name: SUITE_APPLICATION_NAME,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function runPrefix(): string {
  return `council_faults_${process.env.COUNCIL_FAULTS_RUN ?? `local${process.pid}`}_`;
}

export interface FaultDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

// A database of our own per scenario; dropped afterwards (and by the global teardown if a test
// died before its afterAll).
export async function createFaultDatabase(label: string): Promise<FaultDatabase> {
  const name = `${runPrefix()}${label}`;
  await withClient(serverUrl(), (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: urlOf(name),
    drop: () =>
      withClient(serverUrl(), async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

export interface Backend {
  pid: number;
  state: string | null;
  waitEventType: string | null;
}

// The app's PostgreSQL sessions for one database, seen from pg_stat_activity.
export async function appBackends(database: string): Promise<Backend[]> {
  return withClient(serverUrl(), async (client) => {
    const { rows } = await client.query<{
      pid: number;
      state: string | null;
      wait_event_type: string | null;
    }>(
      `SELECT pid, state, wait_event_type FROM pg_stat_activity
        WHERE datname = $1 AND application_name = $2 AND pid <> pg_backend_pid()`,
      [database, APP_APPLICATION_NAME],
    );
    return rows.map((row) => ({
      pid: row.pid,
      state: row.state,
      waitEventType: row.wait_event_type,
    }));
  });
}

// pg_terminate_backend on the app's sessions of this database only; returns how many it killed.
export async function terminateAppBackends(database: string): Promise<number> {
  return withClient(serverUrl(), async (client) => {
    const { rows } = await client.query<{ terminated: boolean }>(
      `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE datname = $1 AND application_name = $2 AND pid <> pg_backend_pid()`,
      [database, APP_APPLICATION_NAME],
    );
    return rows.filter((row) => row.terminated).length;
  });
}

export interface TableLock {
  release(): Promise<void>;
}

// Another session holds `LOCK TABLE ... IN ACCESS EXCLUSIVE MODE` until released.
export async function lockTable(databaseUrl: string, table: string): Promise<TableLock> {
  const client = new Client({
    connectionString: databaseUrl,
    application_name: SUITE_APPLICATION_NAME,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`LOCK TABLE "${table}" IN ACCESS EXCLUSIVE MODE`);
  } catch (error) {
    await client.end();
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('ROLLBACK');
      } finally {
        await client.end();
      }
    },
  };
}

export async function queryRows<T extends Record<string, unknown>>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(databaseUrl, async (client) => (await client.query<T>(sql, params)).rows);
}
