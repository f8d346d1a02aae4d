import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@council/database';
import { main as auditVerify } from '../apps/api/src/cli/audit-verify';
import { scheduleMeeting } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// What the council reads must not depend on the database's DateStyle (nor on the server's time
// zone: libs/database/src/data-source-options.spec.ts, since Jest keeps process.env.TZ from Node).
// PostgreSQL only: the embedded engine ignores connection options and always speaks ISO.
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('dates whatever the database’s DateStyle (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const MEETING = `query($id: ID!) { meeting(id: $id) { startsAt } }`;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-03-01T09:00:00Z');
    leaders = await t.factory.leadership('2027-H1');
  });
  afterAll(() => t.close());

  it('reads timestamps on a database whose DateStyle is not ISO', async () => {
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-04-01T07:30:00Z',
    });
    const [{ database }] = await t.dataSource.query('SELECT current_database() AS database');
    await t.dataSource.query(`ALTER DATABASE "${database}" SET DateStyle = 'SQL, DMY'`);
    try {
      // New connections, which take the database's settings.
      await t.dataSource.destroy();
      await t.dataSource.initialize();
      const [{ style }] = await t.dataSource.query('SELECT current_setting($1) AS style', [
        'DateStyle',
      ]);
      expect(style).toMatch(/^ISO,/);
      const read = await t.client.ok(MEETING, { id: meeting.id }, leaders.secretary.token);
      expect(read.meeting.startsAt).toBe('2027-04-01T07:30:00.000Z');
    } finally {
      await t.dataSource.query(`ALTER DATABASE "${database}" RESET DateStyle`);
    }
  });

  it('keeps UTC and ISO when the database address carries options of its own', async () => {
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-04-02T07:30:00Z',
    });
    const [{ database }] = await t.dataSource.query('SELECT current_database() AS database');
    await t.dataSource.query(`ALTER DATABASE "${database}" SET DateStyle = 'SQL, DMY'`);
    await t.dataSource.query(`ALTER DATABASE "${database}" SET TimeZone = 'America/New_York'`);
    // libpq's `options` in the address (a search_path, a provider's routing option such as
    // Neon's endpoint=…) is a setting of the deployment, not a reason to read other timestamps.
    const url = new URL(t.database.url);
    url.searchParams.set('options', '-c search_path=public');
    const settings = {
      url: url.toString(),
      poolSize: 1,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 5000,
      lockTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 5000,
    };
    const other = new DataSource(buildDataSourceOptions(settings, [], []));
    await other.initialize();
    try {
      const [row] = await other.query(
        `SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS style,
                current_setting('search_path') AS path, starts_at FROM meeting WHERE id = $1`,
        [meeting.id],
      );
      expect(row.path).toBe('public');
      expect(row.zone).toBe('UTC');
      expect(row.style).toMatch(/^ISO,/);
      expect(row.starts_at).toEqual(new Date('2027-04-02T07:30:00.000Z'));
    } finally {
      await other.destroy();
      await t.dataSource.query(`ALTER DATABASE "${database}" RESET DateStyle`);
      await t.dataSource.query(`ALTER DATABASE "${database}" RESET TimeZone`);
    }
  });

  it('lets audit:verify find the chain intact when the address carries options of its own', async () => {
    await scheduleMeeting(t, leaders.secretary.token, { startsAt: '2027-04-03T07:30:00Z' });
    const [{ database }] = await t.dataSource.query('SELECT current_database() AS database');
    await t.dataSource.query(`ALTER DATABASE "${database}" SET DateStyle = 'SQL, DMY'`);
    const url = new URL(t.database.url);
    url.searchParams.set('options', '-c search_path=public');
    const saved = { url: process.env.DATABASE_URL, exitCode: process.exitCode };
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    process.env.DATABASE_URL = url.toString();
    let exitCode: typeof process.exitCode;
    try {
      await auditVerify([]);
      exitCode = process.exitCode;
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.env.DATABASE_URL = saved.url;
      process.exitCode = saved.exitCode;
      await t.dataSource.query(`ALTER DATABASE "${database}" RESET DateStyle`);
    }
    expect(written.join('')).toMatch(/^audit chain intact/);
    expect(exitCode).toBe(0);
  });
});
