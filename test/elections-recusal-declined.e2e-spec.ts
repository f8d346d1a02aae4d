import {
  APPROVE,
  CHAIR_ONLY,
  ElectionDriver,
  NOMINATE,
  NO_QUORUM_RULE,
  RESPOND,
  person,
} from './support/elections';
import { leadershipSeats } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const STATE = `query($id: ID!) { election(id: $id) { status
  pendingApprovals { capacity member { id } } } }`;

// Recusal follows who stood (accepted nominees), not who was merely nominated (found by mutation
// testing of ElectionsRepository.candidatesOfElection).
describe('certification: a declined nomination does not recuse (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lets a co-chair who declined their nomination decide in their own place', async () => {
    t.clock.set('2044-02-15T09:00:00Z'); // 2044-H1
    const [c, f, r, s, x] = await Promise.all(
      ['C', 'F', 'R', 'S', 'X'].map((n) => t.factory.signedIn({ fullName: `Участник ${n}` })),
    );
    await t.factory.installRoster(
      '2044-H1',
      leadershipSeats({ chair: c, coChairs: [f, r], secretary: s }),
    );
    const driver = new ElectionDriver(t, s.token);
    const election = await driver.create({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE });
    await driver.openNominations(election.id);
    // F is nominated and declines; X stands.
    const declined = await t.client.ok(
      NOMINATE,
      { contest: election.contests[0].id, nominee: f.member.id },
      s.token,
    );
    await t.client.ok(RESPOND, { id: declined.nominate.id, accept: false }, f.token);
    await driver.stand(election, [[person(x)]]);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 3,
      contests: [{ contestId: election.contests[0].id, yes: 3, no: 0 }],
    });

    const pending = (await t.client.ok(STATE, { id: election.id }, s.token)).election;
    expect(pending.pendingApprovals).toEqual(
      expect.arrayContaining([{ capacity: 'CO_CHAIR', member: { id: f.member.id } }]),
    );
    const decided = await t.client.ok(APPROVE, { id: election.id }, f.token);
    expect(decided.approveElection.approvals).toEqual([
      { member: { id: f.member.id }, decision: 'APPROVE', capacity: 'CO_CHAIR' },
    ]);
  });
});
