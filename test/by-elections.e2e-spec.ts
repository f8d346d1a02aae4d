import { DEFAULT_CO_CHAIR_PORTFOLIOS } from '@council/terms';
import { ByElections1765500000000 } from '../migrations/1765500000000-ByElections';
import {
  APPROVE,
  CREATE,
  ElectionDriver,
  NO_QUORUM_RULE,
  RESULTS,
  person,
} from './support/elections';
import { SCHEDULE } from './support/meetings-fixtures';
import { runMigrationStep } from './support/migration-steps';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const ROSTER = `query($label: String!) { term(label: $label) {
  roster { position portfolio member { id } } } }`;
const NOMINATE = `mutation($contest: ID!, $nominee: ID!) {
  nominate(contestId: $contest, nomineeId: $nominee) { id } }`;
const MEETING_INPUT = {
  title: 'Заседание Совета',
  startsAt: '2028-09-20T11:00:00+03:00',
  location: 'Технопарк',
  format: 'IN_PERSON',
};

// Found by a review of the founding document: a standing council whose certified election left a
// seat vacant (its only candidate won an earlier contest) had no way to fill it for the term. Without
// a secretary nobody could schedule a meeting for six months. A term with a roster now elects its
// vacant seats, and only those.
describe('by-elections for the seats a roster left vacant (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;
  let chair: SignedIn;
  let regional: SignedIn;
  let federal: SignedIn;
  let newcomer: SignedIn;

  // Each test starts from the term left without a secretary, on an app and a database of its own:
  // one test fills the seat and then tries to revert the migration.
  beforeEach(async () => {
    t = await createTestApp();
    t.clock.set('2028-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
    [chair, regional, federal, newcomer] = await t.factory.signedInMany(4);
    // The default contests; the one candidate for secretary wins the chair first.
    const election = await driver.talliedByPaper(
      { termLabel: '2028-H2', ruleset: NO_QUORUM_RULE },
      [[person(chair)], [person(regional)], [person(federal)], [person(chair)]],
    );
    const tallied = (await t.client.ok(RESULTS, { id: election.id }, chair.token)).election;
    expect(tallied.contests.map((contest: any) => contest.status)).toEqual([
      'DECIDED',
      'DECIDED',
      'DECIDED',
      'VACANT',
    ]);
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    t.clock.set('2028-07-02T09:00:00Z');
    for (const signedIn of [chair, regional, federal, newcomer, leaders.admin, leaders.member]) {
      signedIn.token = await t.factory.tokenFor(signedIn.member);
    }
  });
  afterEach(() => t.close());

  const rosterOf = async (label: string) =>
    (await t.client.ok(ROSTER, { label }, leaders.member.token)).term.roster;

  it('leaves the term without a secretary: nobody may schedule a meeting', async () => {
    expect((await rosterOf('2028-H2')).map((seat: any) => seat.position)).toEqual([
      'CHAIR',
      'CO_CHAIR',
      'CO_CHAIR',
    ]);
    for (const token of [chair.token, leaders.admin.token]) {
      const refused = await t.client.error(SCHEDULE, { input: MEETING_INPUT }, token);
      expect(refused.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a contest for a seat the roster holds, naming it, and changes nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM election`);
    for (const [contests, field] of [
      [[{ position: 'EXECUTIVE_SECRETARY' }, { position: 'CHAIR' }], 'contests.1'],
      [[{ position: 'CO_CHAIR', portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] }], 'contests.0'],
      [[{ position: 'CO_CHAIR', portfolio: 'Новый портфель' }], 'contests.0'],
    ] as const) {
      const refused = await t.client.error(
        CREATE,
        { input: { termLabel: '2028-H2', title: 'Довыборы', contests } },
        leaders.admin.token,
      );
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'TERM_HAS_ROSTER' });
      expect(Object.keys(refused.error.extensions?.fields ?? {})).toEqual([field]);
    }
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM election`)).toEqual(before);
  });

  // One story in steps: the migration's refusal needs the by-election held before it.
  it('elects the vacant seat (by default, only it) and fills the roster; the secretary then runs meetings, and the migration stays', async () => {
    // No secretary in the current term: the ADMIN runs the election (the stand-in).
    const byElection = new ElectionDriver(t, leaders.admin.token);
    const created = await byElection.create({
      termLabel: '2028-H2',
      title: 'Довыборы ответственного секретаря',
      ruleset: NO_QUORUM_RULE,
    });
    expect(created.contests.map((contest) => contest.position)).toEqual(['EXECUTIVE_SECRETARY']);
    const listed = await t.client.ok(
      `{ elections(termLabel: "2028-H2") { id status isByElection } }`,
      {},
      leaders.member.token,
    );
    expect(
      listed.elections.map((election: any) => [election.status, election.isByElection]),
    ).toEqual([
      ['DRAFT', true],
      ['CERTIFIED', false],
    ]);
    // Filtered by state: a repeated state counts once; an empty list keeps none.
    const inStates = async (status: string[], term: string | null = '2028-H2') =>
      (
        await t.client.ok(
          `query($term: String, $status: [ElectionStatus!]) { elections(termLabel: $term, status: $status) { id status } }`,
          { term, status },
          leaders.member.token,
        )
      ).elections.map((election: { id: string; status: string }) => election.status);
    expect(await inStates(['CERTIFIED'])).toEqual(['CERTIFIED']);
    expect(await inStates(['DRAFT', 'DRAFT', 'VOTING'])).toEqual(['DRAFT']);
    expect(await inStates(['DRAFT', 'CERTIFIED'])).toEqual(['DRAFT', 'CERTIFIED']);
    expect(await inStates([])).toEqual([]);
    expect(await inStates(['DRAFT'], null)).toEqual(['DRAFT']);
    // No longer than the states there are, as every other status filter.
    const tooMany = await t.client.error(
      `query($status: [ElectionStatus!]) { elections(status: $status) { id } }`,
      { status: Array.from({ length: 8 }, () => 'DRAFT') },
      leaders.member.token,
    );
    expect(tooMany.error.extensions?.fieldReasons).toEqual({ status: 'INVALID_INPUT' });
    await byElection.openNominations(created.id);
    // Nobody holds two seats in a term: a sitting co-chair cannot stand.
    const seated = await t.client.error(
      NOMINATE,
      { contest: created.contests[0].id, nominee: regional.member.id },
      leaders.admin.token,
    );
    expect(seated).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOMINEE_HOLDS_SEAT' });
    expect(Object.keys(seated.error.extensions?.fields ?? {})).toEqual(['nomineeId']);
    await byElection.stand(created, [[person(newcomer)]]);
    await byElection.paper({
      electionId: created.id,
      ballotsCast: 3,
      contests: [{ contestId: created.contests[0].id, yes: 3, no: 0 }],
    });
    // Approved by the co-chairs of the term in which it is approved: this one's.
    await t.client.ok(APPROVE, { id: created.id }, regional.token);
    const certified = (await t.client.ok(APPROVE, { id: created.id }, federal.token))
      .approveElection;
    expect(certified.status).toBe('CERTIFIED');

    const roster = await rosterOf('2028-H2');
    expect(roster.map((seat: any) => [seat.position, seat.member.id])).toEqual([
      ['CHAIR', chair.member.id],
      ['CO_CHAIR', regional.member.id],
      ['CO_CHAIR', federal.member.id],
      ['EXECUTIVE_SECRETARY', newcomer.member.id],
    ]);
    const [filled] = await t.dataSource.query(
      `SELECT summary FROM audit_entry WHERE action = 'terms.vacant_seats_filled'`,
    );
    expect(filled.summary).toMatchObject({
      electionId: created.id,
      seats: [{ position: 'EXECUTIVE_SECRETARY', seatNo: 1, memberId: newcomer.member.id }],
    });
    // Roles follow the roster at once: the new secretary schedules; the ADMIN no longer runs elections.
    const secretaryToken = await t.factory.tokenFor(newcomer.member);
    await t.client.ok(SCHEDULE, { input: MEETING_INPUT }, secretaryToken);
    const full = await t.client.error(
      CREATE,
      { input: { termLabel: '2028-H2', title: 'Ещё раз' } },
      secretaryToken,
    );
    expect(full).toMatchObject({ code: 'CONFLICT', reason: 'TERM_HAS_ROSTER' });
    expect(
      (
        await t.client.error(
          CREATE,
          { input: { termLabel: '2029-H1', title: 'Выборы' } },
          leaders.admin.token,
        )
      ).code,
    ).toBe('FORBIDDEN');

    // Once a term held a by-election, the migration refuses to revert.
    await expect(runMigrationStep(t, new ByElections1765500000000(), 'down')).rejects.toThrow(
      /^ByElections cannot be reverted/,
    );
  });
});

