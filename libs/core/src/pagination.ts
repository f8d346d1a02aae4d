import { ValidationError } from './domain-error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

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

// Opaque cursors encode the position in the ordered list. Offsets are fine for lists ordered by an
// immutable key that only grows at one end (we page newest-first over append-mostly tables).
export function toOffsetWindow(request: PageRequest): { limit: number; offset: number } {
  const first = request.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw ValidationError.field(
      'first',
      `first must be an integer between 0 and ${MAX_PAGE_SIZE}`,
      'PAGE_SIZE_OUT_OF_RANGE',
    );
  }
  const offset = request.after ? decodeCursor(request.after) + 1 : 0;
  return { limit: first, offset };
}

export function buildPage<T>(
  items: T[],
  totalCount: number,
  window: { limit: number; offset: number },
): Page<T> {
  return {
    items,
    totalCount,
    hasNextPage: window.offset + items.length < totalCount,
    cursors: items.map((_, index) => encodeCursor(window.offset + index)),
  };
}

export function encodeCursor(position: number): string {
  return Buffer.from(`pos:${position}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^pos:(\d{1,9})$/.exec(decoded);
  if (!match) {
    throw ValidationError.field('after', 'after is not a valid cursor', 'INVALID_CURSOR');
  }
  return Number(match[1]);
}
