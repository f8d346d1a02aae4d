import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { ACCEPT, INVITE, SUSPEND } from './support/accounts';

const AUDIT = `query($id: String) { auditLog(entityId: $id, action: "accounts.member_suspended") {
  edges { node { summary } } } }`;
const EXPIRY = `query($id: ID!) { member(id: $id) { id invitationExpiresAt } }`;

// What a suspension ends, and what its audit entry says it ended: only invitations that could
// still be accepted (found by mutation testing of InvitationsService).
describe('a suspension ends live invitations only (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const START = '2028-04-01T09:00:00Z';
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(START);
    leaders = await t.factory.leadership();
  });
  // Each test starts on the day the sessions above began, so none depends on which ran before it.
  beforeEach(() => t.clock.set(START));
  afterAll(() => t.close());

  const suspensionOf = async (memberId: string, adminToken: string) => {
    const [entry] = (await t.client.ok(AUDIT, { id: memberId }, adminToken)).auditLog.edges;
    return entry.node.summary;
  };

  it('lets only the issuer of the latest invitation, or an administrator, invite an address again', async () => {
    const organization = await t.factory.organization();
    const input = {
      email: 'reissued@council.test',
      fullName: 'Приглашённый Дважды',
      organizationId: organization.id,
    };
    await t.client.ok(INVITE, { input }, leaders.secretary.token);
    t.clock.advance(60_000);
    // An administrator re-issues it: the address is now theirs to hand over.
    await t.client.ok(INVITE, { input }, leaders.admin.token);
    t.clock.advance(60_000);
    expect(await t.client.error(INVITE, { input }, leaders.secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'INVITED_BY_ANOTHER',
    });
  });

  it('leaves the lapsed invitations a suspended member issued as they were', async () => {
    // The secretary suspended here is one of its own, in a term of its own (a term's roster is
    // installed once): the other tests keep theirs active and their invitations out of the summary.
    t.clock.set('2028-08-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const organization = await t.factory.organization();
    const invite = async (email: string) =>
      (
        await t.client.ok(
          INVITE,
          { input: { email, fullName: 'Новый Участник', organizationId: organization.id } },
          leaders.secretary.token,
        )
      ).inviteMember.member.id as string;
    const lapsed = await invite('lapsed@council.test');
    const lapsedExpiry = (await t.client.ok(EXPIRY, { id: lapsed }, leaders.admin.token)).member
      .invitationExpiresAt;
    t.clock.set('2028-08-20T09:00:00Z'); // past the first invitation's week
    const live = await invite('live@council.test');

    await t.client.ok(SUSPEND, { id: leaders.secretary.member.id }, leaders.admin.token);
    const summary = await suspensionOf(leaders.secretary.member.id, leaders.admin.token);
    expect(summary.expiredIssuedInvitations).toEqual([live]);
    expect(
      (await t.client.ok(EXPIRY, { id: lapsed }, leaders.admin.token)).member.invitationExpiresAt,
    ).toBe(lapsedExpiry);
  });

  it('counts no invitation ended when the suspended member had accepted theirs', async () => {
    t.clock.set('2028-04-20T10:00:00Z');
    const organization = await t.factory.organization();
    const issued = (
      await t.client.ok(
        INVITE,
        {
          input: {
            email: 'joined@council.test',
            fullName: 'Вступивший Участник',
            organizationId: organization.id,
          },
        },
        leaders.admin.token,
      )
    ).inviteMember;
    t.clock.advance(60_000);
    await t.client.ok(ACCEPT, {
      input: { token: issued.token, password: 'a password of the new member' },
    });
    t.clock.advance(60_000);
    await t.client.ok(SUSPEND, { id: issued.member.id }, leaders.admin.token);
    const summary = await suspensionOf(issued.member.id, leaders.admin.token);
    expect(summary).toMatchObject({ from: 'ACTIVE' });
    expect(summary).not.toHaveProperty('expiredInvitations');
  });
});
