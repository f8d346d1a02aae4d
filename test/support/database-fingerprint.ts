import type { TestApp } from './test-app';

// A digest of every row of every table: equal digests mean nothing was written.
export async function databaseFingerprint(
  t: TestApp,
  exceptTables: string[] = [],
): Promise<string> {
  const tables: Array<{ table_name: string }> = await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts: string[] = [];
  for (const { table_name: table } of tables) {
    if (exceptTables.includes(table)) continue;
    const [row] = await t.dataSource.query(
      `SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest FROM "${table}" r`,
    );
    parts.push(`${table}:${row.digest}`);
  }
  return parts.join(',');
}
