import { buildSchema } from 'graphql';
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
