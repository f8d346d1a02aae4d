import { ManualClock } from '@council/core';
import { ACCEPT, INVITE, SUSPEND } from './support/accounts';
import type { Leadership } from './support/test-factory';
import { OtherInstance, TestApp, createTestApp, startAnotherInstance } from './support/test-app';

const AUDIT = `query($id: String, $action: String) { auditLog(entityId: $id, action: $action) {
  edges { node { summary } } } }`;

// Found by a review of time as the server lives with it: two API instances whose clocks differ by
// a couple of seconds (or one clock stepped back by NTP). An invitation that was ended (its issuer
// suspended, or the invitation issued again) must stay ended on every instance: ending it is a
// change of state, not a moment that a clock a little behind has not reached yet.
describe('clocks that differ between instances (e2e)', () => {
  let a: TestApp;
  let b: OtherInstance;
  let leaders: Leadership;
  const SKEW_MS = 2_000;

  // A at `instant`, B two seconds behind.
  const at = (instant: string) => {
    a.clock.set(instant);
    b.clock.set(new Date(new Date(instant).getTime() - SKEW_MS));
  };

  beforeAll(async () => {
    a = await createTestApp({ clock: new ManualClock('2032-03-01T09:00:00Z') });
    const clock = new ManualClock('2032-03-01T08:59:58Z');
    b = await startAnotherInstance(a, clock);
    leaders = await a.factory.leadership('2032-H1');
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  const invite = async (email: string, token: string) => {
    const organization = await a.factory.organization();
    return (
      await a.client.ok(
        INVITE,
        { input: { email, fullName: 'Новый Участник', organizationId: organization.id } },
        token,
      )
    ).inviteMember as { token: string; member: { id: string } };
  };

  it('an invitation ended by its issuer’s suspension on A cannot be accepted on B', async () => {
    at('2032-03-02T09:00:00Z');
    const issued = await invite('skew-suspended-issuer@council.test', leaders.secretary.token);
    at('2032-03-02T10:00:00Z');
    await a.client.ok(SUSPEND, { id: leaders.secretary.member.id }, leaders.admin.token);
    // One second later on A; B, two seconds behind, reads 09:59:59.
    at('2032-03-02T10:00:01Z');
    const accepted = await b.client.error(ACCEPT, {
      input: { token: issued.token, password: 'chosen by the departed secretary' },
    });
    expect(accepted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
  });

  it('an invitation replaced by a new one on A cannot be accepted on B', async () => {
    at('2032-03-03T09:00:00Z');
    const first = await invite('skew-reissued@council.test', leaders.admin.token);
    at('2032-03-03T10:00:00Z');
    const second = await invite('skew-reissued@council.test', leaders.admin.token);
    expect(second.member.id).toBe(first.member.id);
    at('2032-03-03T10:00:01Z');
    const accepted = await b.client.error(ACCEPT, {
      input: { token: first.token, password: 'the replaced token still works' },
    });
    expect(accepted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
  });

  // An invitation ended on A is not ended a second time by an instance whose clock is behind:
  // the audit entries count and list only the invitations that were live (found by mutation
  // testing: without `ended_at IS NULL` both ending statements took ended invitations again).
  const entryOf = async (memberId: string, action: string) => {
    const [entry] = (await a.client.ok(AUDIT, { id: memberId, action }, leaders.admin.token))
      .auditLog.edges;
    return entry.node.summary;
  };

  it('a suspension on B does not list an invitation already replaced on A', async () => {
    at('2032-03-04T09:00:00Z');
    const issuer = await a.factory.signedIn({ isAdmin: true });
    await invite('skew-replaced-then-suspended@council.test', issuer.token);
    at('2032-03-04T10:00:00Z');
    await invite('skew-replaced-then-suspended@council.test', leaders.admin.token);
    at('2032-03-04T10:00:01Z');
    await b.client.ok(SUSPEND, { id: issuer.member.id }, leaders.admin.token);
    const summary = await entryOf(issuer.member.id, 'accounts.member_suspended');
    // The invitee holds the administrator's live invitation: nobody needs to invite them again.
    expect(summary.expiredIssuedInvitations).toBeUndefined();
  });

  it('an invitation issued again on B counts only the invitation that was live', async () => {
    at('2032-03-05T09:00:00Z');
    const first = await invite('skew-reissued-twice@council.test', leaders.admin.token);
    at('2032-03-05T10:00:00Z');
    await invite('skew-reissued-twice@council.test', leaders.admin.token);
    at('2032-03-05T10:00:01Z');
    const organization = await a.factory.organization();
    await b.client.ok(
      INVITE,
      {
        input: {
          email: 'skew-reissued-twice@council.test',
          fullName: 'Новый Участник',
          organizationId: organization.id,
        },
      },
      leaders.admin.token,
    );
    // Newest first: the re-issue on B, then the one on A.
    const entries = (
      await a.client.ok(
        AUDIT,
        { id: first.member.id, action: 'accounts.invitation_reissued' },
        leaders.admin.token,
      )
    ).auditLog.edges.map((edge: any) => edge.node.summary.expiredInvitations);
    expect(entries).toEqual([1, 1]);
  });
});
