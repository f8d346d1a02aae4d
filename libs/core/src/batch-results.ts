// For DataLoaders, which want one answer per key asked, in the order asked.

// The row of each id, or null where none was found.
export function alignById<T>(
  ids: readonly string[],
  rows: readonly T[],
  keyOf: (row: T) => string,
): Array<T | null> {
  const byId = new Map(rows.map((row) => [keyOf(row), row]));
  return ids.map((id) => byId.get(id) ?? null);
}

// The rows of each key, in the order of the rows; rows of keys not asked for are left out.
export function groupBy<T>(
  keys: readonly string[],
  rows: readonly T[],
  keyOf: (row: T) => string,
): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
