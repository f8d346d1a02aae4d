import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, print } from 'graphql';
import { costLimitPlugin, unpagedObjectLists, withPageSizes } from './cost-limit.plugin';
import { LIST_SIZES } from './graphql-config';

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
});
