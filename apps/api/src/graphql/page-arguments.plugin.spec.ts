import { buildSchema, getOperationAST, parse } from 'graphql';
import { CursorKind, cursorPart } from '@council/core';
import { paginatedFields, pageArgumentsPlugin } from './page-arguments.plugin';

const schema = buildSchema(`
  type Query { members(first: Int, after: String): [Member!]! organizations: [Organization!]! }
  type Organization { id: ID! members(first: Int, after: String): [Member!]! }
  type Member { id: ID! }
`);
const MEMBERS = new CursorKind('members', [cursorPart.id]);

describe('pageArgumentsPlugin', () => {
  it('lists every field that takes a page size', () => {
    expect(paginatedFields(schema).sort()).toEqual(['Organization.members', 'Query.members']);
  });

  it('refuses to start while a paginated field has no cursor kind', async () => {
    const start = (kinds: Record<string, CursorKind>) =>
      (pageArgumentsPlugin(kinds).serverWillStart as (s: unknown) => Promise<void>)({ schema });
    await expect(start({ 'Query.members': MEMBERS })).rejects.toThrow('Organization.members');
    await expect(
      start({ 'Query.members': MEMBERS, 'Organization.members': MEMBERS }),
    ).resolves.toBeUndefined();
  });
});

// Found by review: the first version visited every fragment of the document and ignored @skip /
// @include, so it refused operations the executor would have answered.
describe('pageArgumentsPlugin before execution', () => {
  const kinds = { 'Query.members': MEMBERS, 'Organization.members': MEMBERS };

  async function check(source: string, operationName: string | null, variables = {}) {
    const document = parse(source);
    const operation = getOperationAST(document, operationName)!;
    const listener = await (pageArgumentsPlugin(kinds).requestDidStart as any)({});
    return listener.didResolveOperation({
      schema,
      document,
      operation,
      request: { variables },
    }) as Promise<void>;
  }

  const refused = { extensions: { http: { status: 400 } } };

  it('checks the selected operation and the fragments it spreads, at any depth', async () => {
    await expect(
      check(
        'query { organizations { ...Roll } } fragment Roll on Organization { members(first: 101) { id } }',
        null,
      ),
    ).rejects.toMatchObject(refused);
    await expect(
      check('query($n: Int = 500) { members(first: $n) { id } }', null),
    ).rejects.toMatchObject(refused);
    await expect(check('query { members(after: "nonsense") { id } }', null)).rejects.toMatchObject(
      refused,
    );
    await expect(
      check(
        `query { members(first: 100, after: "${MEMBERS.encode(['6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'])}") { id } }`,
        null,
      ),
    ).resolves.toBeUndefined();
  });

  it("leaves another operation's fragments alone", async () => {
    const source = `
      query Directory { organizations { ...Roll } }
      query Names { organizations { id } }
      fragment Roll on Organization { members(first: 500) { id } }`;
    await expect(check(source, 'Names')).resolves.toBeUndefined();
    await expect(check(source, 'Directory')).rejects.toMatchObject(refused);
  });

  it('follows @skip and @include as execution will', async () => {
    const source = `query($full: Boolean!) {
      members(first: 500) @include(if: $full) { id }
      organizations @skip(if: $full) { members(first: 5) { id } } }`;
    await expect(check(source, null, { full: false })).resolves.toBeUndefined();
    await expect(check(source, null, { full: true })).rejects.toMatchObject(refused);
    await expect(
      check('query { ... @skip(if: true) { members(first: 500) { id } } }', null),
    ).resolves.toBeUndefined();
  });
});

// Found by review: the walk went into a fragment again at every spread, so 20 fragments each
// spreading the next twice (under 1 KB, no log-in needed) kept the process busy for 9 s.
describe('pageArgumentsPlugin on fragments that spread each other twice over', () => {
  it('walks each fragment once (2^40 spreads would never finish otherwise)', async () => {
    const depth = 40;
    const fragments = Array.from({ length: depth }, (_, i) =>
      i < depth - 1
        ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`
        : `fragment F${i} on Query { members(first: 101) { id } }`,
    );
    const document = parse(`query { ...F0 } ${fragments.join(' ')}`);
    const listener = await (
      pageArgumentsPlugin({
        'Query.members': MEMBERS,
        'Organization.members': MEMBERS,
      }).requestDidStart as any
    )({});
    await expect(
      listener.didResolveOperation({
        schema,
        document,
        operation: getOperationAST(document, null),
        request: { variables: {} },
      }),
    ).rejects.toMatchObject({ extensions: { http: { status: 400 } } });
  });
});

// Found by review: `@include(if: $x)` with a nullable `$x` given null passes validation, and
// graphql-js refuses it only when it reaches the field: after a mutation has committed.
describe('pageArgumentsPlugin and conditions given null', () => {
  async function check(source: string, variables: Record<string, unknown>) {
    const document = parse(source);
    const listener = await (
      pageArgumentsPlugin({
        'Query.members': MEMBERS,
        'Organization.members': MEMBERS,
      }).requestDidStart as any
    )({});
    return listener.didResolveOperation({
      schema,
      document,
      operation: getOperationAST(document, null),
      request: { variables },
    }) as Promise<void>;
  }

  it('refuses an @skip / @include whose variable is null or missing, before anything runs', async () => {
    const source = 'query($x: Boolean = true) { organizations @include(if: $x) { id } }';
    await expect(check(source, { x: null })).rejects.toMatchObject({
      extensions: { http: { status: 400 } },
      originalError: { reason: 'INVALID_INPUT', fields: { x: [expect.any(String)] } },
    });
    await expect(
      check('query($x: Boolean) { organizations @skip(if: $x) { id } }', {}),
    ).rejects.toMatchObject({ extensions: { http: { status: 400 } } });
    await expect(check(source, { x: false })).resolves.toBeUndefined();
    await expect(check(source, {})).resolves.toBeUndefined();
  });
});
