import { Client } from 'pg';
import { TestApp, createTestApp } from './support/test-app';

// Found by review, when the statements of every request were named (prepared once per connection):
// on the embedded engine a new connection met the statements its predecessor had left in the one
// PGlite session, and on PostgreSQL a column changed by another instance's migration broke them.
// Requests must answer across both.
describe('requests across a replaced connection and a schema change (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const QUERY = '{ me { id fullName organization { name shortName } } }';

  it('answers after the pool replaced its connection (as after 30 s idle)', async () => {
    const member = await t.factory.member();
    const token = await t.factory.tokenFor(member);
    expect((await t.client.request(QUERY, undefined, token)).errors).toBeUndefined();
    const pool = (
      t.dataSource.driver as unknown as {
        master: { connect(): Promise<{ release(destroy: boolean): void }> };
      }
    ).master;
    (await pool.connect()).release(true);
    expect((await t.client.request(QUERY, undefined, token)).errors).toBeUndefined();
  });

  (process.env.DATABASE_URL ? it : it.skip)(
    'answers after another session changed a column the request reads',
    async () => {
      const member = await t.factory.member();
      const token = await t.factory.tokenFor(member);
      expect((await t.client.request(QUERY, undefined, token)).errors).toBeUndefined();
      const other = new Client({ connectionString: t.database.url });
      await other.connect();
      try {
        await other.query(`ALTER TABLE organization ALTER COLUMN short_name TYPE text COLLATE "C"`);
      } finally {
        await other.end();
      }
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await t.client.request(QUERY, undefined, token)).errors).toBeUndefined();
      }
    },
  );
});
