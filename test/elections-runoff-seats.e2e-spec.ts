import { DEFAULT_CO_CHAIR_PORTFOLIOS } from '@council/terms';
import {
  APPROVE,
  ELECTION,
  ElectionDriver,
  REJECT,
  NO_QUORUM_RULE,
  RESULTS,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// A runoff is for what the count left open: the seats not yet filled, between the contenders in
// the count's order (found by mutation testing of RunoffsService.createRunoff).
describe('elections: what a runoff is for (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-02-01T09:00:00Z'); // 2028-H1 is current
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  it('puts only the seats still open to a runoff', async () => {
    const [x, y, z] = await t.factory.signedInMany(3);
    const election = await driver.nominated(
      {
        termLabel: '2029-H1',
        contests: [{ position: 'CO_CHAIR', seats: 2, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] }],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(x), person(y), person(z)]],
    );
    const [coChairs] = election.contests.map((contest) => contest.id);
    // X is elected; Y and Z tie for the last seat.
    await driver.paper({
      electionId: election.id,
      ballotsCast: 7,
      contests: [
        paperCount(coChairs, [
          [x, 4],
          [y, 2],
          [z, 2],
        ]),
      ],
    });
    const tallied = (await t.client.ok(RESULTS, { id: election.id }, x.token)).election;
    expect(
      Object.fromEntries(tallied.contests[0].results.map((r: any) => [r.member.id, r.outcome])),
    ).toEqual({ [x.member.id]: 'ELECTED', [y.member.id]: 'IN_RUNOFF', [z.member.id]: 'IN_RUNOFF' });

    const runoff = (await t.client.ok(RUNOFF, { contest: coChairs }, leaders.secretary.token))
      .createRunoff;
    expect(runoff.contests[0]).toMatchObject({ position: 'CO_CHAIR', seats: 1 });
  });

  it('nominates the runoff contenders best placed first', async () => {
    const [a, b, c] = await t.factory.signedInMany(3);
    const election = await driver.nominated(
      {
        termLabel: '2029-H2',
        contests: [{ position: 'CHAIR', majority: 'SIMPLE' }],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(a), person(b), person(c)]],
    );
    const [chair] = election.contests.map((contest) => contest.id);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 9,
      contests: [
        paperCount(chair, [
          [b, 3],
          [a, 4],
          [c, 2],
        ]),
      ],
    });
    const tallied = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    const inRunoff = tallied.contests[0].results
      .filter((r: any) => r.outcome === 'IN_RUNOFF')
      .map((r: any) => r.member.id);
    expect(inRunoff.length).toBeGreaterThan(1);
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    const votesOf = new Map([
      [a.member.id, 4],
      [b.member.id, 3],
      [c.member.id, 2],
    ]);
    const order = runoff.contests[0].candidates.map((candidate: any) => candidate.id);
    expect(order.map((id: string) => votesOf.get(id))).toEqual(
      [...order].map((id: string) => votesOf.get(id)).sort((p, q) => q! - p!),
    );
  });

  it('leaves a certified runoff as it was when the election it decided is rejected', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const election = await driver.nominated(
      { termLabel: '2030-H1', contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const [chair] = election.contests.map((contest) => contest.id);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 4,
      contests: [
        paperCount(chair, [
          [a, 2],
          [b, 2],
        ]),
      ],
    });
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    await driver.paper({
      electionId: runoff.id,
      ballotsCast: 4,
      contests: [
        paperCount(runoff.contests[0].id, [
          [a, 3],
          [b, 1],
        ]),
      ],
    });
    await t.client.ok(APPROVE, { id: runoff.id }, leaders.coChairRegional.token);
    await t.client.ok(APPROVE, { id: runoff.id }, leaders.coChairFederal.token);
    expect((await t.client.ok(ELECTION, { id: runoff.id }, a.token)).election.status).toBe(
      'CERTIFIED',
    );

    const rejected = (
      await t.client.ok(
        REJECT,
        { id: election.id, reason: 'Нарушения при подсчёте' },
        leaders.coChairRegional.token,
      )
    ).rejectElection;
    expect(rejected.status).toBe('REJECTED');
    expect((await t.client.ok(ELECTION, { id: runoff.id }, a.token)).election.status).toBe(
      'CERTIFIED',
    );
  });
});
