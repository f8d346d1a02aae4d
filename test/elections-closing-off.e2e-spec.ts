import {
  APPROVE,
  CHAIR_ONLY,
  ElectionDriver,
  NO_QUORUM_RULE,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position } from '@council/terms';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { status } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectElection(electionId: $id, reason: $reason) { id status } }`;
const STATUS = `query($id: ID!) { election(id: $id) { id status
  approvals { member { id } decision }
  pendingApprovals { capacity member { id } } } }`;

// Found by review of the closing-off rejection (a fully approved election that can no longer be
// certified): it must open no veto to an ADMIN, and agree with what approveElection does.
describe('closing off a fully approved election (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // H1: two co-chairs (A, B); H2: A is the only co-chair. An election for a later term (no roster),
  // approved by A during H1, is fully approved once H2 begins: anyone may certify it.
  async function fullyApproved(year: number) {
    t.clock.set(`${year}-06-20T09:00:00Z`);
    const leaders = await t.factory.leadership(`${year}-H1`);
    const [chair2, secretary2] = [await t.factory.signedIn(), await t.factory.signedIn()];
    const a = leaders.coChairRegional;
    await t.factory.installRoster(`${year}-H2`, [
      { position: Position.CHAIR, memberId: chair2.member.id },
      {
        position: Position.CO_CHAIR,
        memberId: a.member.id,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
      },
      { position: Position.EXECUTIVE_SECRETARY, memberId: secretary2.member.id },
    ]);
    return { leaders, chair2, secretary2, a };
  }

  it('an ADMIN alone cannot kill a certifiable election by suspending its winner for a moment', async () => {
    const { leaders, chair2, a } = await fullyApproved(2044);
    const winner = await t.factory.signedIn();
    const election = await new ElectionDriver(t, leaders.secretary.token).talliedByPaper(
      { termLabel: '2045-H1', contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    await t.client.ok(APPROVE, { id: election.id }, a.token);
    t.clock.set('2044-07-02T09:00:00Z'); // A is the only co-chair: every approval due is given
    // Certifiable now: the rule says nobody outside the places may reject it.
    expect(
      (
        await t.client.request<any>(
          REJECT,
          { id: election.id, reason: 'Против' },
          leaders.admin.token,
        )
      ).errors?.[0].extensions,
    ).toMatchObject({ reason: 'NOT_AN_APPROVER' });

    // The same ADMIN: suspend the winner, reject, reactivate - a few seconds.
    await t.client.ok(SUSPEND, { id: winner.member.id }, leaders.admin.token);
    const veto = await t.client.request<any>(
      REJECT,
      { id: election.id, reason: 'Победитель выбыл' },
      leaders.admin.token,
    );
    await t.client.ok(REACTIVATE, { id: winner.member.id }, leaders.admin.token);

    const seen = (await t.client.ok(STATUS, { id: election.id }, chair2.token)).election;
    // The co-chair's approval stands, the winner is active: the election is still there to certify.
    expect(veto.errors?.[0]?.extensions).toMatchObject({ reason: 'NOT_AN_APPROVER' });
    expect(seen.status).toBe('TALLIED');
    const certified = await t.client.ok(APPROVE, { id: election.id }, chair2.token);
    expect(certified.approveElection.status).toBe('CERTIFIED');
  });

  it('does not close off a fully approved runoff that approveElection would certify (suspended winner)', async () => {
    const { leaders, chair2, a } = await fullyApproved(2046);
    const [y, z] = [await t.factory.signedIn(), await t.factory.signedIn()];
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const runoffFor = async (termLabel: string) => {
      const parent = await driver.nominated(
        { termLabel, contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
        [[person(y), person(z)]],
      );
      await driver.paper({
        electionId: parent.id,
        ballotsCast: 4,
        contests: [
          paperCount(parent.contests[0].id, [
            [y, 2],
            [z, 2],
          ]),
        ],
      });
      const runoff = (
        await t.client.ok(RUNOFF, { contest: parent.contests[0].id }, leaders.secretary.token)
      ).createRunoff;
      await driver.paper({
        electionId: runoff.id,
        ballotsCast: 4,
        contests: [
          paperCount(runoff.contests[0].id, [
            [y, 3],
            [z, 1],
          ]),
        ],
      });
      await t.client.ok(APPROVE, { id: runoff.id }, a.token);
      return runoff.id as string;
    };
    const first = await runoffFor('2047-H1');
    const second = await runoffFor('2047-H2');
    t.clock.set('2046-07-02T09:00:00Z'); // both runoffs fully approved (A the only co-chair)
    await t.client.ok(SUSPEND, { id: y.member.id }, leaders.admin.token);

    // The winner is suspended, yet the runoff can still be certified: approveElection does it.
    const certified = await t.client.request<any>(APPROVE, { id: first }, chair2.token);
    expect(certified.data?.approveElection.status).toBe('CERTIFIED');
    // In the very same state the twin is not "no longer certifiable": nobody closes it off, not
    // someone outside the places, not its approver (a decision given), and it is certified.
    const reasonOf = async (token: string) => {
      const answer = await t.client.request<any>(REJECT, { id: second, reason: 'Выбыл' }, token);
      return answer.errors?.[0]?.extensions?.reason ?? answer.data.rejectElection.status;
    };
    expect(await reasonOf(chair2.token)).toBe('NOT_AN_APPROVER');
    expect(await reasonOf(a.token)).toBe('ALREADY_DECIDED');
    const twin = await t.client.ok(APPROVE, { id: second }, chair2.token);
    expect(twin.approveElection.status).toBe('CERTIFIED');
  });
});
