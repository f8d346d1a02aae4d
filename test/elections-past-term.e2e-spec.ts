import {
  APPROVE,
  CANCEL,
  CHAIR_ONLY,
  CLOSE,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_NOMINATIONS,
  OPEN_VOTING,
  PAPER,
  REJECT,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import { leadershipSeats } from './support/test-factory';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const STATUS = `query($id: ID!) { election(id: $id) { id status } }`;
const ROSTER = `query($label: String!) { term(label: $label) { label roster { position } } }`;

// 20 June 2040 in Moscow: the 2040-H1 leadership prepares the election of the 2040-H2 one.
const BEFORE = '2040-06-20T09:00:00Z';
// 15 January 2041: 2040-H2 is over; 2041-H1 is led by the same people.
const AFTER = '2041-01-15T09:00:00Z';

describe('elections: once the target term is over (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const spec = { termLabel: '2040-H2', contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(BEFORE);
    leaders = await t.factory.leadership('2040-H1');
    await t.factory.installRoster(
      '2041-H1',
      leadershipSeats({
        chair: leaders.chair,
        coChairs: [leaders.coChairRegional, leaders.coChairFederal],
        secretary: leaders.secretary,
      }),
    );
  });
  afterAll(() => t.close());

  // Tokens are minted at the new instant: the clock jumps by half a year.
  const after = async () => {
    t.clock.set(AFTER);
    const [secretary, coChair, admin] = await Promise.all(
      [leaders.secretary, leaders.coChairRegional, leaders.admin].map((leader) =>
        t.factory.tokenFor(leader.member),
      ),
    );
    return { secretary, coChair, admin };
  };
  const statusOf = async (id: string, token: string) =>
    (await t.client.ok(STATUS, { id }, token)).election.status;

  it('refuses to open nominations (TERM_IN_PAST) and lets the secretary cancel', async () => {
    t.clock.set(BEFORE);
    const election = await new ElectionDriver(t, leaders.secretary.token).create(spec);

    const tokens = await after();
    const refused = await t.client.error(OPEN_NOMINATIONS, { id: election.id }, tokens.secretary);
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'TERM_IN_PAST' });
    expect(await statusOf(election.id, tokens.secretary)).toBe('DRAFT');
    const cancelled = await t.client.ok(
      CANCEL,
      { id: election.id, reason: 'Срок истёк' },
      tokens.secretary,
    );
    expect(cancelled.cancelElection.status).toBe('CANCELLED');
  });

  it('refuses to open the vote (TERM_IN_PAST) and lets the secretary cancel', async () => {
    t.clock.set(BEFORE);
    const election = await new ElectionDriver(t, leaders.secretary.token).nominated(spec, [
      [person(leaders.member)],
    ]);

    const tokens = await after();
    const refused = await t.client.error(OPEN_VOTING, { id: election.id }, tokens.secretary);
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'TERM_IN_PAST' });
    expect(await statusOf(election.id, tokens.secretary)).toBe('NOMINATION');
    const cancelled = await t.client.ok(
      CANCEL,
      { id: election.id, reason: 'Срок истёк' },
      tokens.secretary,
    );
    expect(cancelled.cancelElection.status).toBe('CANCELLED');
  });

  it('closes an open vote, refuses to approve it (TERM_IN_PAST, no roster) and lets a co-chair reject it', async () => {
    t.clock.set(BEFORE);
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.voting(spec, [[person(leaders.member)]]);
    await driver.cast(election.id, leaders.chair.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);

    const tokens = await after();
    // The tally is a record of the vote that took place: closing stays possible.
    const closed = await t.client.ok(CLOSE, { id: election.id }, tokens.secretary);
    expect(closed.closeVoting.status).toBe('TALLIED');
    for (const token of [tokens.coChair, tokens.admin]) {
      const refused = await t.client.error(APPROVE, { id: election.id }, token);
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'TERM_IN_PAST' });
    }
    expect(await statusOf(election.id, tokens.secretary)).toBe('TALLIED');
    expect((await t.client.ok(ROSTER, { label: '2040-H2' }, tokens.secretary)).term.roster).toEqual(
      [],
    );
    const rejected = await t.client.ok(
      REJECT,
      { id: election.id, reason: 'Срок истёк до утверждения' },
      tokens.coChair,
    );
    expect(rejected.rejectElection.status).toBe('REJECTED');
  });

  it('refuses a paper result straight from nominations and a runoff (TERM_IN_PAST)', async () => {
    t.clock.set(BEFORE);
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const pending = await driver.nominated(spec, [[person(leaders.member)]]);
    let tokens = await after();
    const paper = await t.client.error(
      PAPER,
      {
        input: {
          electionId: pending.id,
          ballotsCast: 3,
          contests: [{ contestId: pending.contests[0].id, yes: 3, no: 0 }],
        },
      },
      tokens.secretary,
    );
    expect(paper).toMatchObject({ code: 'CONFLICT', reason: 'TERM_IN_PAST' });
    expect(await statusOf(pending.id, tokens.secretary)).toBe('NOMINATION');
    await t.client.ok(CANCEL, { id: pending.id, reason: 'Срок истёк' }, tokens.secretary);

    // A tie counted before the term ended: no runoff afterwards.
    t.clock.set(BEFORE);
    const [y, z] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    const tied = await driver.nominated(spec, [[person(y), person(z)]]);
    await driver.paper({
      electionId: tied.id,
      ballotsCast: 2,
      contests: [
        paperCount(tied.contests[0].id, [
          [y, 1],
          [z, 1],
        ]),
      ],
    });
    tokens = await after();
    const runoff = await t.client.error(RUNOFF, { contest: tied.contests[0].id }, tokens.secretary);
    expect(runoff).toMatchObject({ code: 'CONFLICT', reason: 'TERM_IN_PAST' });
    await t.client.ok(REJECT, { id: tied.id, reason: 'Срок истёк' }, tokens.coChair);
  });
});
