import {
  DecisionOutcome,
  MINUTES_SCHEMA,
  MinutesDocument,
  canonicalMinutes,
  minutesContentHash,
  verifyMinutesChain,
} from './minutes-document';

const MEETING = 'aaaaaaaa-0000-4000-8000-000000000001';
const ITEM = 'bbbbbbbb-0000-4000-8000-000000000002';
const MEMBER = 'cccccccc-0000-4000-8000-000000000003';

function document(overrides: Partial<MinutesDocument> = {}): MinutesDocument {
  return {
    schema: MINUTES_SCHEMA,
    meeting: {
      id: MEETING,
      title: 'Заседание Совета кластеров',
      startsAt: '2019-12-20T08:00:00.000Z',
      location: 'Технопарк Санкт-Петербурга',
    },
    version: 1,
    previousHash: null,
    nonce: 'AAECAwQFBgcICQoLDA0ODw',
    attendance: { activeMembers: 13, present: [MEMBER], absent: [], excused: [] },
    items: [
      {
        agendaItemId: ITEM,
        agendaItemTitle: 'Итоги 2019 года',
        position: 1,
        discussion: 'Доклад Ёлкиной 📊',
        decisions: [
          {
            text: 'Принять к сведению',
            votesFor: 1,
            votesAgainst: 0,
            votesAbstained: 0,
            outcome: DecisionOutcome.ADOPTED,
          },
        ],
        actionItems: [
          {
            id: 'dddddddd-0000-4000-8000-000000000004',
            title: 'Подготовить отчёт',
            assigneeId: MEMBER,
            dueOn: '2020-01-31',
          },
        ],
      },
    ],
    ...overrides,
  };
}

// Rebuilds an object with its keys in reverse order, recursively (same content, other order).
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([key, inner]) => [key, reversedKeys(inner)]),
    );
  }
  return value;
}

describe('minutes seal: SHA-256 over a canonical serialisation', () => {
  it('gives the same hash for the same content whatever the key order', () => {
    const original = document();
    const reordered = reversedKeys(original) as MinutesDocument;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(original));
    expect(canonicalMinutes(reordered)).toBe(canonicalMinutes(original));
    expect(minutesContentHash(reordered)).toBe(minutesContentHash(original));
    expect(minutesContentHash(original)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('survives a JSON round trip (as through jsonb)', () => {
    const original = document();
    const roundTripped = JSON.parse(JSON.stringify(reversedKeys(original))) as MinutesDocument;
    expect(minutesContentHash(roundTripped)).toBe(minutesContentHash(original));
  });

  it.each<[string, (d: MinutesDocument) => void]>([
    ['a character of the discussion', (d) => (d.items[0].discussion += '.')],
    ['a vote count', (d) => (d.items[0].decisions[0].votesAgainst = 1)],
    ['the outcome', (d) => (d.items[0].decisions[0].outcome = DecisionOutcome.REJECTED)],
    ['a due date', (d) => (d.items[0].actionItems[0].dueOn = '2020-02-01')],
    ['the assignee', (d) => (d.items[0].actionItems[0].assigneeId = MEETING)],
    ['the attendance', (d) => d.attendance.excused.push(ITEM)],
    ['the version', (d) => (d.version = 2)],
    ['the previous hash', (d) => (d.previousHash = '0'.repeat(64))],
    ['the nonce', (d) => (d.nonce = 'DwAODQwLCgkIBwYFBAMCAQ')],
    ['the meeting title', (d) => (d.meeting.title = 'Другое заседание')],
    [
      'a Unicode normal form',
      (d) => (d.items[0].discussion = 'Доклад Ёлкиной 📊'.normalize('NFD')),
    ],
  ])('changes the hash when %s changes', (_label, change) => {
    const base = document();
    const changed = document();
    change(changed);
    expect(minutesContentHash(changed)).not.toBe(minutesContentHash(base));
  });

  // Versions stored before schema 3 have no nonce: their bodies and hashes stay as they were, and
  // the chain verifies them, and a schema 3 version after them, unchanged.
  it('keeps the hashes of versions stored under schemas 1 and 2', () => {
    const { nonce: _none, ...rest } = document();
    const v1: MinutesDocument = {
      ...rest,
      schema: 'council-minutes/1',
      meeting: { ...rest.meeting },
    };
    const h1 = minutesContentHash(v1);
    expect(h1).toBe('5a0c693c5e568594521c22f2773e1d166a2eb6ac3b08a9d7c1efecb0305f9ad8');
    const v2: MinutesDocument = {
      ...rest,
      schema: 'council-minutes/2',
      version: 2,
      previousHash: h1,
      meeting: {
        ...rest.meeting,
        publishedAt: '2019-12-10T09:00:00.000Z',
        heldAt: '2019-12-20T08:05:00.000Z',
      },
    };
    const h2 = minutesContentHash(v2);
    expect(h2).toBe('8d7acdc79f1a7cb02dcb65e9461f0bb1de5b56c3fd2aba3246462342d9319783');
    const v3 = document({ version: 3, previousHash: h2 });
    expect(
      verifyMinutesChain([
        { version: 1, previousHash: null, contentHash: h1, body: v1 },
        { version: 2, previousHash: h1, contentHash: h2, body: v2 },
        { version: 3, previousHash: h2, contentHash: minutesContentHash(v3), body: v3 },
      ]),
    ).toBeNull();
  });

  it('verifies a chain of versions and points at the first broken one', () => {
    const v1 = document();
    const h1 = minutesContentHash(v1);
    const v2 = document({ version: 2, previousHash: h1 });
    const h2 = minutesContentHash(v2);
    const stored = [
      { version: 1, previousHash: null, contentHash: h1, body: v1 },
      { version: 2, previousHash: h1, contentHash: h2, body: v2 },
    ];
    expect(verifyMinutesChain(stored)).toBeNull();

    const tampered = document({ version: 2, previousHash: h1 });
    tampered.items[0].discussion = 'Подменённый текст';
    expect(verifyMinutesChain([stored[0], { ...stored[1], body: tampered }])).toMatchObject({
      version: 2,
      problem: 'HASH_MISMATCH',
    });
    expect(
      verifyMinutesChain([stored[0], { ...stored[1], previousHash: '1'.repeat(64) }]),
    ).toMatchObject({ version: 2, problem: 'PREVIOUS_HASH_MISMATCH' });
    expect(verifyMinutesChain([stored[1]])).toMatchObject({ version: 2, problem: 'VERSION_GAP' });
  });

  it('names the value that breaks the chain, whether in the row or in its body', () => {
    const v1 = document();
    const h1 = minutesContentHash(v1);
    const v2 = document({ version: 2, previousHash: h1 });
    const first = { version: 1, previousHash: null, contentHash: h1, body: v1 };
    const second = { version: 2, previousHash: h1, contentHash: minutesContentHash(v2), body: v2 };
    // The row's link changed, its body's intact: the row's value is the one found.
    expect(verifyMinutesChain([first, { ...second, previousHash: '1'.repeat(64) }])).toMatchObject({
      problem: 'PREVIOUS_HASH_MISMATCH',
      expected: h1,
      found: '1'.repeat(64),
    });
    // The row's number changed (2 read as 3), its body's intact: 3 is found where 2 was expected.
    expect(verifyMinutesChain([first, { ...second, version: 3 }])).toMatchObject({
      problem: 'VERSION_GAP',
      expected: 2,
      found: 3,
    });
  });
});
