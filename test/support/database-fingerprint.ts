import type { TestApp } from './test-app';

const tableLists = new WeakMap<TestApp, Promise<string[]>>();

// A digest of every row of every table, in one round trip: equal digests mean nothing was written.
export async function databaseFingerprint(
  t: TestApp,
  exceptTables: string[] = [],
): Promise<string> {
  let tables = tableLists.get(t);
  if (!tables) {
    tables = t.dataSource
      .query(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
      .then((rows: Array<{ table_name: string }>) => rows.map((row) => row.table_name));
    tableLists.set(t, tables);
  }
  const selected = (await tables).filter((table) => !exceptTables.includes(table));
  const sql = selected
    .map(
      (table) =>
        `SELECT '${table}' AS t, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS d FROM "${table}" r`,
    )
    .join(' UNION ALL ');
  const rows: Array<{ t: string; d: string }> = await t.dataSource.query(sql);
  return rows.map((row) => `${row.t}:${row.d}`).join(',');
}
