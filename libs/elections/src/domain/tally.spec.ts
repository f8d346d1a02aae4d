import { BallotContest, countBallots } from './ballot-rules';
import { BallotAnswer, ContestStatus, ResultOutcome } from './election-status';
import { DEFAULT_RULESET, MajorityRule, QuorumComparison, Ruleset } from './ruleset';
import { TallyContest, tallyElection } from './tally';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const A = id(1);
const B = id(2);
const C = id(3);
const D = id(4);
const NAMES: Record<string, string> = { [A]: 'Anna', [B]: 'Boris', [C]: 'Clara', [D]: 'Denis' };

function contest(
  contestId: string,
  candidates: string[],
  votes: Record<string, number>,
  options: { seats?: number; majority?: MajorityRule; abstentions?: number; valid?: number } = {},
): TallyContest {
  const valid =
    options.valid ?? Object.values(votes).reduce((sum, n) => sum + n, 0) / (options.seats ?? 1);
  return {
    id: contestId,
    label: `Contest ${contestId.slice(-1)}`,
    labelRu: `Должность ${contestId.slice(-1)}`,
    seats: options.seats ?? 1,
    majority: options.majority ?? MajorityRule.PLURALITY,
    candidates: candidates.map((memberId) => ({ memberId, name: NAMES[memberId] })),
    counts: {
      contestId,
      validBallots: valid,
      abstentions: options.abstentions ?? 0,
      votes,
      yes: null,
      no: null,
    },
  };
}

function uncontested(
  contestId: string,
  candidate: string,
  yes: number,
  no: number,
  majority = MajorityRule.PLURALITY,
): TallyContest {
  return {
    id: contestId,
    label: `Contest ${contestId.slice(-1)}`,
    labelRu: `Должность ${contestId.slice(-1)}`,
    seats: 1,
    majority,
    candidates: [{ memberId: candidate, name: NAMES[candidate] }],
    counts: {
      contestId,
      validBallots: yes + no,
      abstentions: 0,
      votes: { [candidate]: yes },
      yes,
      no,
    },
  };
}

const tally = (
  contests: TallyContest[],
  turnout = 10,
  electorateSize = 12,
  ruleset: Ruleset = DEFAULT_RULESET,
) => tallyElection({ electorateSize, turnout, ruleset, contests });

describe('quorum', () => {
  it('is more than half of the electorate by default', () => {
    expect(tally([], 9, 17)).toMatchObject({ quorumRequired: 9, quorumReached: true });
    expect(tally([], 8, 17)).toMatchObject({ quorumRequired: 9, quorumReached: false });
    expect(tally([], 6, 12)).toMatchObject({ quorumRequired: 7, quorumReached: false });
    expect(tally([], 0, 0)).toMatchObject({ quorumRequired: 1, quorumReached: false });
  });

  it('follows the ruleset: "at least two thirds", or no quorum at all', () => {
    const twoThirds: Ruleset = {
      ...DEFAULT_RULESET,
      quorum: { numerator: 2, denominator: 3, comparison: QuorumComparison.AT_LEAST },
    };
    expect(tally([], 8, 12, twoThirds)).toMatchObject({ quorumRequired: 8, quorumReached: true });
    expect(tally([], 7, 12, twoThirds)).toMatchObject({ quorumReached: false });
    const none: Ruleset = {
      ...DEFAULT_RULESET,
      quorum: { numerator: 0, denominator: 1, comparison: QuorumComparison.AT_LEAST },
    };
    expect(tally([], 0, 12, none)).toMatchObject({ quorumRequired: 0, quorumReached: true });
  });

  it('elects nobody without quorum, but still shows the counts', () => {
    const outcome = tally([contest(id(90), [A, B], { [A]: 4, [B]: 1 })], 5, 12);
    expect(outcome.explanation).toBe(
      'Turnout 5 of 12 (quorum 7: more than half of the electorate): not reached.',
    );
    expect(outcome.contests[0]).toMatchObject({ status: ContestStatus.NO_QUORUM, elected: [] });
    expect(outcome.contests[0].results.map((r) => [r.votes, r.elected])).toEqual([
      [4, false],
      [1, false],
    ]);
    expect(outcome.contests[0].results[0].explanation).toContain('not elected (no quorum)');
  });
});

