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
    expect(second.members.totalCount).toBe(3);

    // A member added ahead of the page already read does not shift the next page.
    const organizationId = (
      await t.dataSource.query(`SELECT id FROM organization WHERE name = 'Кластер 01'`)
    )[0].id;
    await t.factory.member({ organizationId, fullName: 'Член 0-новый' });
    const after = await t.client.ok(
      QUERY,
      { first: 2, after: first.members.pageInfo.endCursor },
      viewer.token,
    );
    const same = after.organizations.find((o: { name: string }) => o.name === 'Кластер 01');
    expect(same.members.edges.map((e: { node: { fullName: string } }) => e.node.fullName)).toEqual([
      'Член 1-2',
    ]);
    expect(same.members.totalCount).toBe(4);
    // An empty page still counts every member.
    const counted = await t.client.ok(QUERY, { first: 0 }, viewer.token);
    const totals = counted.organizations.map((o: any) => [o.members.totalCount, o.members.edges]);
    expect(totals.every(([, edges]: [number, unknown[]]) => edges.length === 0)).toBe(true);
    expect(
      counted.organizations.find((o: { name: string }) => o.name === 'Кластер 01').members
        .totalCount,
    ).toBe(4);
  });

  it('pages all members by name with a cursor that survives new members', async () => {
    const viewer = await t.factory.signedIn();
    const PAGE = `query($first: Int, $after: String) { members(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id fullName } } } }`;
    // An empty page still says whether members follow.
    expect((await t.client.ok(PAGE, { first: 0 }, viewer.token)).members).toMatchObject({
      edges: [],
      pageInfo: { hasNextPage: true },
    });
    const ids = (connection: any): string[] => connection.edges.map((edge: any) => edge.node.id);
    const first = (await t.client.ok(PAGE, { first: 2 }, viewer.token)).members;
    // Digits sort before letters in every collation: this member comes before the page read.
    const ahead = await t.factory.member({ fullName: '0 Ёлкина "Кавычки" 👩‍💼' });
    const all = (await t.client.ok(PAGE, { first: 100 }, viewer.token)).members;
    expect(ids(all)[0]).toBe(ahead.id);
    const rest = (
      await t.client.ok(PAGE, { first: 100, after: first.pageInfo.endCursor }, viewer.token)
    ).members;
    expect(ids(rest)).toEqual(ids(all).slice(ids(all).indexOf(ids(first)[1]) + 1));
    expect(ids(rest)).toEqual(ids(all).slice(3));
    expect(rest.totalCount).toBe(all.totalCount);
  });

  it('lists names alphabetically, Ё beside Е and regardless of case, and pages in that order', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const CREATE = `mutation($name: String!) {
      createOrganization(input: { name: $name, shortName: $name }) { id name } }`;
    const created = await t.client.ok(CREATE, { name: 'Алфавит  Кластер' }, admin.token);
    // Runs of spaces are one; names are unique regardless of case.
    expect(created.createOrganization.name).toBe('Алфавит Кластер');
    const taken = await t.client.error(CREATE, { name: 'АЛФАВИТ кластер' }, admin.token);
    expect(taken).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION_EXISTS' });
    // Named by its input field, as validation errors are (a form shows it beside the name).
    expect(taken.error.extensions?.fields).toEqual({ name: [expect.any(String)] });
    const organizationId = created.createOrganization.id;
    const names = ['яковлев Я', 'Ёлкина Е', 'абрамова А', 'Ершов Е', 'Борисов Б', 'Ежов Е'];
    for (const fullName of names) await t.factory.member({ organizationId, fullName });
    const alphabetical = ['абрамова А', 'Борисов Б', 'Ежов Е', 'Ёлкина Е', 'Ершов Е', 'яковлев Я'];

    const viewer = await t.factory.signedIn();
    const page = (first: number, after?: string) =>
      t.client
        .ok(QUERY, { first, after }, viewer.token)
        .then(
          (data) =>
            data.organizations.find((o: { name: string }) => o.name === 'Алфавит Кластер').members,
        );
    const namesOf = (connection: any): string[] =>
      connection.edges.map((edge: any) => edge.node.fullName);
    const head = await page(4);
    expect(namesOf(head)).toEqual(alphabetical.slice(0, 4));
    expect(namesOf(await page(4, head.pageInfo.endCursor))).toEqual(alphabetical.slice(4));
  });

  // Found by review: an admin's "pending invitations" screen had to page through every member.
  it('lists the members in one state, counted and paged in name order', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    for (const fullName of ['Ожидающий Б', 'Ожидающий А', 'Ожидающий В']) {
      await t.factory.member({ fullName, status: 'INVITED' as never });
    }
    await t.factory.member({ fullName: 'Ожидающий Г', status: 'SUSPENDED' as never });
    const STATE = `query($status: MemberStatus, $first: Int, $after: String) {
      members(status: $status, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { fullName status } } } }`;
    const invited = (first: number, after?: string) =>
      t.client.ok(STATE, { status: 'INVITED', first, after }, admin.token).then((d) => d.members);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM member WHERE status = 'INVITED'`,
    );
    const all = await invited(100);
    expect(all.totalCount).toBe(n);
    expect(all.edges.every((edge: any) => edge.node.status === 'INVITED')).toBe(true);
    const names = all.edges.map((edge: any) => edge.node.fullName);
    expect(names.filter((name: string) => name.startsWith('Ожидающий'))).toEqual([
      'Ожидающий А',
      'Ожидающий Б',
      'Ожидающий В',
    ]);
    const first = await invited(1);
    const rest = await invited(100, first.pageInfo.endCursor);
    expect([...first.edges, ...rest.edges].map((edge: any) => edge.node.fullName)).toEqual(names);
    const refused = await t.client.request(STATE, { status: 'SOMETIME' }, admin.token);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  // Found by review: a misspelt organisation name could never be corrected.
  it('corrects a name or short name, keeps what is left out, audits it, and refuses a taken name', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const UPDATE = `mutation($id: ID!, $input: UpdateOrganizationInput!) {
      updateOrganization(id: $id, input: $input) { id name shortName } }`;
    const typo = await t.factory.organization('Кластер композитов Санкт-Петербрга');
    const taken = await t.factory.organization('Кластер чистых технологий');
    const member = await t.factory.signedIn({ organizationId: typo.id });

    const fixed = await t.client.ok(
      UPDATE,
      { id: typo.id, input: { name: '  Кластер композитов  Санкт-Петербурга ' } },
      admin.token,
    );
    expect(fixed.updateOrganization).toEqual({
      id: typo.id,
      name: 'Кластер композитов Санкт-Петербурга',
      shortName: typo.shortName,
    });
    const seen = await t.client.ok(`{ me { organization { name } } }`, {}, member.token);
    expect(seen.me.organization.name).toBe('Кластер композитов Санкт-Петербурга');
    const [entry] = await t.dataSource.query(
      `SELECT actor_id, summary FROM audit_entry
        WHERE action = 'accounts.organization_updated' AND entity_id = $1`,
      [typo.id],
    );
    expect(entry).toEqual({
      actor_id: admin.member.id,
      summary: {
        from: { name: typo.name, shortName: typo.shortName },
        to: { name: 'Кластер композитов Санкт-Петербурга', shortName: typo.shortName },
      },
    });

    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    const clash = await t.client.error(
      UPDATE,
      { id: typo.id, input: { name: 'КЛАСТЕР ЧИСТЫХ технологий' } },
      admin.token,
    );
    expect(clash).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION_EXISTS' });
    expect(clash.error.extensions?.fields).toEqual({ name: [expect.any(String)] });
    const cleared = await t.client.error(
      UPDATE,
      { id: typo.id, input: { shortName: null } },
      admin.token,
    );
    expect(cleared).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CANNOT_BE_CLEARED' });
    const unknown = await t.client.error(
      UPDATE,
      { id: '00000000-0000-4000-8000-000000000000', input: { name: 'Новое имя' } },
      admin.token,
    );
    expect(unknown.code).toBe('NOT_FOUND');
    // Unchanged by any of the refusals, or by an update that changes nothing.
    await t.client.ok(UPDATE, { id: taken.id, input: { name: taken.name } }, admin.token);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(before);
    const [row] = await t.dataSource.query(`SELECT name FROM organization WHERE id = $1`, [
      typo.id,
    ]);
    expect(row.name).toBe('Кластер композитов Санкт-Петербурга');
  });
});
