import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position } from '@council/terms';
import { APPROVE, CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import { leadershipSeats } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`;
const STATE = `query($id: ID!) { election(id: $id) { status
  approvals { member { id } capacity }
  pendingApprovals { capacity member { id } standingInFor { id } } } }`;

// Found by a random walk over certification: a decision given under an earlier roster filled a place
// of another role (a co-chair's approval as the chair's stand-in decision), and an ADMIN's
// suspension then let the ADMIN complete the certification alone.
describe('certification: a decision counts only in the role it was given in (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("does not let an ADMIN certify alone by suspending the new term's only undecided co-chair", async () => {
    t.clock.set('2040-02-15T09:00:00Z'); // 2040-H1
    const admin = await t.factory.signedIn({ isAdmin: true });
    const [c, f, s, r, winner] = await Promise.all(
      ['C', 'F', 'S', 'R', 'W'].map((n) => t.factory.signedIn({ fullName: `Участник ${n}` })),
    );
    // 2040-H1: C is a co-chair.
    await t.factory.installRoster(
      '2040-H1',
      leadershipSeats({ chair: s, coChairs: [f, c], secretary: r }),
    );
    // 2040-H2: C is the chair, F the only co-chair.
    await t.factory.installRoster('2040-H2', [
      { position: Position.CHAIR, memberId: c.member.id },
      {
        position: Position.CO_CHAIR,
        memberId: f.member.id,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
      },
      { position: Position.EXECUTIVE_SECRETARY, memberId: s.member.id },
    ]);
    const drive = new ElectionDriver(t, r.token);
    const election = await drive.talliedByPaper(
      { termLabel: '2041-H2', contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    // C approves as a co-chair of 2040-H1; F has not decided.
    const first = await t.client.ok(APPROVE, { id: election.id }, c.token);
    expect(first.approveElection.approvals).toEqual([
      { member: { id: c.member.id }, decision: 'APPROVE', capacity: 'CO_CHAIR' },
    ]);

    t.clock.set('2040-07-15T09:00:00Z'); // 2040-H2
    const adminToken = await t.factory.tokenFor(admin.member);
    const before = (await t.client.ok(STATE, { id: election.id }, adminToken)).election;
    expect(before.pendingApprovals).toEqual([
      { capacity: 'CO_CHAIR', member: { id: f.member.id }, standingInFor: null },
    ]);

    // The ADMIN suspends F: F's place goes to the chair C, who has not decided as chair.
    await t.client.ok(SUSPEND, { id: f.member.id }, adminToken);
    const after = (await t.client.ok(STATE, { id: election.id }, adminToken)).election;
    // Expected: C is awaited, standing in for F (C's decision was given as a co-chair of 2040-H1).
    expect(after.pendingApprovals).toEqual([
      {
        capacity: 'CHAIR_FOR_SUSPENDED',
        member: { id: c.member.id },
        standingInFor: { id: f.member.id },
      },
    ]);
    // The ADMIN cannot complete the certification; C decides again, as the chair, and that
    // replaces the decision given as co-chair.
    const refused = await t.client.request<any>(APPROVE, { id: election.id }, adminToken);
    expect(refused.errors?.[0].extensions).toMatchObject({ reason: 'NOT_AN_APPROVER' });
    const certified = await t.client.ok(
      APPROVE,
      { id: election.id },
      await t.factory.tokenFor(c.member),
    );
    expect(certified.approveElection).toMatchObject({
      status: 'CERTIFIED',
      approvals: [
        { member: { id: c.member.id }, decision: 'APPROVE', capacity: 'CHAIR_FOR_SUSPENDED' },
      ],
    });
  });

  it("does not count a chair's stand-in decision of an earlier term as the secretary's", async () => {
    t.clock.set('2042-02-15T09:00:00Z'); // 2042-H1
    const admin = await t.factory.signedIn({ isAdmin: true });
    const [c, f, s, r] = await Promise.all(
      ['C', 'F', 'S', 'R'].map((n) => t.factory.signedIn({ fullName: `Участник ${n}` })),
    );
    const seats = (chair: typeof c, co: Array<typeof c>, secretary: typeof c) => [
      { position: Position.CHAIR, memberId: chair.member.id },
      ...co.map((x, i) => ({
        position: Position.CO_CHAIR,
        memberId: x.member.id,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[i],
      })),
      { position: Position.EXECUTIVE_SECRETARY, memberId: secretary.member.id },
    ];
    await t.factory.installRoster('2042-H1', seats(s, [f, c], r)); // S chair
    await t.factory.installRoster('2042-H2', seats(c, [r, f], s)); // S secretary
    const election = await new ElectionDriver(t, r.token).talliedByPaper(
      { termLabel: '2043-H2', contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(f)]], // F stands: recused in both terms
    );
    const first = await t.client.ok(APPROVE, { id: election.id }, s.token);
    expect(first.approveElection.approvals[0].capacity).toBe('CHAIR_FOR_RECUSED');

    t.clock.set('2042-07-15T09:00:00Z'); // 2042-H2: C chair, R and F co-chairs, S secretary
    const tokenOf = (x: typeof c) => t.factory.tokenFor(x.member);
    const adminToken = await tokenOf(admin);
    await t.client.ok(APPROVE, { id: election.id }, await tokenOf(r)); // R as co-chair
    // The ADMIN suspends the chair, who has not decided: the secretary stands in for F now.
    await t.client.ok(SUSPEND, { id: c.member.id }, adminToken);
    const after = (await t.client.ok(STATE, { id: election.id }, adminToken)).election;
    expect(after.pendingApprovals).toEqual([
      {
        capacity: 'SECRETARY_FOR_RECUSED',
        member: { id: s.member.id },
        standingInFor: { id: f.member.id },
      },
    ]);
    const done = await t.client.ok(APPROVE, { id: election.id }, await tokenOf(s));
    expect(done.approveElection.status).toBe('CERTIFIED');
  });
});
