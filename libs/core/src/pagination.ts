import { ValidationError } from './domain-error';
import { isUuid } from './ids';
import { isStorableText } from './text';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
// Room for the longest key: a member's name of 200 characters, escaped for JSON, in base64url.
export const MAX_CURSOR_LENGTH = 2048;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  hasNextPage: boolean;
  // Cursor of each item, in the same order as items.
  cursors: string[];
}

// The values of a list's sort key (its last part the id) at one item, as text.
export type CursorKey = readonly string[];

// Keyset pagination: a cursor holds the sort key of the item it stands for, and the next page is
// what sorts after that key. Meetings and the audit log are read newest first, and the newest end
// is where they grow: a position would shift with every meeting published or entry appended between
// two pages, and the next page would repeat items. A key does not shift.
export class CursorKind {
  constructor(
    // Names the list: a cursor of another list is refused rather than read as a position here.
    private readonly list: string,
    // One check per part of the key.
    private readonly parts: ReadonlyArray<(value: string) => boolean>,
  ) {}

  encode(key: CursorKey): string {
    return Buffer.from(`${this.list}:${JSON.stringify(key)}`, 'utf8').toString('base64url');
  }

  decode(cursor: string): CursorKey {
    // Node's decoder skips what is not base64url: only a cursor exactly as encoded is read, and
    // never a long one (the limit the schema's argument also states).
    const bytes = Buffer.from(cursor, 'base64url');
    if (cursor.length > MAX_CURSOR_LENGTH || bytes.toString('base64url') !== cursor) {
      throw invalidCursor();
    }
    const decoded = bytes.toString('utf8');
    const prefix = `${this.list}:`;
    const key = decoded.startsWith(prefix) ? parseKey(decoded.slice(prefix.length)) : null;
    if (!key || key.length !== this.parts.length || !this.parts.every((ok, i) => ok(key[i]))) {
      throw invalidCursor();
    }
    return key;
  }
}

const invalidCursor = () =>
  ValidationError.field('after', 'after is not a cursor of this list', 'INVALID_CURSOR');

function parseKey(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((part) => typeof part === 'string') ? value : null;
  } catch {
    return null;
  }
}

const MAX_BIGINT = 9223372036854775807n;

// Checks for the parts of cursor keys: whatever passes must also be a value PostgreSQL takes.
export const cursorPart = {
  id: isUuid,
  // As PostgreSQL's timestamptz prints it in UTC with microseconds (see cursorInstantSql).
  instant: (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/.exec(value);
    if (!match) return false;
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    // Date.UTC rolls 30 February over into March: a real date reads back the same.
    return (
      year >= 1 &&
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day &&
      date.getUTCHours() === hour &&
      date.getUTCMinutes() === minute &&
      date.getUTCSeconds() === second
    );
  },
  // A calendar date as PostgreSQL prints a `date` (YYYY-MM-DD), a real one.
  date: (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  },
  // A non-negative PostgreSQL integer (int4), e.g. a revision.
  integer: (value: string) => /^\d{1,10}$/.test(value) && Number(value) <= 2147483647,
  // A positive bigint.
  sequence: (value: string) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT,
  // Storable text short enough to be a sort key (names).
  text: (value: string) => value.length <= 1000 && isStorableText(value),
};

// A timestamptz as a cursor part, exact to the microsecond (a JavaScript Date keeps milliseconds, and
// a key rounded off would land between two rows of the same millisecond).
export function cursorInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export interface PageWindow {
  limit: number;
  // The key of the item the page starts after; null for the first page.
  after: CursorKey | null;
}

export function pageWindow(request: PageRequest, kind: CursorKind): PageWindow {
  const first = request.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw ValidationError.field(
      'first',
      `first must be an integer between 0 and ${MAX_PAGE_SIZE}`,
      'PAGE_SIZE_OUT_OF_RANGE',
    );
  }
  return { limit: first, after: request.after ? kind.decode(request.after) : null };
}

// rows: the items after the window's key in the list's order, up to limit + 1 of them (the extra
// one only tells that another page follows).
export function buildPage<T>(
  rows: T[],
  totalCount: number,
  window: PageWindow,
  kind: CursorKind,
  keyOf: (item: T) => CursorKey,
): Page<T> {
  const items = rows.slice(0, window.limit);
  return {
    items,
    totalCount,
    hasNextPage: rows.length > window.limit,
    cursors: items.map((item) => kind.encode(keyOf(item))),
  };
}
