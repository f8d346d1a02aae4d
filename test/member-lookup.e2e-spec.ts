import { MemberStatus } from '@council/accounts';
import { TestApp, createTestApp } from './support/test-app';

const MEMBER = `query($id: ID!) {
  member(id: $id) { id fullName email status roles invitationExpiresAt organization { id name } } }`;

// A page that holds a member's id (an audit entry naming members in its summary, a link to an
// administrator's page of one member) reads that member, instead of paging through every member
// of the council and looking for it in the browser.
describe('member(id): one member by id (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('gives any member another member by id, as the members list shows them', async () => {
    const reader = await t.factory.signedIn();
    const other = await t.factory.member({ fullName: 'Ирина Соколова' });
    const { member } = await t.client.ok(MEMBER, { id: other.id }, reader.token);
    expect(member).toMatchObject({
      id: other.id,
      fullName: 'Ирина Соколова',
      status: 'ACTIVE',
      roles: ['MEMBER'],
      organization: { id: other.organizationId },
    });
  });

  it('shows a suspended or invited member too, the invitation’s expiry to those who invite', async () => {
    const reader = await t.factory.signedIn();
    const admin = await t.factory.signedIn({ isAdmin: true });
    const suspended = await t.factory.member({ status: MemberStatus.SUSPENDED });
    const invited = await t.factory.member({ status: MemberStatus.INVITED });
    expect((await t.client.ok(MEMBER, { id: suspended.id }, reader.token)).member).toMatchObject({
      status: 'SUSPENDED',
      roles: [],
    });
    expect((await t.client.ok(MEMBER, { id: invited.id }, reader.token)).member).toMatchObject({
      status: 'INVITED',
      invitationExpiresAt: null,
    });
    expect((await t.client.ok(MEMBER, { id: invited.id }, admin.token)).member.status).toBe(
      'INVITED',
    );
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT naming `id` for a malformed one', async () => {
    const reader = await t.factory.signedIn();
    const missing = await t.client.error(
      MEMBER,
      { id: '00000000-0000-4000-8000-000000000000' },
      reader.token,
    );
    expect(missing.code).toBe('NOT_FOUND');
    const malformed = await t.client.error(MEMBER, { id: 'not-an-id' }, reader.token);
    expect(malformed.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(malformed.error.extensions?.fields ?? {})).toEqual(['id']);
  });

  it('is refused without a session', async () => {
    const other = await t.factory.member();
    expect((await t.client.error(MEMBER, { id: other.id })).code).toBe('UNAUTHENTICATED');
  });
});
