import { QueryCounter, namedStatement, runNamed } from '@council/database';
import { TestApp, createTestApp } from './support/test-app';

// The statements run on nearly every request (the session check, a ballot, the rows of an agenda
// page) are named, so PostgreSQL parses and plans each once per connection. They go through
// TypeORM, which hands pg the query config as it is: this pins that it still does.
describe('named statements (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const MEMBERS = namedStatement(
    'test_member_ids',
    'SELECT id FROM member WHERE id = ANY($1::uuid[]) ORDER BY id',
  );

  it('prepares a statement once per connection, runs it with the values of each call, and counts it', async () => {
    const [first, second] = [await t.factory.member(), await t.factory.member()];
    await t.dataSource.transaction(async (manager) => {
      const before = QueryCounter.count;
      expect(await runNamed(manager, MEMBERS, [[first.id]])).toEqual([{ id: first.id }]);
      expect(await runNamed(manager, MEMBERS, [[second.id]])).toEqual([{ id: second.id }]);
      expect(QueryCounter.count - before).toBe(2);
      const prepared = await manager.query(
        `SELECT name, statement FROM pg_prepared_statements WHERE name = $1`,
        [MEMBERS.name],
      );
      expect(prepared).toEqual([{ name: MEMBERS.name, statement: MEMBERS.text }]);
    });
  });

  it('keeps the connection usable after the statement fails', async () => {
    await expect(runNamed(t.dataSource, MEMBERS, [['not-a-uuid']])).rejects.toMatchObject({
      driverError: { code: '22P02' },
    });
    expect(await runNamed(t.dataSource, MEMBERS, [[]])).toEqual([]);
  });

  it('refuses a second text under a name already taken', () => {
    expect(() => namedStatement(MEMBERS.name, 'SELECT 1')).toThrow(/Two different statements/);
    expect(namedStatement(MEMBERS.name, MEMBERS.text)).toEqual(MEMBERS);
  });
});
