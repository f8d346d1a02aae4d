import { NameCollation1764700000000 } from '../migrations/1764700000000-NameCollation';
import { runMigrationStep } from './support/migration-steps';
import { TestApp, createTestApp } from './support/test-app';

// The migration that sorts names with ICU and makes organisation names unique regardless of
// case: down and up again keep the data; organisations that differ only in case stop it with a
// message naming them, and nothing changes.
describe('migration: name collation (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const inTransaction = (step: 'up' | 'down') =>
    runMigrationStep(t, new NameCollation1764700000000(), step);
  const collations = async () =>
    (
      await t.dataSource.query(
        `SELECT table_name, collation_name FROM information_schema.columns
          WHERE (table_name, column_name) IN (('member', 'full_name'), ('organization', 'name'))
          ORDER BY table_name`,
      )
    ).map((row: { collation_name: string | null }) => row.collation_name);

  it('goes down and up again, and names the organisations that would clash', async () => {
    expect(await collations()).toEqual(['und-x-icu', 'und-x-icu']);
    await inTransaction('down');
    expect(await collations()).toEqual([null, null]);
    await t.factory.organization('Кластер Север');
    await t.factory.organization('КЛАСТЕР СЕВЕР');

    await expect(inTransaction('up')).rejects.toThrow(
      /differ only in case: 'КЛАСТЕР СЕВЕР' \(id [0-9a-f-]+\), 'Кластер Север'/,
    );
    expect(await collations()).toEqual([null, null]);

    await t.dataSource.query(
      `UPDATE organization SET name = 'Кластер Юг' WHERE name = 'КЛАСТЕР СЕВЕР'`,
    );
    await inTransaction('up');
    expect(await collations()).toEqual(['und-x-icu', 'und-x-icu']);
    const names = await t.dataSource.query(`SELECT name FROM organization ORDER BY name`);
    expect(names.map((row: { name: string }) => row.name)).toEqual(['Кластер Север', 'Кластер Юг']);
  });
});