describe('majority rules', () => {
  const votes = { [A]: 6, [B]: 4 }; // 10 valid ballots, electorate 12
  const decide = (majority: MajorityRule, v = votes, valid = 10) =>
    tally([contest(id(91), [A, B], v, { majority, valid })]).contests[0];

  it('PLURALITY: the most votes', () => {
    expect(decide(MajorityRule.PLURALITY).elected).toEqual([A]);
  });

  it('SIMPLE: more than half of the valid ballots', () => {
    expect(decide(MajorityRule.SIMPLE).elected).toEqual([A]);
    const half = decide(MajorityRule.SIMPLE, { [A]: 5, [B]: 3 }, 10);
    expect(half.status).toBe(ContestStatus.UNDECIDED);
    expect(half.runoffCandidates).toEqual([A, B]);
  });

  it('ABSOLUTE: more than half of the electorate', () => {
    // 6 of an electorate of 12 is not more than half.
    expect(decide(MajorityRule.ABSOLUTE).status).toBe(ContestStatus.UNDECIDED);
    expect(decide(MajorityRule.ABSOLUTE, { [A]: 7, [B]: 3 }).elected).toEqual([A]);
  });

  it('TWO_THIRDS: at least two thirds of the valid ballots', () => {
    expect(decide(MajorityRule.TWO_THIRDS).status).toBe(ContestStatus.UNDECIDED);
    const exactly = tally([
      contest(id(92), [A, B], { [A]: 6, [B]: 3 }, { majority: MajorityRule.TWO_THIRDS, valid: 9 }),
    ]);
    expect(exactly.contests[0].elected).toEqual([A]);
  });

  it('TWO_THIRDS of no valid ballots still needs a vote: everyone abstaining is no majority', () => {
    const outcome = tally([
      contest(
        id(99),
        [A, B],
        { [A]: 0, [B]: 0 },
        { majority: MajorityRule.TWO_THIRDS, valid: 0, abstentions: 10 },
      ),
    ]).contests[0];
    expect(outcome).toMatchObject({ status: ContestStatus.UNDECIDED, runoffCandidates: [A, B] });
    expect(outcome.results[0].explanation).toBe(
      'Anna 0 of 0 valid ballots, TWO_THIRDS majority needs 1: goes to a runoff',
    );
    expect(outcome.explanation).toContain('No majority for 1 seat: a runoff decides.');
  });

  it('explains the threshold in words a member can check', () => {
    const outcome = tally(
      [contest(id(93), [A, B], { [A]: 9, [B]: 5 }, { majority: MajorityRule.SIMPLE, valid: 14 })],
      14,
      17,
    );
    expect(outcome.explanation).toBe(
      'Turnout 14 of 17 (quorum 9: more than half of the electorate): reached.',
    );
    expect(outcome.contests[0].results[0].explanation).toBe(
      'Anna 9 of 14 valid ballots, SIMPLE majority needs 8: elected',
    );
    expect(outcome.contests[0].explanation).toBe(
      'Contest 3, 1 seat, SIMPLE majority: more than half of 14 valid ballots, i.e. at least 8. ' +
        '14 valid ballots, 0 abstentions. Anna 9 of 14 valid ballots, SIMPLE majority needs 8: elected; ' +
        'Boris 5 of 14 valid ballots, SIMPLE majority needs 8: not elected. Decided.',
    );
  });
});

describe('ties and runoffs', () => {
  it('leaves a tie for the only seat UNDECIDED, with the tied candidates in the runoff', () => {
    const outcome = tally([contest(id(94), [A, B, C], { [A]: 4, [B]: 4, [C]: 2 })]).contests[0];
    expect(outcome).toMatchObject({
      status: ContestStatus.UNDECIDED,
      elected: [],
      runoffCandidates: [A, B],
      runoffSeats: 1,
    });
    expect(outcome.results.map((r) => r.outcome)).toEqual([
      ResultOutcome.IN_RUNOFF,
      ResultOutcome.IN_RUNOFF,
      ResultOutcome.NOT_ELECTED,
    ]);
    expect(outcome.explanation).toContain('Tie for the last seat: a runoff decides 1 seat.');
  });

  it('elects those above a tie for the last of two seats; the tied ones go to a runoff for one', () => {
    const outcome = tally([
      contest(id(95), [A, B, C, D], { [A]: 6, [B]: 3, [C]: 3, [D]: 1 }, { seats: 2, valid: 7 }),
    ]).contests[0];
    expect(outcome).toMatchObject({
      status: ContestStatus.UNDECIDED,
      elected: [A],
      runoffCandidates: [B, C],
      runoffSeats: 1,
    });
  });

  it('sends the top two to a runoff when nobody reaches the majority', () => {
    const outcome = tally([
      contest(
        id(96),
        [A, B, C],
        { [A]: 4, [B]: 3, [C]: 3 },
        { majority: MajorityRule.SIMPLE, valid: 10 },
      ),
    ]).contests[0];
    // The second place is tied: everyone tied at the cut goes through.
    expect(outcome).toMatchObject({ status: ContestStatus.UNDECIDED, runoffCandidates: [A, B, C] });
    const clear = tally([
      contest(
        id(97),
        [A, B, C],
        { [A]: 4, [B]: 3, [C]: 2 },
        { majority: MajorityRule.SIMPLE, valid: 9 },
      ),
    ]).contests[0];
    expect(clear.runoffCandidates).toEqual([A, B]);
    expect(clear.explanation).toContain('No majority for 1 seat: a runoff decides.');
  });

  it('a seat nobody voted for is a tie at zero', () => {
    const outcome = tally([
      contest(id(98), [A, B], { [A]: 0, [B]: 0 }, { valid: 0, abstentions: 10 }),
    ]);
    expect(outcome.contests[0]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [A, B],
    });
  });
});

