import { DomainError } from './domain-error';
import { CursorKind, MAX_CURSOR_LENGTH, buildPage, cursorPart, pageWindow } from './pagination';
import { canonicalJson } from './canonical-json';

const ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
const meetings = new CursorKind('meetings', [cursorPart.instant, cursorPart.id]);
const audit = new CursorKind('auditLog', [cursorPart.sequence]);

describe('pagination', () => {
  it('pages by key: a cursor holds the key of its item and the next page starts after it', () => {
    expect(pageWindow({}, audit)).toEqual({ limit: 20, after: null });
    const rows = [{ seq: '9' }, { seq: '8' }, { seq: '7' }];
    const page = buildPage(rows, 10, { limit: 2, after: null }, audit, (row) => [row.seq]);
    expect(page.items).toEqual([{ seq: '9' }, { seq: '8' }]);
    expect(page.hasNextPage).toBe(true);
    expect(pageWindow({ first: 2, after: page.cursors[1] }, audit)).toEqual({
      limit: 2,
      after: ['8'],
    });
    const last = buildPage(rows.slice(2), 10, { limit: 2, after: ['8'] }, audit, (row) => [
      row.seq,
    ]);
    expect(last).toMatchObject({ items: [{ seq: '7' }], hasNextPage: false, totalCount: 10 });
  });

  it('refuses parts PostgreSQL would not take: NUL in a name, a seq past bigint, a revision past int', () => {
    const names = new CursorKind('members', [cursorPart.text, cursorPart.id]);
    expect(() => pageWindow({ after: names.encode(['a\u0000b', ID]) }, names)).toThrow(DomainError);
    expect(() => pageWindow({ after: audit.encode(['9999999999999999999']) }, audit)).toThrow(
      DomainError,
    );
    expect(pageWindow({ after: audit.encode(['9223372036854775807']) }, audit).after).toEqual([
      '9223372036854775807',
    ]);
    const revisions = new CursorKind('agendaChanges', [cursorPart.integer]);
    expect(pageWindow({ after: revisions.encode(['2147483647']) }, revisions).after).toEqual([
      '2147483647',
    ]);
    for (const part of ['2147483648', '-1', '1.5', '']) {
      expect(() => pageWindow({ after: revisions.encode([part]) }, revisions)).toThrow(DomainError);
    }
  });

  // Found by review: Node's decoder skipped what follows a cursor, so a valid cursor with 2,000
  // characters appended passed the check made before a mutation runs, and the schema's length
  // limit refused it only after the mutation had committed.
  it('reads a cursor only exactly as encoded, and never a long one', () => {
    const cursor = audit.encode(['8']);
    const refused = (after: string) => () => pageWindow({ after }, audit);
    expect(refused(`${cursor}!`)).toThrow(expect.objectContaining({ reason: 'INVALID_CURSOR' }));
    expect(refused(`${cursor}=`)).toThrow(expect.objectContaining({ reason: 'INVALID_CURSOR' }));
    expect(refused(`${cursor}${'!'.repeat(MAX_CURSOR_LENGTH)}`)).toThrow(
      expect.objectContaining({ reason: 'INVALID_CURSOR' }),
    );
    const names = new CursorKind('members', [cursorPart.text, cursorPart.id]);
    const long = names.encode(['я'.repeat(MAX_CURSOR_LENGTH), ID]);
    expect(() => pageWindow({ after: long }, names)).toThrow(
      expect.objectContaining({ reason: 'INVALID_CURSOR' }),
    );
    // Exactly as encoded and each part valid, but longer than the argument's limit: refused here,
    // before a mutation runs, not by the schema's limit after it has committed.
    const escaped = names.encode(['"'.repeat(1000), ID]);
    expect(escaped.length).toBeGreaterThan(MAX_CURSOR_LENGTH);
    expect(() => pageWindow({ after: escaped }, names)).toThrow(
      expect.objectContaining({ reason: 'INVALID_CURSOR' }),
    );
  });

  it('keeps every part of a key, Unicode included', () => {
    const key = ['2026-03-13T07:00:00.123456Z', ID];
    expect(meetings.decode(meetings.encode(key))).toEqual(key);
    const names = new CursorKind('members', [cursorPart.text, cursorPart.id]);
    const name = ['Ёлкина Анна 👩‍💼 "Кавычки" \\', ID];
    expect(names.decode(names.encode(name))).toEqual(name);
    // The longest names a member may have (200 UTF-16 units) fit the argument's limit.
    for (const longest of ['"'.repeat(200), 'Ж'.repeat(200), '𝔸'.repeat(100)]) {
      expect(names.encode([longest, ID]).length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
    }
  });

  it.each([
    ['a page size over the maximum', { first: 101 }],
    ['a negative page size', { first: -1 }],
    ['a fractional page size', { first: 1.5 }],
    ['garbage', { after: 'garbage' }],
    ['a cut cursor', { after: meetings.encode(['2026-03-13T07:00:00.000000Z', ID]).slice(1) }],
    ['a cursor of another list', { after: audit.encode(['12']) }],
    ['a key with a part missing', { after: meetings.encode(['2026-03-13T07:00:00.000000Z']) }],
    [
      'a key with a part too many',
      { after: meetings.encode(['2026-03-13T07:00:00.000000Z', ID, ID]) },
    ],
    ['a key with a malformed id', { after: meetings.encode(['2026-03-13T07:00:00.000000Z', 'x']) }],
    [
      'a key with an impossible instant',
      { after: meetings.encode(['2026-13-45T07:00:00.000000Z', ID]) },
    ],
    ['a key of numbers', { after: Buffer.from('meetings:[1,2]').toString('base64url') }],
    ['30 February', { after: meetings.encode(['2026-02-30T07:00:00.000000Z', ID]) }],
    ['year 0', { after: meetings.encode(['0000-01-01T00:00:00.000000Z', ID]) }],
    ['25 o’clock', { after: meetings.encode(['2026-02-10T25:00:00.000000Z', ID]) }],
  ])('refuses %s as BAD_USER_INPUT', (_, request) => {
    expect(() => pageWindow(request, meetings)).toThrow(DomainError);
  });

  it('takes a real calendar date as a key part, and nothing else', () => {
    const dated = new CursorKind('dated', [cursorPart.date, cursorPart.id]);
    const key = ['2028-02-29', ID];
    expect(pageWindow({ after: dated.encode(key) }, dated).after).toEqual(key);
    for (const date of ['2027-02-29', '2027-13-01', '0000-01-01', '2027-1-01', '2027-01-01T00']) {
      expect(() => pageWindow({ after: dated.encode([date, ID]) }, dated)).toThrow(DomainError);
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});

it('has no next page after a last page that is exactly full', () => {
  const rows = [{ seq: '2' }, { seq: '1' }];
  const page = buildPage(rows, 2, { limit: 2, after: null }, audit, (row) => [row.seq]);
  expect(page.items).toHaveLength(2);
  expect(page.hasNextPage).toBe(false);
});
