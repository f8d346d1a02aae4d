import { QueryCounter } from '@council/database';
import { TestApp, createTestApp } from './support/test-app';

const QUERY = `query($first: Int, $after: String) {
  organizations { name members(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { fullName organization { name } } } } }
}`;

describe('organizations and their members (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('pages each organisation’s members, with a number of SQL statements that does not grow with organisations', async () => {
    const viewer = await t.factory.signedIn();
    const countStatements = async () => {
      QueryCounter.reset();
      const data = await t.client.ok(QUERY, { first: 2 }, viewer.token);
      return { data, statements: QueryCounter.count };
    };
    const addOrganization = async (index: number, members: number) => {
      const organization = await t.factory.organization(
        `Кластер ${String(index).padStart(2, '0')}`,
      );
      for (let m = 0; m < members; m += 1) {
        await t.factory.member({ organizationId: organization.id, fullName: `Член ${index}-${m}` });
      }
    };
    await addOrganization(1, 3);
    const few = await countStatements();
    for (let index = 2; index <= 8; index += 1) await addOrganization(index, 3);
    const many = await countStatements();
    expect(many.statements).toBe(few.statements);

    const first = many.data.organizations.find((o: { name: string }) => o.name === 'Кластер 01');
    expect(first.members.totalCount).toBe(3);
    expect(first.members.edges.map((e: { node: { fullName: string } }) => e.node.fullName)).toEqual(
      ['Член 1-0', 'Член 1-1'],
    );
    expect(first.members.pageInfo.hasNextPage).toBe(true);
    const rest = await t.client.ok(
      QUERY,
      { first: 2, after: first.members.pageInfo.endCursor },
      viewer.token,
    );
    const second = rest.organizations.find((o: { name: string }) => o.name === 'Кластер 01');
    expect(
      second.members.edges.map((e: { node: { fullName: string } }) => e.node.fullName),
    ).toEqual(['Член 1-2']);
    expect(second.members.pageInfo.hasNextPage).toBe(false);
  });
});
