import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position } from '@council/terms';
import {
  APPROVE,
  BALLOT_BOX,
  CANCEL,
  ELECTION,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_VOTING,
  PAPER,
  REJECT,
  RESULTS,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const ROSTER = `query($label: String!) { term(label: $label) { roster { position member { id } } } }`;
const RESULTS_RU = `query($id: ID!) { election(id: $id) {
  contests { explanation(language: RU) results { explanation(language: RU) } } } }`;
const PENDING = `query($id: ID!) { election(id: $id) { pendingApprovals { capacity member { id } standingInFor { id } } } }`;

describe('elections: quorum, runoffs, certification, rejection, paper votes (e2e)', () => {
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

  const approveByCoChairs = async (id: string) => {
    await t.client.ok(APPROVE, { id }, leaders.coChairRegional.token);
    return (await t.client.ok(APPROVE, { id }, leaders.coChairFederal.token)).approveElection;
  };
  // The default four contests, one candidate each (in contest order), one YES ballot, closed.
  const talliedWithOneCandidateEach = async (
    termLabel: string,
    voter: SignedIn,
    candidates: SignedIn[],
  ) => {
    const election = await driver.voting(
      { termLabel, ruleset: NO_QUORUM_RULE },
      candidates.map((candidate) => [person(candidate)]),
    );
    await driver.cast(
      election.id,
      voter.token,
      election.contests.map((contest: any) => ({ contestId: contest.id, answer: 'YES' })),
    );
    await driver.close(election.id);
    return election;
  };
  const roster = async (label: string) =>
    (await t.client.ok(ROSTER, { label }, leaders.member.token)).term.roster.map((seat: any) => [
      seat.position,
      seat.member.id,
    ]);

  it('ends TALLIED without quorum: results visible, nobody elected, approval refused', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const election = await driver.voting({ contests: [{ position: 'CHAIR' }] }, [
      [person(a), person(b)],
    ]);
    const chair = election.contests[0].id;
    await driver.cast(election.id, a.token, [{ contestId: chair, candidateIds: [a.member.id] }]);
    const closed = await driver.close(election.id);
    expect(closed).toMatchObject({ status: 'TALLIED', turnout: 1, quorumReached: false });
    expect(closed.explanation).toMatch(
      /^Turnout 1 of \d+ \(quorum \d+: more than half of the electorate\): not reached\.$/,
    );
    const results = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    expect(results.contests[0].status).toBe('NO_QUORUM');
    expect(results.contests[0].results.map((r: any) => [r.votes, r.elected])).toEqual([
      [1, false],
      [0, false],
    ]);
    const refused = await t.client.error(
      APPROVE,
      { id: election.id },
      leaders.coChairRegional.token,
    );
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'QUORUM_NOT_REACHED' });
    expect((await t.client.ok(ELECTION, { id: election.id }, a.token)).election.approvals).toEqual(
      [],
    );
    const rejected = (
      await t.client.ok(
        REJECT,
        { id: election.id, reason: 'Нет кворума' },
        leaders.coChairFederal.token,
      )
    ).rejectElection;
    expect(rejected).toMatchObject({ status: 'REJECTED', statusReason: 'Нет кворума' });
  });

  it('takes a blank approval comment as no comment, and keeps a real one', async () => {
    const a = await t.factory.signedIn();
    const election = await driver.talliedByPaper(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a)]],
    );
    await t.client.ok(
      APPROVE,
      { id: election.id, comment: ' \u200b ' },
      leaders.coChairRegional.token,
    );
    await t.client.ok(
      APPROVE,
      { id: election.id, comment: '  Процедура соблюдена ' },
      leaders.coChairFederal.token,
    );
    const comments = await t.dataSource.query(
      `SELECT comment FROM election_approval WHERE election_id = $1 ORDER BY comment NULLS FIRST`,
      [election.id],
    );
    expect(comments.map((row: { comment: string | null }) => row.comment)).toEqual([
      null,
      'Процедура соблюдена',
    ]);
  });

  it('decides a tie by a runoff; the parent is certified once the runoff is', async () => {
    const [a, b, s, v1, v2] = await t.factory.signedInMany(5);
    const termLabel = '2028-H2';
    const election = await driver.voting(
      {
        termLabel,
        contests: [{ position: 'CHAIR' }, { position: 'EXECUTIVE_SECRETARY' }],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(a), person(b)], [person(s)]],
    );
    const [chair, secretarySeat] = election.contests.map((contest) => contest.id);
    const ballot = (pick: SignedIn) => [
      { contestId: chair, candidateIds: [pick.member.id] },
      { contestId: secretarySeat, answer: 'YES' },
    ];
    for (const [voter, pick] of [
      [a, a],
      [v1, a],
      [b, b],
      [v2, b],
    ] as const) {
      await driver.cast(election.id, voter.token, ballot(pick));
    }
    await driver.close(election.id);
    const tallied = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    expect(tallied.contests.map((c: any) => c.status)).toEqual(['UNDECIDED', 'DECIDED']);
    expect(tallied.contests[0].results.map((r: any) => r.outcome)).toEqual([
      'IN_RUNOFF',
      'IN_RUNOFF',
    ]);
    expect(tallied.contests[0].explanation).toContain('Tie for the last seat');

    const early = await t.client.error(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    expect(early).toMatchObject({ code: 'CONFLICT', reason: 'CONTEST_UNDECIDED' });
    const decided = await t.client.error(
      RUNOFF,
      { contest: secretarySeat },
      leaders.secretary.token,
    );
    expect(decided).toMatchObject({ code: 'CONFLICT', reason: 'CONTEST_NOT_UNDECIDED' });

    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    expect(runoff).toMatchObject({
      status: 'NOMINATION',
      term: { label: termLabel },
      parent: { id: election.id },
      runoffFor: { id: chair },
      ruleset: { quorumNumerator: 0, quorumComparison: 'AT_LEAST' },
    });
    expect(runoff.contests).toHaveLength(1);
    expect(runoff.contests[0]).toMatchObject({ position: 'CHAIR', seats: 1 });
    expect(runoff.contests[0].candidates.map((c: any) => c.id).sort()).toEqual(
      [a.member.id, b.member.id].sort(),
    );
    const second = await t.client.error(RUNOFF, { contest: chair }, leaders.secretary.token);
    expect(second).toMatchObject({ code: 'CONFLICT', reason: 'RUNOFF_EXISTS' });

    await driver.openVoting(runoff.id);
    const runoffContest = runoff.contests[0].id;
    for (const [voter, pick] of [
      [a, a],
      [v1, a],
      [v2, a],
      [b, b],
    ] as const) {
      await driver.cast(runoff.id, voter.token, [
        { contestId: runoffContest, candidateIds: [pick.member.id] },
      ]);
    }
    await driver.close(runoff.id);
    expect((await approveByCoChairs(runoff.id)).status).toBe('CERTIFIED');
    // The runoff installs nothing by itself: it settles the parent's contest.
    expect(await roster(termLabel)).toEqual([]);
    const settled = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    expect(settled.contests[0].status).toBe('DECIDED');
    expect(
      Object.fromEntries(settled.contests[0].results.map((r: any) => [r.member.id, r.outcome])),
    ).toEqual({ [a.member.id]: 'ELECTED_IN_RUNOFF', [b.member.id]: 'NOT_ELECTED' });
    expect(settled.contests[0].explanation).toContain('certified:');

    expect((await approveByCoChairs(election.id)).status).toBe('CERTIFIED');
    expect(await roster(termLabel)).toEqual([
      [Position.CHAIR, a.member.id],
      [Position.EXECUTIVE_SECRETARY, s.member.id],
    ]);
  });

  it('gives a runoff the title the secretary chose, or one made from the parent and the contest', async () => {
    const TITLED_RUNOFF = `mutation($contest: ID!, $title: String) { createRunoff(contestId: $contest, title: $title) { id title } }`;
    const [a, b, c, d] = await t.factory.signedInMany(4);
    const election = await driver.voting(
      { title: 'Выборы руководства', contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const chair = election.contests[0].id;
    await driver.cast(election.id, c.token, [{ contestId: chair, candidateIds: [a.member.id] }]);
    await driver.cast(election.id, d.token, [{ contestId: chair, candidateIds: [b.member.id] }]);
    expect((await driver.close(election.id)).contests[0].status).toBe('UNDECIDED');
    const runoffsOf = async () =>
      (
        await t.dataSource.query(
          `SELECT title FROM election WHERE parent_election_id = $1 ORDER BY created_at`,
          [election.id],
        )
      ).map((row: { title: string }) => row.title);

    const blank = await t.client.error(
      TITLED_RUNOFF,
      { contest: chair, title: '   ' },
      leaders.secretary.token,
    );
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(blank.error.extensions?.fields).toEqual({ title: [expect.any(String)] });
    const tooLong = await t.client.error(
      TITLED_RUNOFF,
      { contest: chair, title: 'Ё'.repeat(201) },
      leaders.secretary.token,
    );
    expect(tooLong.code).toBe('BAD_USER_INPUT');
    expect(tooLong.error.extensions?.fields).toEqual({ title: [expect.any(String)] });
    expect(await runoffsOf()).toEqual([]);

    const titled = (
      await t.client.ok(
        TITLED_RUNOFF,
        { contest: chair, title: '  Второй тур: председатель  ' },
        leaders.secretary.token,
      )
    ).createRunoff;
    expect(titled.title).toBe('Второй тур: председатель');
    const [entry] = await t.dataSource.query(
      `SELECT summary FROM audit_entry WHERE action = 'elections.runoff_created' AND entity_id = $1`,
      [titled.id],
    );
    expect(entry.summary.title).toBe('Второй тур: председатель');

    await t.client.ok(
      CANCEL,
      { id: titled.id, reason: 'Не тот заголовок' },
      leaders.secretary.token,
    );
    const untitled = (await t.client.ok(TITLED_RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    expect(untitled.title).toBe('Выборы руководства — повторное голосование: Председатель');
    expect(await runoffsOf()).toEqual([
      'Второй тур: председатель',
      'Выборы руководства — повторное голосование: Председатель',
    ]);
  });

  it('leaves a contender whose account is not active out of the runoff, so the council can finish', async () => {
    const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;
    const [a, b, c, d] = await t.factory.signedInMany(4);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const chair = election.contests[0].id;
    await driver.cast(election.id, c.token, [{ contestId: chair, candidateIds: [a.member.id] }]);
    await driver.cast(election.id, d.token, [{ contestId: chair, candidateIds: [b.member.id] }]);
    expect((await driver.close(election.id)).contests[0].status).toBe('UNDECIDED');
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    // b is suspended before the runoff opens: it cannot open with them, and they cannot decline.
    await t.client.ok(SUSPEND, { id: b.member.id }, leaders.admin.token);
    expect(
      await t.client.error(OPEN_VOTING, { id: runoff.id }, leaders.secretary.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'CANDIDATE_NOT_ACTIVE' });
    // Called again, the runoff stands between those who can still be seated, and opens.
    await t.client.ok(CANCEL, { id: runoff.id, reason: 'Кандидат выбыл' }, leaders.secretary.token);
    const again = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    expect(again.contests[0].candidates.map((x: any) => x.member.id)).toEqual([a.member.id]);
    const [entry] = await t.dataSource.query(
      `SELECT summary FROM audit_entry WHERE action = 'elections.runoff_created' AND entity_id = $1`,
      [again.id],
    );
    expect(entry.summary).toMatchObject({ candidates: [a.member.id], notActive: [b.member.id] });
    await t.client.ok(OPEN_VOTING, { id: again.id }, leaders.secretary.token);
    // With nobody able to stand, no runoff: the refusal says why.
    await t.client.ok(SUSPEND, { id: a.member.id }, leaders.admin.token);
    await t.client.ok(CANCEL, { id: again.id, reason: 'Кандидат выбыл' }, leaders.secretary.token);
    const nobody = await t.client.error(RUNOFF, { contest: chair }, leaders.secretary.token);
    expect(nobody).toMatchObject({ code: 'CONFLICT', reason: 'NO_RUNOFF_CANDIDATES' });
    expect(nobody.error.message).toMatch(/not active/);
  });

  it('seats a contender of two undecided contests once: the earlier runoff first, then the next candidate', async () => {
    const [c, y, z, w, s] = await t.factory.signedInMany(5);
    const termLabel = '2036-H1';
    const election = await driver.nominated(
      {
        termLabel,
        contests: [
          { position: 'CHAIR' },
          { position: 'CO_CHAIR', portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
          { position: 'CO_CHAIR', portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
          { position: 'EXECUTIVE_SECRETARY' },
        ],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(c)], [person(y), person(z)], [person(y), person(w)], [person(s)]],
    );
    const [chair, regional, federal, secretarySeat] = election.contests.map((x) => x.id);
    const tie = (contestId: string, first: SignedIn, second: SignedIn) =>
      paperCount(contestId, [
        [first, 2],
        [second, 2],
      ]);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 4,
      contests: [
        { contestId: chair, yes: 4, no: 0 },
        tie(regional, y, z),
        tie(federal, y, w),
        { contestId: secretarySeat, yes: 4, no: 0 },
      ],
    });
    // Y stands in both ties: the regional runoff (the earlier contest) comes first.
    expect(
      await t.client.error(RUNOFF, { contest: federal }, leaders.secretary.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'EARLIER_RUNOFF_FIRST' });
    const runoff = (await t.client.ok(RUNOFF, { contest: regional }, leaders.secretary.token))
      .createRunoff;
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
    expect((await approveByCoChairs(runoff.id)).status).toBe('CERTIFIED');

    // Y holds the regional seat, so W alone is left for the federal one.
    const settled = (await t.client.ok(RESULTS, { id: election.id }, leaders.member.token))
      .election;
    const outcomes = (index: number) =>
      Object.fromEntries(
        settled.contests[index].results.map((r: any) => [r.member.id, [r.outcome, r.elected]]),
      );
    expect(settled.contests.map((x: any) => x.status)).toEqual([
      'DECIDED',
      'DECIDED',
      'UNDECIDED',
      'DECIDED',
    ]);
    expect(outcomes(2)).toEqual({
      [y.member.id]: ['ELECTED_ELSEWHERE', false],
      [w.member.id]: ['IN_RUNOFF', false],
    });
    const second = (await t.client.ok(RUNOFF, { contest: federal }, leaders.secretary.token))
      .createRunoff;
    expect(second.contests[0].candidates.map((x: any) => x.id)).toEqual([w.member.id]);
    await driver.paper({
      electionId: second.id,
      ballotsCast: 4,
      contests: [{ contestId: second.contests[0].id, yes: 3, no: 1 }],
    });
    expect((await approveByCoChairs(second.id)).status).toBe('CERTIFIED');
    expect((await approveByCoChairs(election.id)).status).toBe('CERTIFIED');
    expect(await roster(termLabel)).toEqual([
      [Position.CHAIR, c.member.id],
      [Position.CO_CHAIR, y.member.id],
      [Position.CO_CHAIR, w.member.id],
      [Position.EXECUTIVE_SECRETARY, s.member.id],
    ]);
  });

  it('settles a later contest whose every contender won an earlier runoff, its seat vacant', async () => {
    const [y, z, w] = await t.factory.signedInMany(3);
    const termLabel = '2036-H2';
    const election = await driver.nominated(
      {
        termLabel,
        contests: [
          { position: 'CO_CHAIR', seats: 2, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
          { position: 'EXECUTIVE_SECRETARY' },
        ],
        ruleset: NO_QUORUM_RULE,
      },
      [
        [person(y), person(z), person(w)],
        [person(y), person(z)],
      ],
    );
    const [coChairs, secretarySeat] = election.contests.map((x) => x.id);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 6,
      contests: [
        paperCount(coChairs, [
          [y, 2],
          [z, 2],
          [w, 2],
        ]),
        paperCount(secretarySeat, [
          [y, 3],
          [z, 3],
        ]),
      ],
    });
    const runoff = (await t.client.ok(RUNOFF, { contest: coChairs }, leaders.secretary.token))
      .createRunoff;
    expect(runoff.contests[0]).toMatchObject({ seats: 2 });
    await driver.paper({
      electionId: runoff.id,
      ballotsCast: 6,
      contests: [
        paperCount(runoff.contests[0].id, [
          [y, 3],
          [z, 2],
          [w, 1],
        ]),
      ],
    });
    expect((await approveByCoChairs(runoff.id)).status).toBe('CERTIFIED');
    const settled = (await t.client.ok(RESULTS, { id: election.id }, leaders.member.token))
      .election;
    expect(settled.contests.map((x: any) => x.status)).toEqual(['DECIDED', 'VACANT']);
    expect(
      Object.fromEntries(settled.contests[1].results.map((r: any) => [r.member.id, r.outcome])),
    ).toEqual({ [y.member.id]: 'ELECTED_ELSEWHERE', [z.member.id]: 'ELECTED_ELSEWHERE' });
    expect(settled.contests[1].explanation).toContain('Every runoff contender was elected');
    // The same in Russian (the withdrawal from a later runoff, and its contest left vacant).
    const russian = (await t.client.ok(RESULTS_RU, { id: election.id }, leaders.member.token))
      .election.contests[1];
    expect(russian.explanation).toMatch(
      / Все участники повторного голосования избраны на должности, рассматриваемые раньше: 1 место остаётся вакантным\.$/,
    );
    expect(russian.results[0].explanation).toMatch(
      /; избирается на должность «Сопредседатель \(взаимоотношения с региональными органами власти\)» по итогам повторного голосования по ней \(решает порядок должностей\), поэтому здесь место не получает$/,
    );
    expect(
      await t.client.error(RUNOFF, { contest: secretarySeat }, leaders.secretary.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'CONTEST_NOT_UNDECIDED' });
    expect((await approveByCoChairs(election.id)).status).toBe('CERTIFIED');
    expect((await roster(termLabel)).sort()).toEqual(
      [
        [Position.CO_CHAIR, y.member.id],
        [Position.CO_CHAIR, z.member.id],
      ].sort(),
    );
  });

  it('rejects with a reason; the rejection ends a runoff in progress; a new election may follow', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const termLabel = '2029-H1';
    const election = await driver.voting(
      { termLabel, contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const chair = election.contests[0].id;
    await driver.cast(election.id, a.token, [{ contestId: chair, candidateIds: [a.member.id] }]);
    await driver.cast(election.id, b.token, [{ contestId: chair, candidateIds: [b.member.id] }]);
    await driver.close(election.id);
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    await driver.openVoting(runoff.id);

    const noReason = await t.client.error(
      REJECT,
      { id: election.id, reason: '' },
      leaders.coChairRegional.token,
    );
    expect(noReason.code).toBe('BAD_USER_INPUT');
    const notApprover = await t.client.error(
      REJECT,
      { id: election.id, reason: 'Нет' },
      leaders.chair.token,
    );
    expect(notApprover).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    const rejected = (
      await t.client.ok(
        REJECT,
        { id: election.id, reason: 'Нарушена процедура' },
        leaders.coChairRegional.token,
      )
    ).rejectElection;
    expect(rejected).toMatchObject({ status: 'REJECTED', statusReason: 'Нарушена процедура' });
    const after = await t.client.error(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    expect(after).toMatchObject({ code: 'CONFLICT', reason: 'NOT_TALLIED' });
    const ended = (await t.client.ok(ELECTION, { id: runoff.id }, a.token)).election;
    expect(ended).toMatchObject({ status: 'CANCELLED' });

    const approvals = (await t.client.ok(ELECTION, { id: election.id }, a.token)).election
      .approvals;
    expect(approvals).toEqual([
      expect.objectContaining({
        decision: 'REJECT',
        comment: 'Нарушена процедура',
        capacity: 'CO_CHAIR',
      }),
    ]);
    const again = await driver.create({ termLabel });
    expect(again.id).not.toBe(election.id);
  });

  it('records a paper vote: same checks, quorum, ties and certification; no ballot box', async () => {
    const [a, b, s] = await t.factory.signedInMany(3);
    const termLabel = '2029-H2';
    const election = await driver.nominated(
      { termLabel, contests: [{ position: 'CHAIR' }, { position: 'EXECUTIVE_SECRETARY' }] },
      [[person(a), person(b)], [person(s)]],
    );
    const [chair, secretarySeat] = election.contests.map((contest) => contest.id);
    const electorate = Number(
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE status = 'ACTIVE'`))[0]
        .n,
    );
    const input = (chairCounts: number[], yes: number, ballotsCast = electorate) => ({
      electionId: election.id,
      ballotsCast,
      contests: [
        {
          contestId: chair,
          counts: [
            { candidateId: a.member.id, votes: chairCounts[0] },
            { candidateId: b.member.id, votes: chairCounts[1] },
          ],
          abstentions: ballotsCast - chairCounts[0] - chairCounts[1],
        },
        { contestId: secretarySeat, yes, no: ballotsCast - yes },
      ],
    });

    // Three single-seat ballots cannot carry four votes.
    const overcounted: any = input([2, 1], 3, 3);
    overcounted.contests[0].counts[0].votes = 3;
    const inconsistent = await t.client.error(
      PAPER,
      { input: overcounted },
      leaders.secretary.token,
    );
    expect(inconsistent).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COUNTS_MISMATCH' });
    const tooMany = await t.client.error(
      PAPER,
      { input: input([1, 1], 1, electorate + 1) },
      leaders.secretary.token,
    );
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TURNOUT_EXCEEDS_ELECTORATE' });
    const untouched = (await t.client.ok(ELECTION, { id: election.id }, a.token)).election;
    expect(untouched).toMatchObject({ status: 'NOMINATION', electorateSize: null });
    const byMember = await t.client.error(PAPER, { input: input([2, 1], 3) }, a.token);
    expect(byMember.code).toBe('FORBIDDEN');

    const recorded = (
      await t.client.ok(
        PAPER,
        { input: input([electorate - 2, 1], electorate) },
        leaders.secretary.token,
      )
    ).recordPaperResult;
    expect(recorded).toMatchObject({
      status: 'TALLIED',
      votingMethod: 'PAPER',
      turnout: electorate,
      electorateSize: electorate,
      quorumReached: true,
    });
    const results = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    expect(results.contests[0].results.map((r: any) => [r.member.id, r.votes, r.elected])).toEqual([
      [a.member.id, electorate - 2, true],
      [b.member.id, 1, false],
    ]);
    const box = await t.client.error(BALLOT_BOX, { id: election.id }, a.token);
    expect(box).toMatchObject({ code: 'CONFLICT', reason: 'PAPER_VOTE' });
    expect((await approveByCoChairs(election.id)).status).toBe('CERTIFIED');
    expect(await roster(termLabel)).toEqual([
      [Position.CHAIR, a.member.id],
      [Position.EXECUTIVE_SECRETARY, s.member.id],
    ]);

    // From an open electronic vote: only while nobody has voted; a paper tie is UNDECIDED.
    const [c, d] = await t.factory.signedInMany(2);
    const open = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(c), person(d)]],
    );
    const tie = {
      electionId: open.id,
      ballotsCast: 4,
      contests: [
        {
          contestId: open.contests[0].id,
          counts: [
            { candidateId: c.member.id, votes: 2 },
            { candidateId: d.member.id, votes: 2 },
          ],
        },
      ],
    };
    const paperTie = (await t.client.ok(PAPER, { input: tie }, leaders.secretary.token))
      .recordPaperResult;
    expect(paperTie.contests[0].status).toBe('UNDECIDED');
    const voted = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(c)]],
    );
    await driver.cast(voted.id, c.token, [{ contestId: voted.contests[0].id, answer: 'YES' }]);
    const mixed = await t.client.error(
      PAPER,
      {
        input: {
          electionId: voted.id,
          ballotsCast: 1,
          contests: [{ contestId: voted.contests[0].id, yes: 1, no: 0 }],
        },
      },
      leaders.secretary.token,
    );
    expect(mixed).toMatchObject({ code: 'CONFLICT', reason: 'ELECTRONIC_BALLOTS_CAST' });
  });

  // Found by review: A and B tie for the chair and each wins a later co-chair seat. The contest was
  // VACANT and certifiable with Clara, a chair candidate elected nowhere, left out.
  it('sends the rest of the field to a runoff when every tied candidate won a later seat', async () => {
    const [a, b, c] = await t.factory.signedInMany(3);
    const election = await driver.nominated(
      {
        termLabel: '2031-H2',
        contests: [
          { position: 'CHAIR' },
          { position: 'CO_CHAIR', portfolio: 'Регионы' },
          { position: 'CO_CHAIR', portfolio: 'Федерация' },
        ],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(a), person(b), person(c)], [person(a)], [person(b)]],
    );
    const [chair, regional, federal] = election.contests.map((contest: any) => contest.id);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 5,
      contests: [
        {
          contestId: chair,
          counts: [
            { candidateId: a.member.id, votes: 2 },
            { candidateId: b.member.id, votes: 2 },
            { candidateId: c.member.id, votes: 1 },
          ],
        },
        { contestId: regional, yes: 5, no: 0 },
        { contestId: federal, yes: 5, no: 0 },
      ],
    });
    const tallied = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election;
    expect(tallied.contests.map((contest: any) => contest.status)).toEqual([
      'UNDECIDED',
      'DECIDED',
      'DECIDED',
    ]);
    expect(tallied.contests[0].results.map((r: any) => r.outcome)).toEqual([
      'ELECTED_ELSEWHERE',
      'ELECTED_ELSEWHERE',
      'IN_RUNOFF',
    ]);
    expect(
      await t.client.error(APPROVE, { id: election.id }, leaders.coChairRegional.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'CONTEST_UNDECIDED' });
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    expect(runoff.contests[0].candidates.map((candidate: any) => candidate.id)).toEqual([
      c.member.id,
    ]);
  });

  // Found by review: with the chair, both co-chairs and the secretary all standing again, each
  // recused co-chair got an ADMIN place, and a council's single administrator could fill only one:
  // the new leadership waited for the term to begin.
  it('lets one administrator certify when the whole sitting leadership stands again', async () => {
    const termLabel = '2032-H1';
    const voter = await t.factory.signedIn();
    const election = await talliedWithOneCandidateEach(termLabel, voter, [
      leaders.chair,
      leaders.coChairRegional,
      leaders.coChairFederal,
      leaders.secretary,
    ]);
    const pending = (await t.client.ok(PENDING, { id: election.id }, voter.token)).election;
    expect(pending.pendingApprovals).toEqual([
      { capacity: 'ADMIN', member: null, standingInFor: null },
    ]);
    for (const leader of [leaders.chair, leaders.coChairRegional, leaders.secretary]) {
      expect(await t.client.error(APPROVE, { id: election.id }, leader.token)).toMatchObject({
        reason: 'RECUSED',
      });
    }
    const certified = (await t.client.ok(APPROVE, { id: election.id }, leaders.admin.token))
      .approveElection;
    expect(certified).toMatchObject({
      status: 'CERTIFIED',
      approvals: [{ member: { id: leaders.admin.member.id }, capacity: 'ADMIN' }],
    });
    expect((await roster(termLabel)).map(([position]: string[]) => position)).toEqual([
      Position.CHAIR,
      Position.CO_CHAIR,
      Position.CO_CHAIR,
      Position.EXECUTIVE_SECRETARY,
    ]);
  });

  // Found by review: with both co-chairs and the secretary standing again and the chair free, the
  // chair took one co-chair's place and the other went to "any administrator", who could then
  // reject the council's election alone while a sitting chair could act (DOMAIN.md: an ADMIN
  // decides only when the term has no co-chairs).
  it('lets the free chair act for both recused co-chairs, and no administrator', async () => {
    const termLabel = '2037-H2';
    const [chairCandidate, voter] = await t.factory.signedInMany(2);
    const election = await talliedWithOneCandidateEach(termLabel, voter, [
      chairCandidate,
      leaders.coChairRegional,
      leaders.coChairFederal,
      leaders.secretary,
    ]);
    const pending = (await t.client.ok(PENDING, { id: election.id }, voter.token)).election;
    expect(pending.pendingApprovals).toEqual([
      {
        capacity: 'CHAIR_FOR_RECUSED',
        member: { id: leaders.chair.member.id },
        standingInFor: null,
      },
    ]);
    for (const [mutation, variables] of [
      [APPROVE, { id: election.id }],
      [REJECT, { id: election.id, reason: 'Оператор против' }],
    ] as const) {
      expect(await t.client.error(mutation, variables, leaders.admin.token)).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_AN_APPROVER',
      });
    }
    const certified = (await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token))
      .approveElection;
    expect(certified).toMatchObject({
      status: 'CERTIFIED',
      approvals: [{ member: { id: leaders.chair.member.id }, capacity: 'CHAIR_FOR_RECUSED' }],
    });
    expect(await roster(termLabel)).toHaveLength(4);
  });

  // DOMAIN.md: "the chair acts in their place (the secretary, if the chair is a candidate too)":
  // with the chair free the secretary has no place, however many co-chairs recuse.
  it('lets the free chair act for both recused co-chairs while the secretary does not stand', async () => {
    const termLabel = '2038-H1';
    const [chairCandidate, secretaryCandidate, voter] = await t.factory.signedInMany(3);
    const election = await talliedWithOneCandidateEach(termLabel, voter, [
      chairCandidate,
      leaders.coChairRegional,
      leaders.coChairFederal,
      secretaryCandidate,
    ]);
    const pending = (await t.client.ok(PENDING, { id: election.id }, voter.token)).election;
    expect(pending.pendingApprovals).toEqual([
      {
        capacity: 'CHAIR_FOR_RECUSED',
        member: { id: leaders.chair.member.id },
        standingInFor: null,
      },
    ]);
    expect(
      await t.client.error(APPROVE, { id: election.id }, leaders.secretary.token),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    const certified = (await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token))
      .approveElection;
    expect(certified).toMatchObject({
      status: 'CERTIFIED',
      approvals: [{ member: { id: leaders.chair.member.id }, capacity: 'CHAIR_FOR_RECUSED' }],
    });
    expect(await roster(termLabel)).toHaveLength(4);
  });

  it('makes a candidate co-chair recuse: the chair acts in their place, the secretary if the chair stands too', async () => {
    const termLabel = '2030-H1';
    const voter = await t.factory.signedIn();
    const election = await driver.voting(
      {
        termLabel,
        contests: [{ position: 'CHAIR' }, { position: 'CO_CHAIR', portfolio: 'Регионы' }],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(leaders.chair)], [person(leaders.coChairRegional)]],
    );
    await driver.cast(election.id, voter.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
      { contestId: election.contests[1].id, answer: 'YES' },
    ]);
    await driver.close(election.id);

    const recused = await t.client.error(
      APPROVE,
      { id: election.id },
      leaders.coChairRegional.token,
    );
    expect(recused).toMatchObject({ code: 'FORBIDDEN', reason: 'RECUSED' });
    const standing = await t.client.error(APPROVE, { id: election.id }, leaders.chair.token);
    expect(standing).toMatchObject({ code: 'FORBIDDEN', reason: 'RECUSED' });
    const pending = (await t.client.ok(PENDING, { id: election.id }, voter.token)).election
      .pendingApprovals;
    expect(pending).toEqual([
      {
        capacity: 'SECRETARY_FOR_RECUSED',
        member: { id: leaders.secretary.member.id },
        standingInFor: { id: leaders.coChairRegional.member.id },
      },
      {
        capacity: 'CO_CHAIR',
        member: { id: leaders.coChairFederal.member.id },
        standingInFor: null,
      },
    ]);
    const admin = await t.client.error(APPROVE, { id: election.id }, leaders.admin.token);
    expect(admin).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    await t.client.ok(APPROVE, { id: election.id }, leaders.secretary.token);
    const certified = (
      await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token)
    ).approveElection;
    expect(certified.status).toBe('CERTIFIED');
    expect(
      Object.fromEntries(
        certified.approvals.map((approval: any) => [approval.member.id, approval.capacity]),
      ),
    ).toEqual({
      [leaders.secretary.member.id]: 'SECRETARY_FOR_RECUSED',
      [leaders.coChairFederal.member.id]: 'CO_CHAIR',
    });

    // Only the co-chair stands: the chair takes the place.
    const other = await driver.voting(
      { contests: [{ position: 'CO_CHAIR', portfolio: 'Федерация' }], ruleset: NO_QUORUM_RULE },
      [[person(leaders.coChairFederal)]],
    );
    await driver.cast(other.id, voter.token, [{ contestId: other.contests[0].id, answer: 'YES' }]);
    await driver.close(other.id);
    const byChair = (await t.client.ok(APPROVE, { id: other.id }, leaders.chair.token))
      .approveElection;
    expect(byChair.approvals).toEqual([
      {
        member: { id: leaders.chair.member.id },
        decision: 'APPROVE',
        capacity: 'CHAIR_FOR_RECUSED',
      },
    ]);
  });

  it('makes a co-chair who stood in the election a runoff decides recuse from the runoff too', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const election = await driver.nominated(
      {
        termLabel: '2031-H1',
        contests: [{ position: 'CHAIR' }, { position: 'CO_CHAIR', portfolio: 'Регионы' }],
        ruleset: NO_QUORUM_RULE,
      },
      [[person(a), person(b)], [person(leaders.coChairRegional)]],
    );
    const [chair, coChair] = election.contests.map((contest) => contest.id);
    await driver.paper({
      electionId: election.id,
      ballotsCast: 4,
      contests: [
        paperCount(chair, [
          [a, 2],
          [b, 2],
        ]),
        { contestId: coChair, yes: 4, no: 0 },
      ],
    });
    // The runoff's candidates are A and B only: the co-chair stood in the election it decides.
    const runoff = (await t.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
      .createRunoff;
    await driver.paper({
      electionId: runoff.id,
      ballotsCast: 3,
      contests: [
        paperCount(runoff.contests[0].id, [
          [a, 2],
          [b, 1],
        ]),
      ],
    });
    const recused = await t.client.error(APPROVE, { id: runoff.id }, leaders.coChairRegional.token);
    expect(recused).toMatchObject({ code: 'FORBIDDEN', reason: 'RECUSED' });
    const byChair = (await t.client.ok(APPROVE, { id: runoff.id }, leaders.chair.token))
      .approveElection;
    expect(byChair.approvals).toEqual([
      {
        member: { id: leaders.chair.member.id },
        decision: 'APPROVE',
        capacity: 'CHAIR_FOR_RECUSED',
      },
    ]);
  });

  it('detects a tally changed after the close, and a winner who is no longer active', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    await driver.cast(election.id, b.token, [
      { contestId: election.contests[0].id, candidateIds: [a.member.id] },
    ]);
    await driver.close(election.id);
    await t.dataSource.query(
      `UPDATE election_contest_result SET votes = votes + 5 WHERE member_id = $1`,
      [b.member.id],
    );
    const changed = await t.client.error(
      APPROVE,
      { id: election.id },
      leaders.coChairRegional.token,
    );
    expect(changed).toMatchObject({ code: 'CONFLICT', reason: 'TALLY_CHANGED' });
    await t.dataSource.query(
      `UPDATE election_contest_result SET votes = votes - 5 WHERE member_id = $1`,
      [b.member.id],
    );
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [a.member.id]);
    const inactive = await t.client.error(
      APPROVE,
      { id: election.id },
      leaders.coChairFederal.token,
    );
    expect(inactive).toMatchObject({ code: 'CONFLICT', reason: 'WINNER_NOT_ACTIVE' });
    expect((await t.client.ok(ELECTION, { id: election.id }, b.token)).election.status).toBe(
      'TALLIED',
    );
  });

  it('detects a winner swapped after the close with the votes left as they were', async () => {
    const [a, b] = await t.factory.signedInMany(2);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    await driver.cast(election.id, b.token, [
      { contestId: election.contests[0].id, candidateIds: [a.member.id] },
    ]);
    await driver.close(election.id);
    // The seat is installed from the `elected` flags: the sealed tally must cover them too.
    await t.dataSource.query(
      `UPDATE election_contest_result SET elected = NOT elected WHERE contest_id = $1`,
      [election.contests[0].id],
    );
    const changed = await t.client.error(
      APPROVE,
      { id: election.id },
      leaders.coChairRegional.token,
    );
    expect(changed).toMatchObject({ code: 'CONFLICT', reason: 'TALLY_CHANGED' });
  });

  it('passes a suspended co-chair’s place to the chair, and never to an ADMIN who suspended them all', async () => {
    const winner = await t.factory.signedIn();
    const election = await driver.talliedByPaper(
      { termLabel: '2037-H1', contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    const setStatus = (ids: string[], status: string) =>
      t.dataSource.query(`UPDATE member SET status = $2 WHERE id = ANY($1)`, [ids, status]);
    const federal = leaders.coChairFederal.member.id;
    await setStatus([federal], 'SUSPENDED');
    try {
      const pending = (await t.client.ok(PENDING, { id: election.id }, leaders.member.token))
        .election.pendingApprovals;
      expect(pending).toEqual([
        {
          capacity: 'CO_CHAIR',
          member: { id: leaders.coChairRegional.member.id },
          standingInFor: null,
        },
        {
          capacity: 'CHAIR_FOR_SUSPENDED',
          member: { id: leaders.chair.member.id },
          standingInFor: { id: federal },
        },
      ]);

      // With every leader suspended, the places wait for them: the admin cannot certify alone.
      const everyone = [
        leaders.coChairRegional.member.id,
        leaders.chair.member.id,
        leaders.secretary.member.id,
      ];
      await setStatus(everyone, 'SUSPENDED');
      expect(await t.client.error(APPROVE, { id: election.id }, leaders.admin.token)).toMatchObject(
        { code: 'FORBIDDEN' },
      );
      await setStatus(everyone, 'ACTIVE');

      await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
      const certified = (await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token))
        .approveElection;
      expect(certified.status).toBe('CERTIFIED');
    } finally {
      await setStatus([federal], 'ACTIVE');
    }
  });

  it('lets an ADMIN certify only while the current term has no co-chairs', async () => {
    t.clock.set('2035-02-01T09:00:00Z');
    const [chair, secretary, candidate, admin] = await Promise.all([
      t.factory.signedIn(),
      t.factory.signedIn(),
      t.factory.signedIn(),
      t.factory.signedIn({ isAdmin: true }),
    ]);
    await t.factory.installRoster('2035-H1', [
      { position: Position.CHAIR, memberId: chair.member.id },
      { position: Position.EXECUTIVE_SECRETARY, memberId: secretary.member.id },
    ]);
    const founding = new ElectionDriver(t, secretary.token);
    const election = await founding.voting(
      { termLabel: '2035-H2', contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(candidate)]],
    );
    await founding.cast(election.id, chair.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);
    await founding.close(election.id);
    const byChair = await t.client.error(APPROVE, { id: election.id }, chair.token);
    expect(byChair).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    const certified = (await t.client.ok(APPROVE, { id: election.id }, admin.token))
      .approveElection;
    expect(certified).toMatchObject({
      status: 'CERTIFIED',
      approvals: [{ member: { id: admin.member.id }, capacity: 'ADMIN' }],
    });
    t.clock.set('2028-02-01T09:00:00Z');
  });

  // Found by the model test (test/model-elections.e2e-spec.ts): a co-chair approved, then a new term
  // began whose roster has that co-chair alone. Every approval now due was given, nobody was left to
  // give the last one, and a second approval was ALREADY_DECIDED: the election stayed TALLIED for
  // good (no approval, rejection or cancellation possible).
  it('lets whoever may decide complete a certification that a new term left complete', async () => {
    const { chair, coChairRegional: regional, coChairFederal: federal, secretary } = leaders;
    const seat = (position: Position, who: SignedIn, portfolio?: string) => ({
      position,
      memberId: who.member.id,
      ...(portfolio ? { portfolio } : {}),
    });
    await t.factory.installRoster('2033-H1', [
      seat(Position.CHAIR, chair),
      seat(Position.CO_CHAIR, regional, DEFAULT_CO_CHAIR_PORTFOLIOS[0]),
      seat(Position.CO_CHAIR, federal, DEFAULT_CO_CHAIR_PORTFOLIOS[1]),
      seat(Position.EXECUTIVE_SECRETARY, secretary),
    ]);
    await t.factory.installRoster('2033-H2', [
      seat(Position.CHAIR, chair),
      seat(Position.CO_CHAIR, regional, DEFAULT_CO_CHAIR_PORTFOLIOS[0]),
      seat(Position.EXECUTIVE_SECRETARY, secretary),
    ]);
    t.clock.set('2033-02-01T09:00:00Z');
    const signIn = async (who: SignedIn) => t.factory.tokenFor(who.member);
    const candidate = await t.factory.signedIn();
    const termDriver = new ElectionDriver(t, await signIn(secretary));
    const election = await termDriver.voting(
      { termLabel: '2034-H1', contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[{ id: candidate.member.id, token: await t.factory.tokenFor(candidate.member) }]],
    );
    await termDriver.cast(election.id, await signIn(regional), [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);
    await termDriver.close(election.id);
    await t.client.ok(APPROVE, { id: election.id }, await signIn(regional));

    // 2033-H2: the regional co-chair is the only co-chair, and has approved already.
    t.clock.set('2033-08-01T09:00:00Z');
    const [regionalNow, federalNow, chairNow, viewer] = await Promise.all(
      [regional, federal, chair, leaders.member].map(signIn),
    );
    const awaited = (await t.client.ok(PENDING, { id: election.id }, viewer)).election;
    expect(awaited.pendingApprovals).toEqual([]);
    expect(await t.client.error(APPROVE, { id: election.id }, federalNow)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PERMISSION_DENIED',
    });
    // Rejecting is a second decision, and stays refused; so is a rejection by someone in no place.
    expect(
      await t.client.error(REJECT, { id: election.id, reason: 'Передумал' }, regionalNow),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    expect(
      await t.client.error(REJECT, { id: election.id, reason: 'Против' }, chairNow),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    // Every approval due is given: whoever may decide on elections completes it (the approver
    // may have been suspended since), recording nothing new.
    const completed = (await t.client.ok(APPROVE, { id: election.id }, chairNow)).approveElection;
    expect(completed).toMatchObject({
      status: 'CERTIFIED',
      approvals: [{ member: { id: regional.member.id }, decision: 'APPROVE' }],
    });
    const installed = (await t.client.ok(ROSTER, { label: '2034-H1' }, viewer)).term.roster;
    expect(installed).toEqual([{ position: 'CHAIR', member: { id: candidate.member.id } }]);
    expect(await t.client.error(APPROVE, { id: election.id }, regionalNow)).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_TALLIED',
    });
    t.clock.set('2028-02-01T09:00:00Z');
  });
});