describe('uncontested seats', () => {
  it('elects the single candidate when Yes > No', () => {
    const outcome = tally([uncontested(id(99), A, 6, 3)]).contests[0];
    expect(outcome).toMatchObject({ status: ContestStatus.DECIDED, elected: [A] });
    expect(outcome.results[0]).toMatchObject({ votes: 6, noVotes: 3 });
    expect(outcome.results[0].explanation).toBe(
      'Anna: Yes 6, No 3 of 9 valid ballots; elected when Yes > No and PLURALITY: the most votes wins: elected',
    );
  });

  it('does not elect on Yes = No, nor when Yes misses the majority rule', () => {
    expect(tally([uncontested(id(81), A, 4, 4)]).contests[0].status).toBe(ContestStatus.UNDECIDED);
    // Yes > No, but ABSOLUTE asks for more than half of an electorate of 12.
    const absolute = tally([uncontested(id(82), A, 5, 1, MajorityRule.ABSOLUTE)]).contests[0];
    expect(absolute).toMatchObject({ status: ContestStatus.UNDECIDED, runoffCandidates: [A] });
  });
});

describe('nobody is seated twice', () => {
  it('skips a person elected in an earlier contest: the next candidate takes the later seat', () => {
    const outcome = tally([
      contest(id(71), [A, B], { [A]: 7, [B]: 3 }),
      contest(id(72), [A, C], { [A]: 8, [C]: 2 }),
    ]);
    expect(outcome.contests.map((c) => c.elected)).toEqual([[A], [C]]);
    expect(outcome.contests[1].results[0]).toMatchObject({
      memberId: A,
      elected: false,
      outcome: ResultOutcome.ELECTED_ELSEWHERE,
    });
  });

  it('still applies the majority rule to the next candidate', () => {
    const outcome = tally([
      contest(id(73), [A, B], { [A]: 7, [B]: 3 }),
      contest(
        id(74),
        [A, C, D],
        { [A]: 6, [C]: 3, [D]: 1 },
        { majority: MajorityRule.SIMPLE, valid: 10 },
      ),
    ]);
    expect(outcome.contests[1]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [C, D],
    });
  });

  it('keeps a runoff to candidates who won no other seat', () => {
    // A and B tie for the chair; A wins the later contest, so the runoff is B's alone.
    const outcome = tally([
      contest(id(75), [A, B], { [A]: 5, [B]: 5 }),
      contest(id(76), [A, C], { [A]: 7, [C]: 3 }),
    ]);
    expect(outcome.contests[0]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [B],
    });
    expect(outcome.contests[1].elected).toEqual([A]);
    expect(outcome.contests[0].results[0].outcome).toBe(ResultOutcome.ELECTED_ELSEWHERE);
  });

  it('sends the best placed of the rest to the runoff when every tied candidate won a later seat', () => {
    // A and B tie for the chair and each wins a later seat; Clara and Denis are still standing.
    const outcome = tally([
      contest(id(81), [A, B, C, D], { [A]: 4, [B]: 4, [C]: 2, [D]: 1 }),
      uncontested(id(82), A, 9, 0),
      uncontested(id(83), B, 9, 0),
    ]);
    expect(outcome.contests.map((c) => c.elected)).toEqual([[], [A], [B]]);
    expect(outcome.contests[0]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [C, D],
      runoffSeats: 1,
    });
    expect(outcome.contests[0].results.map((r) => r.outcome)).toEqual([
      ResultOutcome.ELECTED_ELSEWHERE,
      ResultOutcome.ELECTED_ELSEWHERE,
      ResultOutcome.IN_RUNOFF,
      ResultOutcome.IN_RUNOFF,
    ]);
    expect(outcome.contests[0].explanation).toContain(
      'Tie for the last seat, with tied candidates elected to other seats: a runoff with the next best placed decides 1 seat.',
    );
    expect(outcome.contests[0].results[2].explanation).toContain('goes to a runoff');
    expect(outcome.contests[0].results[2].explanation).not.toContain('tied');
  });

  it('takes the one left of the rest to a runoff, and leaves the seat VACANT with nobody left', () => {
    const oneLeft = tally([
      contest(id(84), [A, B, C], { [A]: 2, [B]: 2, [C]: 1 }),
      uncontested(id(85), A, 9, 0),
      uncontested(id(86), B, 9, 0),
    ]);
    expect(oneLeft.contests[0]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [C],
    });
    const noneLeft = tally([
      contest(id(87), [A, B], { [A]: 2, [B]: 2 }),
      uncontested(id(88), A, 9, 0),
      uncontested(id(89), B, 9, 0),
    ]);
    expect(noneLeft.contests[0]).toMatchObject({ status: ContestStatus.VACANT, elected: [] });
  });

  // Found by review: with two seats and only one tied candidate left, the runoff was that one
  // alone, and the second seat could only stay vacant while others were still standing.
  it('adds the best placed of the rest when the tied ones left are fewer than the seats', () => {
    const E = id(5);
    NAMES[E] = 'Egor';
    const outcome = tally([
      contest(id(91), [A, B, C, D, E], { [A]: 3, [B]: 3, [C]: 3, [D]: 2, [E]: 1 }, { seats: 2 }),
      uncontested(id(92), A, 9, 0),
      uncontested(id(93), B, 9, 0),
    ]);
    expect(outcome.contests[0]).toMatchObject({
      status: ContestStatus.UNDECIDED,
      runoffCandidates: [C, D, E],
      runoffSeats: 2,
    });
    // As many tied ones left as seats: the tie stays theirs.
    const enough = tally([
      contest(id(94), [A, B, C, D], { [A]: 3, [B]: 3, [C]: 3, [D]: 2 }, { seats: 2 }),
      uncontested(id(95), A, 9, 0),
    ]);
    expect(enough.contests[0]).toMatchObject({ runoffCandidates: [B, C], runoffSeats: 2 });
  });

  it('leaves a seat VACANT when every candidate already holds another', () => {
    const outcome = tally([
      contest(id(77), [A, B], { [A]: 7, [B]: 3 }),
      uncontested(id(78), A, 9, 0),
    ]);
    expect(outcome.contests[1]).toMatchObject({ status: ContestStatus.VACANT, elected: [] });
    expect(outcome.contests[1].explanation).toContain('Nobody left to elect');
  });
});

