import { randomUUID } from 'node:crypto';
import { QueryCounter } from '@council/database';
import { BallotsService } from '@council/elections';
import {
  CAST,
  ELECTION,
  ElectionDriver,
  ballotRowCounts,
  NO_QUORUM_RULE,
  BuiltElection,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { id status } }`;

describe('elections: ballot rules and the electorate (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;
  let election: BuiltElection;
  let candidates: SignedIn[];
  let ids: { chair: string; board: string; secretary: string };
  let invited: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  // Each test votes in an election of its own, with candidates of its own: the tests cast,
  // suspend and close the vote, so none may depend on which ran before it.
  beforeEach(async () => {
    candidates = await t.factory.signedInMany(6);
    // Invited but not yet active when the vote opens.
    invited = await t.factory.member({ status: 'INVITED' as never });
    const [a, b, c, d, e, s] = candidates.map(person);
    election = await driver.voting(
      {
        contests: [
          { position: 'CHAIR' },
          { position: 'CO_CHAIR', seats: 2, portfolio: 'Отношения с органами власти' },
          { position: 'EXECUTIVE_SECRETARY' },
        ],
        ruleset: NO_QUORUM_RULE,
      },
      [[a, b], [c, d, e], [s]],
    );
    const [chair, board, secretary] = election.contests.map((contest) => contest.id);
    ids = { chair, board, secretary };
  });
  afterAll(() => t.close());

  const stored = () => ballotRowCounts(t, election.id);
  const cast = (token: string, choices: unknown[], electionId = election.id) =>
    t.client.request<any>(CAST, { input: { electionId, choices } }, token);

  it('refuses every malformed ballot as BAD_USER_INPUT and stores nothing', async () => {
    const [a, b, c, d, e] = candidates.map((candidate) => candidate.member.id);
    const good = () => [
      { contestId: ids.chair, candidateIds: [a] },
      { contestId: ids.board, candidateIds: [c, d] },
      { contestId: ids.secretary, answer: 'YES' },
    ];
    const cases: Array<[string, unknown[]]> = [
      ['UNKNOWN_CONTEST', [...good(), { contestId: randomUUID(), abstain: true }]],
      ['UNKNOWN_CONTEST', [{ contestId: 'no-such-contest', abstain: true }, ...good().slice(1)]],
      ['DUPLICATE_CONTEST', [...good(), { contestId: ids.chair, abstain: true }]],
      ['CONTEST_MISSING', good().slice(0, 2)],
      ['CONTEST_MISSING', []],
      ['UNKNOWN_CANDIDATE', [{ contestId: ids.chair, candidateIds: [c] }, ...good().slice(1)]],
      [
        'UNKNOWN_CANDIDATE',
        [{ contestId: ids.chair, candidateIds: [randomUUID()] }, ...good().slice(1)],
      ],
      ['TOO_MANY_CHOICES', [{ contestId: ids.chair, candidateIds: [a, b] }, ...good().slice(1)]],
      [
        'TOO_MANY_CHOICES',
        [good()[0], { contestId: ids.board, candidateIds: [c, d, e] }, good()[2]],
      ],
      [
        'DUPLICATE_CANDIDATE',
        [good()[0], { contestId: ids.board, candidateIds: [c, c] }, good()[2]],
      ],
      ['EMPTY_CHOICE', [{ contestId: ids.chair, candidateIds: [] }, ...good().slice(1)]],
      [
        'CONFLICTING_CHOICE',
        [{ contestId: ids.chair, candidateIds: [a], abstain: true }, ...good().slice(1)],
      ],
      ['ANSWER_NOT_ALLOWED', [{ contestId: ids.chair, answer: 'YES' }, ...good().slice(1)]],
      ['ANSWER_REQUIRED', [...good().slice(0, 2), { contestId: ids.secretary }]],
      [
        'UNKNOWN_CANDIDATE',
        [...good().slice(0, 2), { contestId: ids.secretary, answer: 'YES', candidateIds: [a] }],
      ],
      [
        // Refused by GraphQL itself (an unknown input field).
        'BAD_USER_INPUT',
        [...good().slice(0, 2), { contestId: ids.secretary, answer: 'YES', extra: 1 }],
      ],
    ];
    const voter = candidates[0];
    for (const [reason, choices] of cases) {
      const response = await cast(voter.token, choices);
      expect({ reason, got: response.errors?.[0].extensions }).toEqual({
        reason,
        got: expect.objectContaining({ code: 'BAD_USER_INPUT', reason }),
      });
    }
    expect(await stored()).toEqual({ voters: 0, ballots: 0, codes: 0 });
    const response = await cast(voter.token, good());
    expect(response.errors).toBeUndefined();
  });

  it('accepts abstaining and up to `seats` choices; one ballot per voter', async () => {
    const [, b, c] = candidates.map((candidate) => candidate.member.id);
    const voter = candidates[1];
    const before = await stored();
    const code = await driver.cast(election.id, voter.token, [
      { contestId: ids.chair, abstain: true },
      { contestId: ids.board, candidateIds: [c] },
      { contestId: ids.secretary, answer: 'NO' },
    ]);
    // At least 128 random bits, URL-safe.
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);
    const again = await cast(voter.token, [
      { contestId: ids.chair, candidateIds: [b] },
      { contestId: ids.board, abstain: true },
      { contestId: ids.secretary, answer: 'ABSTAIN' },
    ]);
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_VOTED',
    });
    expect(await stored()).toEqual({
      voters: before.voters + 1,
      ballots: before.ballots + 1,
      codes: before.codes + 1,
    });
    const view = (await t.client.ok(ELECTION, { id: election.id }, voter.token)).election;
    expect(view).toMatchObject({ hasVoted: true, turnout: before.voters + 1 });
  });

  // The moment everyone votes at once: once the ballot paper is known (after the first ballot), a
  // cast is the session check and one statement, with no transaction around it.
  it('records a ballot in one statement after the session check', async () => {
    // The first ballot makes the paper known.
    await driver.cast(election.id, candidates[0].token, [
      { contestId: ids.chair, abstain: true },
      { contestId: ids.board, abstain: true },
      { contestId: ids.secretary, answer: 'NO' },
    ]);
    const voter = candidates[3];
    const before = await stored();
    QueryCounter.reset();
    const response = await cast(voter.token, [
      { contestId: ids.chair, abstain: true },
      { contestId: ids.board, abstain: true },
      { contestId: ids.secretary, answer: 'YES' },
    ]);
    expect(response.errors).toBeUndefined();
    expect(QueryCounter.count).toBe(2);
    expect(await stored()).toEqual({
      voters: before.voters + 1,
      ballots: before.ballots + 1,
      codes: before.codes + 1,
    });
  });

  it('lets only the electorate fixed at the opening vote', async () => {
    const choices = [
      { contestId: ids.chair, abstain: true },
      { contestId: ids.board, abstain: true },
      { contestId: ids.secretary, answer: 'ABSTAIN' },
    ];
    // Joined after the vote opened: told by the election itself before a ballot is built.
    const newcomer = await t.factory.signedIn();
    const ELECTORATE = `query($id: ID!) { election(id: $id) { status hasVoted isInElectorate } }`;
    expect((await t.client.ok(ELECTORATE, { id: election.id }, newcomer.token)).election).toEqual({
      status: 'VOTING',
      hasVoted: false,
      isInElectorate: false,
    });
    expect(
      (await t.client.ok(ELECTORATE, { id: election.id }, candidates[5].token)).election,
    ).toMatchObject({ status: 'VOTING', isInElectorate: true });
    const late = await cast(newcomer.token, choices);
    expect(late.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_IN_ELECTORATE',
    });

    // Activated after the vote opened.
    await t.dataSource.query(`UPDATE member SET status = 'ACTIVE' WHERE id = $1`, [invited.id]);
    const activated = await cast(await t.factory.tokenFor(invited as never), choices);
    expect(activated.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_IN_ELECTORATE',
    });

    // Suspended after the vote opened: locked out while suspended, votes once reactivated.
    const elector = candidates[2];
    await t.client.ok(SUSPEND, { id: elector.member.id }, leaders.admin.token);
    const suspended = await cast(elector.token, choices);
    expect(suspended.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await t.client.ok(REACTIVATE, { id: elector.member.id }, leaders.admin.token);
    const token = await t.factory.tokenFor(elector.member);
    expect((await cast(token, choices)).errors).toBeUndefined();

    const before = await stored();
    expect(before.voters).toBe(before.ballots);
    expect(before.codes).toBe(before.ballots);
  });

  // Found by hand mutation testing: the gate's own check that the voter is active was never
  // reached (a suspended member's requests stop at authentication), so a ballot whose request was
  // authenticated just before the suspension committed could have been counted.
  it('refuses, inside the cast itself, a voter suspended after their request was authenticated', async () => {
    const voter = candidates[3];
    const before = await stored();
    await t.client.ok(SUSPEND, { id: voter.member.id }, leaders.admin.token);
    try {
      await expect(
        t.app.get(BallotsService).castBallot(voter.member.id, election.id, [
          { contestId: ids.chair, abstain: true },
          { contestId: ids.board, abstain: true },
          { contestId: ids.secretary, answer: 'ABSTAIN' as never },
        ]),
      ).rejects.toMatchObject({ kind: 'FORBIDDEN', reason: 'NOT_IN_ELECTORATE' });
      expect(await stored()).toEqual(before);
    } finally {
      await t.client.ok(REACTIVATE, { id: voter.member.id }, leaders.admin.token);
    }
  });

  it('refuses ballots outside the vote', async () => {
    const [a, b] = candidates;
    const unknown = await cast(a.token, [], randomUUID());
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const notYet = await driver.nominated(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a)]],
    );
    const early = await cast(
      a.token,
      [{ contestId: notYet.contests[0].id, answer: 'YES' }],
      notYet.id,
    );
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VOTING_NOT_OPEN',
    });

    await driver.close(election.id);
    const afterClose = await cast(b.token, [
      { contestId: ids.chair, abstain: true },
      { contestId: ids.board, abstain: true },
      { contestId: ids.secretary, answer: 'ABSTAIN' },
    ]);
    expect(afterClose.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'VOTING_NOT_OPEN',
    });
  });
});
