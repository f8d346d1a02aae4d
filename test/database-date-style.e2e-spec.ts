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
});