describe('the by-elections migration on a database without one (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reverts and applies again', async () => {
    const index = `SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_election_live_per_term'`;
    await runMigrationStep(t, new ByElections1765500000000(), 'down');
    expect((await t.dataSource.query(index))[0].indexdef).not.toContain('CERTIFIED');
    await runMigrationStep(t, new ByElections1765500000000(), 'up');
    expect((await t.dataSource.query(index))[0].indexdef).toContain('CERTIFIED');
    const [column] = await t.dataSource.query(
      `SELECT column_default FROM information_schema.columns
        WHERE table_name = 'election' AND column_name = 'by_election'`,
    );
    expect(column.column_default).toBe('false');
  });
});

// Found by review: the first down check (two elections for one term) missed a by-election on a
// founding roster, the term's only election; reverted, the old code could never certify it.
describe('a by-election on a founding roster with seats vacant (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-02-01T09:00:00Z');
  });
  afterAll(() => t.close());

  it('is run and certified by the ADMIN (no secretary, no co-chairs), and the migration then stays', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const chair = await t.factory.member();
    await t.client.ok(
      `mutation($seats: [SeatInput!]!) { appointFoundingRoster(termLabel: "2028-H1", seats: $seats) { label } }`,
      { seats: [{ position: 'CHAIR', memberId: chair.id }] },
      admin.token,
    );
    const driver = new ElectionDriver(t, admin.token);
    const [regional, federal, secretary] = await t.factory.signedInMany(3);
    const created = await driver.create({ termLabel: '2028-H1', ruleset: NO_QUORUM_RULE });
    expect(created.contests.map((contest) => contest.position)).toEqual([
      'CO_CHAIR',
      'CO_CHAIR',
      'EXECUTIVE_SECRETARY',
    ]);
    // Under way already: reverting would leave it uncertifiable.
    await expect(runMigrationStep(t, new ByElections1765500000000(), 'down')).rejects.toThrow(
      /^ByElections cannot be reverted/,
    );
    await driver.openNominations(created.id);
    await driver.stand(created, [[person(regional)], [person(federal)], [person(secretary)]]);
    await driver.paper({
      electionId: created.id,
      ballotsCast: 3,
      contests: created.contests.map((contest) => ({ contestId: contest.id, yes: 3, no: 0 })),
    });
    expect(
      (await t.client.ok(APPROVE, { id: created.id }, admin.token)).approveElection.status,
    ).toBe('CERTIFIED');
    const roster = (await t.client.ok(ROSTER, { label: '2028-H1' }, admin.token)).term.roster;
    expect(roster.map((seat: any) => [seat.position, seat.portfolio, seat.member.id])).toEqual([
      ['CHAIR', null, chair.id],
      ['CO_CHAIR', DEFAULT_CO_CHAIR_PORTFOLIOS[0], regional.member.id],
      ['CO_CHAIR', DEFAULT_CO_CHAIR_PORTFOLIOS[1], federal.member.id],
      ['EXECUTIVE_SECRETARY', null, secretary.member.id],
    ]);
    await expect(runMigrationStep(t, new ByElections1765500000000(), 'down')).rejects.toThrow(
      /^ByElections cannot be reverted/,
    );
  });
});
