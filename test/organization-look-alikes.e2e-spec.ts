import { AdminBootstrapService } from '@council/accounts';
import { OrganizationLookAlikes1766000000000 as LookAlikes } from '../migrations/1766000000000-OrganizationLookAlikes';
import { runMigrationStep } from './support/migration-steps';
import { TestApp, createTestApp } from './support/test-app';

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name shortName } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) { id name shortName } }`;

// Organisation names were unique regardless of case, ё/е and quotes, yet
// "OOO «Ромашка»" typed with Latin O's (a keyboard left on the Latin layout), "АО «MTC»" with
// Latin M, T and C, or a name quoted with ‟…” or ‹…› made a second organisation that reads exactly
// as the first on every list, roster and invitation form, and cannot be removed.
describe('organisation names that look like a taken one (e2e)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-03-01T09:00:00Z');
  });
  afterAll(() => t.close());

  const create = async (name: string) => {
    const answer = await t.client.request(CREATE, { input: { name, shortName: 'x' } }, token);
    return answer.errors?.[0].extensions?.reason ?? 'CREATED';
  };

  it('refuses a name written with Latin or Greek letters that look like its Cyrillic ones, or another style of quotes', async () => {
    // The first admin's organisation is looked up by the same key: a look-alike finds it.
    const first = await t.app.get(AdminBootstrapService).inviteFirstAdmin({
      email: 'ops@council.test',
      fullName: 'Оператор',
      organizationName: 'ООО «Ромашка»',
    });
    const again = await t.app.get(AdminBootstrapService).inviteFirstAdmin({
      email: 'ops@council.test',
      fullName: 'Оператор',
      organizationName: 'OOO «Pомашка»',
    });
    expect(again.member.organizationId).toBe(first.member.organizationId);
    ({ token } = await t.factory.signedIn({ isAdmin: true }));

    expect(await create('АО «МТС»')).toBe('CREATED');
    expect(await create("ООО 'Сад'")).toBe('CREATED');
    expect(await create('Кластер-Юг')).toBe('CREATED');
    const variants = [
      'OOO «Ромашка»', // Latin O's
      'ООО «Pомашка»', // a Latin P
      'ΟΟΟ «Ромашка»', // Greek omicrons
      'ооо «pомaшкa»', // lower case, Latin p and a
      'АО «MTC»', // Latin M, T, C
      'AO «MTC»',
      'ООО ‟Ромашка”',
      'ООО ‹Сад›',
      'Кластер\u2010Юг', // a hyphen
      'Кластер\u2011Юг', // a non-breaking hyphen
    ];
    const answers: Record<string, unknown> = {};
    for (const name of variants) answers[name] = await create(name);
    expect(answers).toEqual(Object.fromEntries(variants.map((v) => [v, 'ORGANIZATION_EXISTS'])));

    // A rename to such a look-alike of another organisation is refused too.
    const other = (
      await t.client.ok(CREATE, { input: { name: 'АО «Технопарк»', shortName: 'Т' } }, token)
    ).createOrganization;
    expect(
      await t.client.error(UPDATE, { id: other.id, input: { name: 'AO «MTC»' } }, token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION_EXISTS' });

    // Names that read differently stay apart; Latin names stay unique regardless of case.
    for (const name of ['Bosch', 'Bosch Rus', 'ООО «Ромашка плюс»', 'Кластер–Юг']) {
      expect(await create(name)).toBe('CREATED');
    }
    expect(await create('BOSCH')).toBe('ORGANIZATION_EXISTS');
  });

  it('the migration names the organisations that would look alike, and changes nothing then', async () => {
    await runMigrationStep(t, new LookAlikes(), 'down');
    await t.factory.organization('ПАО «Сбер»');
    await t.factory.organization('ПAO «Cбep»');
    await expect(runMigrationStep(t, new LookAlikes(), 'up')).rejects.toThrow(
      /these clash: 'ПAO «Cбep»' \(id [0-9a-f-]+\), 'ПАО «Сбер»' \(id [0-9a-f-]+\)/,
    );
    await t.dataSource.query(
      `UPDATE organization SET name = 'ПАО «Сбер Юг»' WHERE name = 'ПAO «Cбep»'`,
    );
    await runMigrationStep(t, new LookAlikes(), 'up');
    expect(await create('ПАО «Сбер»')).toBe('ORGANIZATION_EXISTS');
    expect(await create('ПAO «Cбep»')).toBe('ORGANIZATION_EXISTS');
  });
});