describe('counting ballots', () => {
  const contests: BallotContest[] = [
    { id: id(61), seats: 2, candidateIds: [A, B, C] },
    { id: id(62), seats: 1, candidateIds: [D] },
  ];
  it('counts valid ballots, abstentions, votes and Yes / No', () => {
    const counts = countBallots(contests, [
      [
        { contestId: id(61), candidateIds: [A, B], answer: null, abstain: false },
        { contestId: id(62), candidateIds: [], answer: BallotAnswer.YES, abstain: false },
      ],
      [
        { contestId: id(61), candidateIds: [], answer: null, abstain: true },
        { contestId: id(62), candidateIds: [], answer: BallotAnswer.NO, abstain: false },
      ],
      [
        { contestId: id(61), candidateIds: [A], answer: null, abstain: false },
        { contestId: id(62), candidateIds: [], answer: BallotAnswer.ABSTAIN, abstain: true },
      ],
    ]);
    expect(counts).toEqual([
      {
        contestId: id(61),
        validBallots: 2,
        abstentions: 1,
        votes: { [A]: 2, [B]: 1, [C]: 0 },
        yes: null,
        no: null,
      },
      { contestId: id(62), validBallots: 2, abstentions: 1, votes: { [D]: 1 }, yes: 1, no: 1 },
    ]);
  });
});
