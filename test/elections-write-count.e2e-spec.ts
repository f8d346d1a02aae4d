import { QueryCounter } from '@council/database';
import {
  APPROVE,
  ElectionDriver,
  NO_QUORUM_RULE,
  PAPER,
  RESULTS,
  RUNOFF,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The writes of an election's count do not grow with its size: storing the tally of 4 contests
// (the default election) costs the statements of 1, and settling a runoff between 4 tied
// candidates those of 2 (found by review: one UPDATE and one INSERT per contest, one UPDATE per
// runoff contender).
const ALL_CONTESTS = [
  { position: 'CHAIR' },
  { position: 'CO_CHAIR', portfolio: 'Регионы' },
  { position: 'CO_CHAIR', portfolio: 'Федерация' },
  { position: 'EXECUTIVE_SECRETARY' },
];

describe('elections: SQL statements per write do not grow with contests or contenders (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;
  let people: SignedIn[];
  let next = 0;
  const nextPeople = (count: number) => {
    next += count;
    return people.slice(next - count, next);
  };

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
    people = await t.factory.signedInMany(24);
  });
  afterAll(() => t.close());

  async function statements(query: string, variables: Record<string, unknown>, token: string) {
    QueryCounter.reset();
    const data = await t.client.ok(query, variables, token);
    return { count: QueryCounter.count, data };
  }

  // One candidate per contest, each with 2 Yes out of 3 ballots.
  async function closedWith(contests: number): Promise<number> {
    const candidates = nextPeople(contests);
    const election = await driver.voting(
      { contests: ALL_CONTESTS.slice(0, contests) as any, ruleset: NO_QUORUM_RULE },
      candidates.map((candidate) => [person(candidate)]),
    );
    const voters = nextPeople(3);
    for (const [index, voter] of voters.entries()) {
      await driver.cast(
        election.id,
        voter.token,
        election.contests.map((contest) => ({
          contestId: contest.id,
          answer: index < 2 ? 'YES' : 'NO',
        })),
      );
    }
    const { count, data } = await statements(
      `mutation($id: ID!) { closeVoting(electionId: $id) { id status } }`,
      { id: election.id },
      leaders.secretary.token,
    );
    expect(data.closeVoting.status).toBe('TALLIED');
    const results = (await t.client.ok(RESULTS, { id: election.id }, leaders.member.token))
      .election;
    expect(results.contests).toHaveLength(contests);
    for (const contest of results.contests) {
      expect(contest).toMatchObject({ status: 'DECIDED', validBallots: 3, abstentions: 0 });
      expect(contest.results).toEqual([
        expect.objectContaining({ votes: 2, noVotes: 1, elected: true, outcome: 'ELECTED' }),
      ]);
      expect(contest.explanation).toEqual(expect.any(String));
    }
    return count;
  }

  async function paperWith(contests: number): Promise<number> {
    const candidates = nextPeople(contests);
    const election = await driver.nominated(
      { contests: ALL_CONTESTS.slice(0, contests) as any, ruleset: NO_QUORUM_RULE },
      candidates.map((candidate) => [person(candidate)]),
    );
    const { count } = await statements(
      `mutation($input: PaperResultInput!) { recordPaperResult(input: $input) { id status } }`,
      {
        input: {
          electionId: election.id,
          ballotsCast: 3,
          contests: election.contests.map((contest) => ({ contestId: contest.id, yes: 3, no: 0 })),
        },
      },
      leaders.secretary.token,
    );
    const results = (await t.client.ok(RESULTS, { id: election.id }, leaders.member.token))
      .election;
    expect(results.status).toBe('TALLIED');
    for (const contest of results.contests) {
      expect(contest.status).toBe('DECIDED');
      expect(contest.results).toEqual([expect.objectContaining({ votes: 3, elected: true })]);
    }
    return count;
  }

  // `tied` candidates tie for the chair; the runoff elects the first; its certification settles
  // the parent's contest.
  async function runoffSettledWith(tied: number): Promise<number> {
    const contenders = nextPeople(tied);
    const election = await driver.nominated(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [contenders.map(person)],
    );
    const [chair] = election.contests;
    await driver.paper({
      electionId: election.id,
      ballotsCast: 2 * tied,
      contests: [
        {
          contestId: chair.id,
          counts: contenders.map((c) => ({ candidateId: c.member.id, votes: 2 })),
        },
      ],
    });
    const runoff = (await t.client.ok(RUNOFF, { contest: chair.id }, leaders.secretary.token))
      .createRunoff;
    await t.client.ok(
      PAPER,
      {
        input: {
          electionId: runoff.id,
          ballotsCast: tied + 1,
          contests: [
            {
              contestId: runoff.contests[0].id,
              counts: contenders.map((c, index) => ({
                candidateId: c.member.id,
                votes: index === 0 ? 2 : 1,
              })),
            },
          ],
        },
      },
      leaders.secretary.token,
    );
    await t.client.ok(APPROVE, { id: runoff.id }, leaders.coChairRegional.token);
    const { count } = await statements(APPROVE, { id: runoff.id }, leaders.coChairFederal.token);
    const parent = (await t.client.ok(RESULTS, { id: election.id }, leaders.member.token)).election;
    expect(parent.contests[0].status).toBe('DECIDED');
    const outcomes = Object.fromEntries(
      parent.contests[0].results.map((r: any) => [r.member.id, [r.outcome, r.elected]]),
    );
    expect(outcomes).toEqual(
      Object.fromEntries(
        contenders.map((c, index) => [
          c.member.id,
          index === 0 ? ['ELECTED_IN_RUNOFF', true] : ['NOT_ELECTED', false],
        ]),
      ),
    );
    for (const result of parent.contests[0].results) {
      expect(result.explanation).toMatch(/; /);
    }
    return count;
  }

  it('closes the vote of 4 contests with the statements of 1', async () => {
    const one = await closedWith(1);
    const four = await closedWith(4);
    expect(four).toBe(one);
  });

  it('records a paper result of 4 contests with the statements of 1', async () => {
    const one = await paperWith(1);
    const four = await paperWith(4);
    expect(four).toBe(one);
  });

  it('settles a runoff between 4 tied candidates with the statements of 2', async () => {
    const two = await runoffSettledWith(2);
    const four = await runoffSettledWith(4);
    expect(four).toBe(two);
  });
});
