import { Client } from 'pg';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom } from '@council/database';
import { acquireTestDatabase } from '@council/testing';
import { prepareSchema, withStartupLock } from '../apps/api/src/database/migrate';
import { SCHEDULE } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Found by review (HA): after a switchover or failover (Patroni, a managed service), the portal's
// connections may land on a server that is read-only: the old primary restarted as a standby while
// DNS or a proxy still points at it, or a provider that fences a full volume with
// default_transaction_read_only. Every write then fails with SQLSTATE 25006. It reached clients as
// a bare INTERNAL_SERVER_ERROR, readiness stayed 200, and the pool kept reusing the connection that
// refused, so writes kept failing after the server was writable again (a busy pool never idles its
// connections out). ALTER DATABASE … SET default_transaction_read_only gives every new session of
// the database the same 25006 that a hot standby answers.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const ME = `{ me { id } }`;

async function sql(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // This session is writable whatever the database's default says.
    await client.query('SET default_transaction_read_only = off');
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

onServer('a database server that is read-only (a standby after a failover)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  const schedule = (title: string) =>
    t.client.request(
      SCHEDULE,
      {
        input: {
          title,
          startsAt: '2027-02-20T11:00:00+03:00',
          location: 'Технопарк',
          format: 'ONLINE',
        },
      },
      leaders.secretary.token,
    );
  const readiness = async () => (await fetch(`${t.baseUrl}/health/ready`)).status;

  // The app's sessions reconnect after the change, as after the old primary restarted as a standby.
  const readOnly = async (on: boolean) => {
    const name = databaseName(t.database.url);
    if (!on) {
      await sql(t.database.url, `ALTER DATABASE "${name}" RESET default_transaction_read_only`);
      return;
    }
    await sql(t.database.url, `ALTER DATABASE "${name}" SET default_transaction_read_only = on`);
    await sql(
      t.database.url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first request may meet a session that was terminated under it.
    await t.client.request(ME, undefined, leaders.member.token);
  };

  it('refuses writes as retryable, still reads, and writes again once writable', async () => {
    await readOnly(true);
    try {
      const write = await schedule('Заседание на резервном сервере');
      expect(write.errors?.[0]?.extensions).toMatchObject({
        code: 'INTERNAL_SERVER_ERROR',
        reason: 'DATABASE_UNAVAILABLE',
        retryable: true,
      });
      const login = await t.client.request(LOGIN, {
        input: { email: leaders.member.member.email, password: TEST_PASSWORD },
      });
      expect(login.errors?.[0]?.extensions).toMatchObject({
        reason: 'DATABASE_UNAVAILABLE',
        retryable: true,
      });
      expect((await t.client.request(ME, undefined, leaders.member.token)).errors).toBeUndefined();
    } finally {
      await readOnly(false);
    }

    // Writable again, without a restart: a pooled session that refused a write is not used again
    // (at most one more refusal for each session of the pool, then every write goes through).
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await schedule(`Заседание ${attempt}`);
      outcomes.push(response.errors ? String(response.errors[0]?.extensions?.reason) : 'OK');
    }
    expect(outcomes.slice(-4)).toEqual(['OK', 'OK', 'OK', 'OK']);
    expect(outcomes.filter((outcome) => outcome !== 'OK')).toEqual(
      outcomes.filter((outcome) => outcome === 'DATABASE_UNAVAILABLE'),
    );
  });

  it('answers readiness 503 while the server is read-only, 200 once it is writable', async () => {
    expect(await readiness()).toBe(200);
    await readOnly(true);
    try {
      expect(await readiness()).toBe(503);
    } finally {
      await readOnly(false);
    }
    expect(await readiness()).toBe(200);
  });

  it('refuses to start on it, with one line saying so (MIGRATIONS_AT_START=run and check)', async () => {
    const database = await acquireTestDatabase();
    const name = databaseName(database.url);
    try {
      await sql(database.url, `ALTER DATABASE "${name}" SET default_transaction_read_only = on`);
      const settings = databaseSettingsFrom(
        loadConfig({ DATABASE_URL: database.url }),
        database.url,
      );
      for (const mode of ['run', 'check'] as const) {
        await expect(prepareSchema(settings, mode)).rejects.toThrow(
          /^The database server is read-only/,
        );
      }
    } finally {
      await sql(database.url, `ALTER DATABASE "${name}" RESET default_transaction_read_only`);
      await database.release();
    }
  });
});

// Found by review: on a standby (and for a role without CREATE on an empty database), start-up
// with MIGRATIONS_AT_START=run said only "timeout exceeded when trying to connect". TypeORM's
// migration runner keeps its connection when creating its table fails; the start-up lock's unlock
// then waited for the one connection and its timeout replaced the real error.
describe('a start-up step that fails while holding its connection', () => {
  it('reports its own error, not the unlock waiting for a connection', async () => {
    const database = await acquireTestDatabase();
    try {
      const settings = {
        ...databaseSettingsFrom(loadConfig({ DATABASE_URL: database.url }), database.url),
        connectTimeoutMs: 1000,
      };
      await expect(
        withStartupLock(settings, 0x0a0dff, async (dataSource) => {
          await dataSource.createQueryRunner().connect();
          throw new Error('permission denied for schema public');
        }),
      ).rejects.toThrow('permission denied for schema public');
    } finally {
      await database.release();
    }
  });
});
