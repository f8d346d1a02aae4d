import { AuditService } from '@council/audit';
import { QueryCounter } from '@council/database';
import { DEFAULT_CO_CHAIR_PORTFOLIOS } from '@council/terms';
import {
  APPROVE,
  BALLOT_BOX,
  CANCEL,
  CLOSE,
  CREATE,
  CHAIR_ONLY,
  ELECTION,
  ElectionDriver,
  NO_QUORUM_RULE,
  NOMINATE,
  OPEN_NOMINATIONS,
  OPEN_VOTING,
  RESPOND,
  RESULTS,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const ME_ROLES = `{ me { roles } }`;

describe('elections: the whole lifecycle over HTTP (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let voters: SignedIn[];
  let driver: ElectionDriver;

  // 20 June 2027, 12:00 in Moscow: the 2027-H1 leadership elects the 2027-H2 one.
  const START = '2027-06-20T09:00:00Z';
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(START);
    leaders = await t.factory.leadership();
    voters = await Promise.all(
      ['Анна Иванова', 'Борис Петров', 'Вера Сидорова', 'Глеб Орлов', 'Дарья Зайцева'].map(
        (fullName) => t.factory.signedIn({ fullName }),
      ),
    );
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  // Each test starts on the day the sessions above began, so none depends on which ran before it.
  beforeEach(() => t.clock.set(START));
  afterAll(() => t.close());

  it('runs nomination, a secret vote, the tally and certification; roles move when the term begins', async () => {
    const [ivanova, petrov, sidorova, orlov, zaitseva] = voters;
    const secretary = leaders.secretary.token;
    // Only this election's audit entries (the other tests' elections have theirs).
    const [{ seq: auditFrom }] = await t.dataSource.query(
      `SELECT coalesce(max(seq), 0) AS seq FROM audit_entry`,
    );
    const termLabels = async (): Promise<string[]> =>
      (await t.client.ok(`{ terms { label } }`, {}, ivanova.token)).terms.map(
        (term: { label: string }) => term.label,
      );
    // createElection: the default contests, in order.
    const created = (
      await t.client.ok(
        CREATE,
        { input: { termLabel: '2027-H2', title: 'Выборы на 2027-H2' } },
        secretary,
      )
    ).createElection;
    expect(created).toMatchObject({
      status: 'DRAFT',
      term: { label: '2027-H2' },
      ruleset: {
        quorumNumerator: 1,
        quorumDenominator: 2,
        quorumComparison: 'MORE_THAN',
        majority: 'PLURALITY',
        tiePolicy: 'RUNOFF',
      },
      electorateSize: null,
      turnout: null,
      quorumReached: null,
      hasVoted: false,
      isInElectorate: null,
    });
    expect(created.contests.map((c: any) => [c.position, c.seats, c.portfolio, c.ordinal])).toEqual(
      [
        ['CHAIR', 1, null, 1],
        ['CO_CHAIR', 1, DEFAULT_CO_CHAIR_PORTFOLIOS[0], 2],
        ['CO_CHAIR', 1, DEFAULT_CO_CHAIR_PORTFOLIOS[1], 3],
        ['EXECUTIVE_SECRETARY', 1, null, 4],
      ],
    );
    // Newest first; the other tests' elections add only terms from 2031 on.
    const terms = await termLabels();
    expect(terms).toEqual([...terms].sort().reverse());
    expect(terms.filter((label) => label < '2031')).toEqual(['2027-H2', '2027-H1']);
    const [chair, regional, federal, execSecretary] = created.contests.map((c: any) => c.id);

    // Nominating before nominations open is refused.
    const early = await t.client.error(
      NOMINATE,
      { contest: chair, nominee: ivanova.member.id },
      petrov.token,
    );
    expect(early).toMatchObject({ code: 'CONFLICT', reason: 'NOMINATIONS_NOT_OPEN' });
    await t.client.ok(OPEN_NOMINATIONS, { id: created.id }, secretary);

    // Any member nominates any active member; only the nominee answers.
    const nominate = async (contest: string, nominee: SignedIn, by: SignedIn) =>
      (await t.client.ok(NOMINATE, { contest, nominee: nominee.member.id }, by.token)).nominate;
    const ivanovaForChair = await nominate(chair, ivanova, petrov);
    expect(ivanovaForChair).toMatchObject({
      status: 'PENDING',
      nominee: { id: ivanova.member.id },
      nominatedBy: { id: petrov.member.id },
    });
    const notMine = await t.client.error(
      RESPOND,
      { id: ivanovaForChair.id, accept: true },
      petrov.token,
    );
    expect(notMine).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_THE_NOMINEE' });
    const twice = await t.client.error(
      NOMINATE,
      { contest: chair, nominee: ivanova.member.id },
      orlov.token,
    );
    expect(twice).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_NOMINATED' });
    // Named beside the input it came from, as a taken e-mail is.
    expect(twice.error.extensions?.fieldReasons).toEqual({ nomineeId: 'ALREADY_NOMINATED' });

    const accepted = [
      ivanovaForChair,
      await nominate(chair, petrov, petrov), // self-nomination
      await nominate(regional, sidorova, ivanova),
      await nominate(federal, orlov, zaitseva),
      await nominate(federal, ivanova, orlov), // Ivanova stands twice
      await nominate(execSecretary, zaitseva, sidorova),
    ];
    const declined = await nominate(federal, zaitseva, petrov);
    const nominees = [ivanova, petrov, sidorova, orlov, ivanova, zaitseva];
    for (const [index, nomination] of accepted.entries()) {
      const answer = await t.client.ok(
        RESPOND,
        { id: nomination.id, accept: true },
        nominees[index].token,
      );
      expect(answer.respondToNomination.status).toBe('ACCEPTED');
    }
    await t.client.ok(RESPOND, { id: declined.id, accept: false }, zaitseva.token);

    // Opening the vote freezes candidates and snapshots the electorate (6 leaders + 5 voters).
    const opened = (await t.client.ok(OPEN_VOTING, { id: created.id }, secretary)).openVoting;
    expect(opened).toMatchObject({ status: 'VOTING', electorateSize: 11, turnout: 0 });
    const late = await t.client.error(RESPOND, { id: declined.id, accept: true }, zaitseva.token);
    expect(late).toMatchObject({ code: 'CONFLICT', reason: 'NOMINATIONS_NOT_OPEN' });
    const frozen = (await t.client.ok(ELECTION, { id: created.id }, ivanova.token)).election;
    const sorted = (ids: string[]) => [...ids].sort();
    expect(frozen.contests.map((c: any) => sorted(c.candidates.map((x: any) => x.id)))).toEqual([
      sorted([ivanova.member.id, petrov.member.id]),
      [sidorova.member.id],
      sorted([orlov.member.id, ivanova.member.id]),
      [zaitseva.member.id],
    ]);

    // Eight ballots. Chair: Ivanova 5, Petrov 2, 1 abstains. Regional (uncontested Sidorova):
    // Yes 6, No 1, Abstain 1. Federal: Ivanova 5, Orlov 3. Secretary (uncontested): Yes 8.
    const ballot = (chairPick: string | null, regionalAnswer: string, federalPick: string) => [
      chairPick
        ? { contestId: chair, candidateIds: [chairPick] }
        : { contestId: chair, abstain: true },
      { contestId: regional, answer: regionalAnswer },
      { contestId: federal, candidateIds: [federalPick] },
      { contestId: execSecretary, answer: 'YES' },
    ];
    const electorate = [...voters, leaders.admin, leaders.chair, leaders.coChairRegional];
    const plan: Array<[string | null, string, string]> = [
      [ivanova.member.id, 'YES', ivanova.member.id],
      [ivanova.member.id, 'YES', ivanova.member.id],
      [ivanova.member.id, 'YES', ivanova.member.id],
      [ivanova.member.id, 'YES', orlov.member.id],
      [ivanova.member.id, 'YES', orlov.member.id],
      [petrov.member.id, 'YES', orlov.member.id],
      [petrov.member.id, 'NO', ivanova.member.id],
      [null, 'ABSTAIN', ivanova.member.id],
    ];
    const codes: string[] = [];
    for (const [index, [chairPick, answer, federalPick]] of plan.entries()) {
      codes.push(
        await driver.cast(
          created.id,
          electorate[index].token,
          ballot(chairPick, answer, federalPick),
        ),
      );
      // Turnout is public during the vote; results are not, for anyone (ADMIN included).
      const live = (await t.client.ok(ELECTION, { id: created.id }, leaders.member.token)).election;
      expect(live.turnout).toBe(index + 1);
    }
    expect(new Set(codes).size).toBe(8);
    expect((await t.client.ok(ELECTION, { id: created.id }, ivanova.token)).election.hasVoted).toBe(
      true,
    );
    expect(
      (await t.client.ok(ELECTION, { id: created.id }, leaders.member.token)).election.hasVoted,
    ).toBe(false);
    for (const token of [leaders.admin.token, leaders.secretary.token, leaders.chair.token]) {
      const early = await t.client.request<any>(RESULTS, { id: created.id }, token);
      expect(early.errors).toBeUndefined();
      expect(early.data?.election.contests.map((contest: any) => contest.results)).toEqual([
        null,
        null,
        null,
        null,
      ]);
      const box = await t.client.error(BALLOT_BOX, { id: created.id }, token);
      expect(box).toMatchObject({ code: 'FORBIDDEN', reason: 'BALLOT_BOX_SEALED' });
    }

    // Close: the tally, with plain-language explanations.
    const closed = (await t.client.ok(CLOSE, { id: created.id }, secretary)).closeVoting;
    expect(closed).toMatchObject({
      status: 'TALLIED',
      turnout: 8,
      electorateSize: 11,
      quorumRequired: 6,
      quorumReached: true,
      votingMethod: 'ELECTRONIC',
      explanation: 'Turnout 8 of 11 (quorum 6: more than half of the electorate): reached.',
    });
    const results = (await t.client.ok(RESULTS, { id: created.id }, ivanova.token)).election;
    const table = results.contests.map((contest: any) => ({
      status: contest.status,
      results: contest.results.map((r: any) => [r.member.id, r.votes, r.noVotes, r.outcome]),
    }));
    expect(table).toEqual([
      {
        status: 'DECIDED',
        results: [
          [ivanova.member.id, 5, null, 'ELECTED'],
          [petrov.member.id, 2, null, 'NOT_ELECTED'],
        ],
      },
      { status: 'DECIDED', results: [[sidorova.member.id, 6, 1, 'ELECTED']] },
      {
        status: 'DECIDED',
        results: [
          [ivanova.member.id, 5, null, 'ELECTED_ELSEWHERE'],
          [orlov.member.id, 3, null, 'ELECTED'],
        ],
      },
      { status: 'DECIDED', results: [[zaitseva.member.id, 8, 0, 'ELECTED']] },
    ]);
    expect(results.contests[0]).toMatchObject({ validBallots: 7, abstentions: 1 });
    expect(results.contests[0].results[0].explanation).toBe(
      'Анна Иванова 5 of 7 valid ballots, PLURALITY: the most votes wins: elected',
    );
    expect(results.contests[1].results[0].explanation).toBe(
      'Вера Сидорова: Yes 6, No 1 of 7 valid ballots; elected when Yes > No and PLURALITY: the most votes wins: elected',
    );
    expect(results.contests[2].explanation).toContain('Анна Иванова 5 of 8 valid ballots');
    expect(results.contests[2].explanation).toContain('elected to another seat of this election');

    // The ballot box: two lists that cannot be joined, each as long as the turnout.
    const box = (await t.client.ok(BALLOT_BOX, { id: created.id }, leaders.member.token)).ballotBox;
    expect(box.turnout).toBe(8);
    expect(box.trackingCodeHashes).toHaveLength(8);
    expect(box.trackingCodeHashes).toEqual([...box.trackingCodeHashes].sort());
    const { createHash } = await import('node:crypto');
    for (const code of codes) {
      expect(box.trackingCodeHashes).toContain(createHash('sha256').update(code).digest('hex'));
    }
    expect(box.ballots).toHaveLength(8);
    const recount = box.ballots.filter((b: any) =>
      b.choices[0].candidateIds.includes(ivanova.member.id),
    ).length;
    expect(recount).toBe(5);

    // Certification: both sitting co-chairs; nobody else, nobody twice.
    const byChair = await t.client.error(APPROVE, { id: created.id }, leaders.chair.token);
    expect(byChair).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_AN_APPROVER' });
    const first = (
      await t.client.ok(
        APPROVE,
        { id: created.id, comment: 'Подсчёт проверен' },
        leaders.coChairRegional.token,
      )
    ).approveElection;
    expect(first).toMatchObject({
      status: 'TALLIED',
      approvals: [
        {
          member: { id: leaders.coChairRegional.member.id },
          decision: 'APPROVE',
          capacity: 'CO_CHAIR',
        },
      ],
    });
    const again = await t.client.error(APPROVE, { id: created.id }, leaders.coChairRegional.token);
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });
    const certified = (await t.client.ok(APPROVE, { id: created.id }, leaders.coChairFederal.token))
      .approveElection;
    expect(certified.status).toBe('CERTIFIED');
    const approvals = (await t.client.ok(ELECTION, { id: created.id }, ivanova.token)).election
      .approvals;
    expect(approvals).toHaveLength(2);
    const regionalApproval = approvals.find(
      (approval: any) => approval.member.id === leaders.coChairRegional.member.id,
    );
    expect(regionalApproval).toMatchObject({
      comment: 'Подсчёт проверен',
      tallyHash: closed.tallyHash,
    });
    expect(approvals.every((approval: any) => approval.tallyHash === closed.tallyHash)).toBe(true);
    // An approval's comment is in its audit entry, as a rejection's reason is.
    const decided = await t.dataSource.query(
      `SELECT actor_id, summary FROM audit_entry
        WHERE action = 'elections.approved' AND entity_id = $1 ORDER BY seq`,
      [created.id],
    );
    expect(decided.map((entry: any) => [entry.actor_id, entry.summary.comment])).toEqual([
      [leaders.coChairRegional.member.id, 'Подсчёт проверен'],
      [leaders.coChairFederal.member.id, undefined],
    ]);

    // The roster of 2027-H2 is installed; a certified election cannot be cancelled.
    const roster = (
      await t.client.ok(
        `{ term(label: "2027-H2") { roster { position portfolio member { id } } } }`,
        {},
        ivanova.token,
      )
    ).term.roster;
    expect(roster).toEqual([
      { position: 'CHAIR', portfolio: null, member: { id: ivanova.member.id } },
      {
        position: 'CO_CHAIR',
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
        member: { id: sidorova.member.id },
      },
      {
        position: 'CO_CHAIR',
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
        member: { id: orlov.member.id },
      },
      { position: 'EXECUTIVE_SECRETARY', portfolio: null, member: { id: zaitseva.member.id } },
    ]);
    const cancel = await t.client.error(CANCEL, { id: created.id, reason: 'поздно' }, secretary);
    expect(cancel).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });

    // Roles move by themselves at 1 July 00:00 Moscow time.
    t.clock.set('2027-06-30T20:59:59Z');
    const tokens = {
      ivanova: await t.factory.tokenFor(ivanova.member),
      oldChair: await t.factory.tokenFor(leaders.chair.member),
    };
    expect((await t.client.ok(ME_ROLES, {}, tokens.ivanova)).me.roles).toEqual(['MEMBER']);
    expect((await t.client.ok(ME_ROLES, {}, tokens.oldChair)).me.roles).toEqual([
      'MEMBER',
      'CHAIR',
    ]);
    t.clock.set('2027-06-30T21:00:00Z');
    expect((await t.client.ok(ME_ROLES, {}, tokens.ivanova)).me.roles).toEqual(['MEMBER', 'CHAIR']);
    expect((await t.client.ok(ME_ROLES, {}, tokens.oldChair)).me.roles).toEqual(['MEMBER']);
    const orlovToken = await t.factory.tokenFor(orlov.member);
    expect((await t.client.ok(ME_ROLES, {}, orlovToken)).me.roles).toEqual(['MEMBER', 'CO_CHAIR']);

    // The audit chain verifies and never holds a ballot's content or a tracking code.
    const verification = await t.app.get(AuditService).verifyChain();
    expect(verification.firstBreak).toBeNull();
    const entries: Array<{ action: string; summary: string }> = await t.dataSource.query(
      `SELECT action, summary::text AS summary FROM audit_entry WHERE action LIKE 'elections.%' AND seq > $1 ORDER BY seq`,
      [auditFrom],
    );
    expect(entries.map((entry) => entry.action)).toEqual([
      'elections.created',
      'elections.nominations_opened',
      ...Array(7).fill('elections.nominated'),
      ...Array(7).fill('elections.nomination_answered'),
      'elections.voting_opened',
      'elections.voting_closed',
      'elections.approved',
      'elections.approved',
      'elections.certified',
    ]);
    const hashes = codes.map((code) => createHash('sha256').update(code).digest('hex'));
    for (const entry of entries) {
      expect(entry.summary).not.toMatch(/candidateIds|choices|"answer"|abstain/);
      for (const code of codes) expect(entry.summary).not.toContain(code);
      for (const hash of hashes) expect(entry.summary).not.toContain(hash);
    }
    t.clock.set('2027-06-20T09:00:00Z');
  });

  it('refuses every transition the current state does not allow, and changes nothing', async () => {
    const secretary = leaders.secretary.token;
    const election = await driver.create({
      termLabel: '2031-H1',
      contests: [{ position: 'CHAIR' }],
    });
    const snapshot = async () =>
      (await t.client.ok(ELECTION, { id: election.id }, secretary)).election;
    const before = await snapshot();
    const attempts = [
      [OPEN_VOTING, { id: election.id }],
      [CLOSE, { id: election.id }],
      [APPROVE, { id: election.id }],
    ] as const;
    for (const [document, variables] of attempts) {
      const token = document === APPROVE ? leaders.coChairFederal.token : secretary;
      expect((await t.client.error(document, variables, token)).code).toBe('CONFLICT');
    }
    expect(await snapshot()).toEqual(before);

    await driver.openNominations(election.id);
    const again = await t.client.error(OPEN_NOMINATIONS, { id: election.id }, secretary);
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
    const empty = await t.client.error(OPEN_VOTING, { id: election.id }, secretary);
    expect(empty).toMatchObject({ code: 'CONFLICT', reason: 'CONTEST_WITHOUT_CANDIDATES' });
    expect((await snapshot()).status).toBe('NOMINATION');

    // A second live election for the same term is refused by the database's unique index.
    const duplicate = await t.client.error(
      CREATE,
      { input: { termLabel: '2031-H1', title: 'Ещё одни' } },
      secretary,
    );
    expect(duplicate).toMatchObject({ code: 'CONFLICT', reason: 'ELECTION_EXISTS_FOR_TERM' });

    // Cancelling needs a reason; afterwards nothing moves, and a new election may be created.
    const noReason = await t.client.error(CANCEL, { id: election.id, reason: '   ' }, secretary);
    expect(noReason.code).toBe('BAD_USER_INPUT');
    const cancelled = (
      await t.client.ok(CANCEL, { id: election.id, reason: 'Перенос на осень' }, secretary)
    ).cancelElection;
    expect(cancelled).toEqual({
      id: election.id,
      status: 'CANCELLED',
      statusReason: 'Перенос на осень',
    });
    const afterCancel = await t.client.error(OPEN_VOTING, { id: election.id }, secretary);
    expect(afterCancel.code).toBe('CONFLICT');
    await driver.create({ termLabel: '2031-H1' });
  });

  it('validates creation: past terms, contests that do not fit a roster, bad rulesets', async () => {
    const secretary = leaders.secretary.token;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ termLabel: '2027-H0', title: 'x' }, 'INVALID_TERM_LABEL'],
      [{ termLabel: '2026-H1', title: 'Прошлое' }, 'TERM_IN_PAST'],
      [
        { termLabel: '2032-H1', title: 'x', contests: [{ position: 'CHAIR', seats: 3 }] },
        'INVALID_SEATS',
      ],
      [
        { termLabel: '2032-H1', title: 'x', contests: [{ position: 'CHAIR', seats: 2 }] },
        'TOO_MANY_SEATS',
      ],
      [
        {
          termLabel: '2032-H1',
          title: 'x',
          contests: [{ position: 'CHAIR' }, { position: 'CHAIR' }],
        },
        'TOO_MANY_SEATS',
      ],
      [
        { termLabel: '2032-H1', title: 'x', contests: [{ position: 'CO_CHAIR' }] },
        'PORTFOLIO_REQUIRED',
      ],
      [
        {
          termLabel: '2032-H1',
          title: 'x',
          contests: [{ position: 'CHAIR', portfolio: 'Финансы' }],
        },
        'UNEXPECTED_PORTFOLIO',
      ],
      [
        {
          termLabel: '2032-H1',
          title: 'x',
          // One regional and one federal co-chair (DOMAIN.md), not two for the same authorities.
          contests: [
            { position: 'CO_CHAIR', portfolio: 'Связи с региональными властями' },
            { position: 'CO_CHAIR', portfolio: ' связи с  региональными властями' },
          ],
        },
        'DUPLICATE_PORTFOLIO',
      ],
      [
        {
          termLabel: '2032-H1',
          title: 'x',
          // Nor two that differ only by characters nobody sees (a zero-width space).
          contests: [
            { position: 'CO_CHAIR', portfolio: 'Регион' },
            { position: 'CO_CHAIR', portfolio: 'Рег\u200bион' },
          ],
        },
        'DUPLICATE_PORTFOLIO',
      ],
      [
        { termLabel: '2032-H1', title: 'x', ruleset: { quorumNumerator: 3, quorumDenominator: 2 } },
        'INVALID_RULESET',
      ],
    ];
    for (const [input, reason] of cases) {
      const refused = await t.client.error(CREATE, { input }, secretary);
      expect({ input, code: refused.code, reason: refused.reason }).toEqual({
        input,
        code: 'BAD_USER_INPUT',
        reason,
      });
    }
    const { length } = await t.dataSource.query(
      `SELECT id FROM election WHERE term_label = '2032-H1'`,
    );
    expect(length).toBe(0);

    // A term that already has its roster cannot be elected again.
    const taken = await t.client.error(
      CREATE,
      { input: { termLabel: '2027-H1', title: 'Повторно' } },
      secretary,
    );
    expect(taken).toMatchObject({ code: 'CONFLICT', reason: 'TERM_HAS_ROSTER' });
    const custom = await driver.create({
      termLabel: '2032-H2',
      contests: [
        { position: 'CO_CHAIR', seats: 2, portfolio: 'Отношения с властями', majority: 'SIMPLE' },
      ],
      ruleset: {
        quorumNumerator: 2,
        quorumDenominator: 3,
        quorumComparison: 'AT_LEAST',
        majority: 'ABSOLUTE',
      },
    });
    const stored = (await t.client.ok(ELECTION, { id: custom.id }, secretary)).election;
    expect(stored.ruleset).toEqual({
      quorumNumerator: 2,
      quorumDenominator: 3,
      quorumComparison: 'AT_LEAST',
      majority: 'ABSOLUTE',
      tiePolicy: 'RUNOFF',
    });
    expect(stored.contests[0]).toMatchObject({ seats: 2, majority: 'SIMPLE' });
  });

  it('lets a nominee decline, or withdraw while nominations are open; only active members stand', async () => {
    const election = await driver.create({ contests: [{ position: 'CHAIR' }] });
    await driver.openNominations(election.id);
    const [candidate] = voters;
    const nomination = (
      await t.client.ok(
        NOMINATE,
        { contest: election.contests[0].id, nominee: candidate.member.id },
        leaders.member.token,
      )
    ).nominate;
    await t.client.ok(RESPOND, { id: nomination.id, accept: true }, candidate.token);
    const same = await t.client.error(
      RESPOND,
      { id: nomination.id, accept: true },
      candidate.token,
    );
    expect(same).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ANSWERED' });
    const withdrawn = (
      await t.client.ok(RESPOND, { id: nomination.id, accept: false }, candidate.token)
    ).respondToNomination;
    expect(withdrawn.status).toBe('DECLINED');

    const suspended = await t.factory.member({ status: 'SUSPENDED' as never });
    const inactive = await t.client.error(
      NOMINATE,
      { contest: election.contests[0].id, nominee: suspended.id },
      leaders.member.token,
    );
    expect(inactive).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOMINEE_NOT_ACTIVE' });
    const unknown = await t.client.error(
      NOMINATE,
      { contest: election.contests[0].id, nominee: '00000000-0000-4000-8000-000000000000' },
      leaders.member.token,
    );
    // A reference in the input, named as an agenda item's unknown presenter is.
    expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_MEMBER' });

    // A candidate suspended after accepting: the vote does not open (a win could never be seated),
    // until the member is reactivated.
    const [, standing] = voters;
    const again = (
      await t.client.ok(
        NOMINATE,
        { contest: election.contests[0].id, nominee: standing.member.id },
        leaders.member.token,
      )
    ).nominate;
    await t.client.ok(RESPOND, { id: again.id, accept: true }, standing.token);
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [
      standing.member.id,
    ]);
    try {
      const refused = await t.client.error(
        OPEN_VOTING,
        { id: election.id },
        leaders.secretary.token,
      );
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'CANDIDATE_NOT_ACTIVE' });
      expect(refused.error.message).toContain(standing.member.fullName);
      expect(
        (await t.client.ok(ELECTION, { id: election.id }, leaders.secretary.token)).election.status,
      ).toBe('NOMINATION');
    } finally {
      await t.dataSource.query(`UPDATE member SET status = 'ACTIVE' WHERE id = $1`, [
        standing.member.id,
      ]);
    }
    await t.client.ok(OPEN_VOTING, { id: election.id }, leaders.secretary.token);
  });

  it('answers a list of elections with all their parts in a bounded number of queries (DataLoaders)', async () => {
    const LIST = `{ elections { id status turnout hasVoted isInElectorate term { label }
      contests { id candidates { id member { fullName organization { name } } }
        nominations { status nominee { id } nominatedBy { id } } runoffs { id } }
      approvals { member { fullName } standingInFor { id } } } }`;
    // Elections of its own with every part filled in (whatever the other tests left): a draft,
    // one with a declined nomination, one in its vote, one tallied with an approval. Its candidates
    // are the voters above: a new active member would change the electorate the first test counts.
    const [accepted, declined, standing, voted, tallied] = voters.map(person);
    await driver.create({ contests: CHAIR_ONLY });
    const answered = await driver.create({ contests: CHAIR_ONLY });
    await driver.openNominations(answered.id);
    const nominated = await t.client.ok(
      NOMINATE,
      { contest: answered.contests[0].id, nominee: declined.id },
      leaders.member.token,
    );
    await t.client.ok(RESPOND, { id: nominated.nominate.id, accept: false }, declined.token);
    await driver.stand(answered, [[accepted, standing]]);
    await driver.voting({ contests: CHAIR_ONLY }, [[voted]]);
    const approved = await driver.talliedByPaper(
      { contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[tallied]],
    );
    await t.client.ok(APPROVE, { id: approved.id }, leaders.coChairRegional.token);

    QueryCounter.reset();
    const data = await t.client.ok(LIST, {}, voters[0].token);
    const queries = QueryCounter.count;
    expect(data.elections.length).toBeGreaterThanOrEqual(4);
    // One per kind (auth, elections, contests, nominations, members, organizations, approvals,
    // runoffs, turnout, hasVoted, isInElectorate), whatever the number of elections.
    expect(data.elections.some((election: any) => election.isInElectorate === true)).toBe(true);
    expect(queries).toBeLessThanOrEqual(13);
  });
});
