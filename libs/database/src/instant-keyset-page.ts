import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CursorKind, Page, PageWindow, buildPage, cursorInstantSql } from '@council/core';

export interface InstantKeysetOptions {
  // The alias `listed` is called with for the page (the total is counted under another).
  alias: string;
  // The timestamptz column the list is ordered by, then by id.
  instantColumn: string;
  direction: 'ASC' | 'DESC';
  window: PageWindow;
  kind: CursorKind;
}

// A page of a list ordered by (an instant, id), keyed by cursors of [instant, id]. `listed(alias)`
// selects the list's rows, whatever page: it gives the page and its total alike. One statement
// for the page and its total; a second only for a page past the end. One row more than the page
// tells whether another follows (and keeps LIMIT from being 0, which TypeORM reads as no limit).
export async function instantKeysetPage<T extends ObjectLiteral & { id: string }>(
  listed: (alias: string) => SelectQueryBuilder<T>,
  { alias, instantColumn, direction, window, kind }: InstantKeysetOptions,
): Promise<Page<T>> {
  const column = `${alias}.${instantColumn}`;
  const selection = listed(alias)
    .addSelect(cursorInstantSql(column), 'cursor_instant')
    .addSelect(`(${listed('counted').select('count(*)').getQuery()})`, 'total_count')
    .orderBy(column, direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(window.limit + 1);
  if (window.after) {
    const [afterInstant, afterId] = window.after;
    const key = '(CAST(:afterInstant AS timestamptz), CAST(:afterId AS uuid))';
    const after = direction === 'ASC' ? '>' : '<';
    selection.andWhere(`(${column}, ${alias}.id) ${after} ${key}`, { afterInstant, afterId });
  }
  const { entities, raw } = await selection.getRawAndEntities<Record<string, string | number>>();
  const total = raw.length > 0 ? Number(raw[0].total_count) : await listed(alias).getCount();
  // The exact instant (a Date keeps milliseconds only) of each row, for its cursor.
  const instants = new Map(raw.map((row) => [row[`${alias}_id`], String(row.cursor_instant)]));
  return buildPage(entities, total, window, kind, (item) => [instants.get(item.id)!, item.id]);
}
