import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, print } from 'graphql';
import {
  costLimitPlugin,
  listNestedInItself,
  unpagedObjectLists,
  withPageSizes,
} from './cost-limit.plugin';
import { FRESH_ROWS, LIST_SIZES } from './graphql-config';

const schema = buildSchema(readFileSync(join(__dirname, '../../../../schema.graphql'), 'utf8'));

describe('the cost limit: sizes of lists without pages', () => {
  it('has a size for every list of objects without pages, and for nothing else', () => {
    expect(unpagedObjectLists(schema)).toEqual(Object.keys(LIST_SIZES).sort());
    // Lists of scalars and enums cost as scalars; paginated fields take their page size.
    expect(unpagedObjectLists(schema)).not.toContain('Member.roles');
    expect(unpagedObjectLists(schema)).not.toContain('Query.meetings');
  });

  it('writes each list its size, and each page its page size, for the cost rule', () => {
    const counted = print(
      withPageSizes(
        schema,
        parse('query($n: Int) { meetings(first: $n) { edges { node { agenda { id } } } } }'),
        { n: 7 },
        LIST_SIZES,
      ),
    );
    expect(counted).toContain('meetings(first: 7)');
    expect(counted).toContain(`edges(first: ${LIST_SIZES['MeetingConnection.edges']})`);
    expect(counted).toContain(`agenda(first: ${LIST_SIZES['Meeting.agenda']})`);
  });

  it('refuses to start when a list has no size, or a size names no list', async () => {
    const start = (sizes: Record<string, number>) =>
      costLimitPlugin({ maxCost: 1 }, sizes).serverWillStart!({ schema } as never);
    const { ['Contest.nominations']: _left, ...missing } = LIST_SIZES;
    await expect(start(missing)).rejects.toThrow(/missing Contest\.nominations;/);
    await expect(start({ ...LIST_SIZES, 'Contest.id': 1 })).rejects.toThrow(
      /not lists of the schema Contest\.id/,
    );
    await expect(start(LIST_SIZES)).resolves.toBeUndefined();
  });

  // Found by review: one election's contests, nominations, each one's contest and its nominations
  // again was counted under the limit, while its real size grows with the square of the nominations.
  it.each([
    [
      'through a back-edge',
      '{ election(id: "x") { contests { nominations { contest { nominations { id } } } } } }',
      'Contest.nominations',
    ],
    [
      'through the election',
      '{ elections { contests { election { contests { id } } } } }',
      'Election.contests',
    ],
    [
      'through a fragment',
      'query { election(id: "x") { contests { ...C } } } fragment C on Contest { nominations { contest { ...N } } } fragment N on Contest { nominations { id } }',
      'Contest.nominations',
    ],
    [
      'through an inline fragment',
      '{ election(id: "x") { contests { nominations { contest { ... on Contest { nominations { id } } } } } } }',
      'Contest.nominations',
    ],
  ])('finds a list asked for inside itself %s', (_name, query, coordinate) => {
    expect(listNestedInItself(schema, parse(query), LIST_SIZES, FRESH_ROWS)).toBe(coordinate);
  });

  it.each([
    '{ election(id: "x") { contests { nominations { contest { id position } nominee { fullName } } candidates { member { fullName } } } approvals { member { fullName } } } }',
    '{ meeting(id: "x") { agenda { presenter { fullName } } attendance { member { fullName } } minutes { items { actionItems { title } } history { items { decisions { text } } } } } }',
    '{ members(first: 10) { edges { node { organization { members(first: 5) { edges { node { id } } } } } } } }',
    'query { a: elections { contests { id } } b: elections { contests { id } } }',
    'query { election(id: "x") { ...E } } fragment E on Election { contests { id } runoffs: contests { runoffs { id } } }',
    // Found by review: a contest's runoffs are other elections, and a runoff may be tied again.
    '{ election(id: "x") { contests { runoffs { contests { results { votes } runoffs { contests { status } } } } } } }',
  ])(
    'lets lists be asked for side by side, and different lists inside one another (%#)',
    (query) => {
      expect(listNestedInItself(schema, parse(query), LIST_SIZES, FRESH_ROWS)).toBeNull();
    },
  );

  it('still finds a list inside itself below a runoff', () => {
    const query =
      '{ election(id: "x") { contests { runoffs { contests { nominations { contest { nominations { id } } } } } } } }';
    expect(listNestedInItself(schema, parse(query), LIST_SIZES, FRESH_ROWS)).toBe(
      'Contest.nominations',
    );
  });

  // Found by review: each spread walked its fragment again, so fragments spreading the next one
  // twice took time doubling with every level (seconds for one anonymous request of 6 KB).
  it('judges fragments spread many times over in time linear in the document', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const query = `query { ...F0 } ${fragments.join(' ')} fragment F${levels} on Query { elections { contests { id } } }`;
    // Walked spread by spread, that is 2^40 walks: the test would never finish.
    expect(listNestedInItself(schema, parse(query), LIST_SIZES, FRESH_ROWS)).toBeNull();
    const nested = query.replace(
      `fragment F${levels} on Query { elections { contests { id } } }`,
      `fragment F${levels} on Query { elections { contests { election { contests { id } } } } }`,
    );
    expect(listNestedInItself(schema, parse(nested), LIST_SIZES, FRESH_ROWS)).toBe(
      'Election.contests',
    );
  });
});
