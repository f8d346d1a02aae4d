import { ContestStatus, ResultOutcome } from './election-status';
import { ContestCounts } from './ballot-rules';
import { MajorityRule, Ruleset, majorityThreshold, quorumRequired } from './ruleset';
import {
  CandidateLine,
  ContestContext,
  explainCandidate,
  explainContest,
  explainQuorum,
} from './explanation';
import { explainCandidateRu, explainContestRu, explainQuorumRu } from './explanation-ru';

export interface TallyCandidate {
  memberId: string;
  name: string;
}

export interface TallyContest {
  id: string;
  label: string;
  labelRu: string;
  seats: number;
  majority: MajorityRule;
  // Frozen candidates in nomination order; one candidate makes the contest uncontested.
  candidates: readonly TallyCandidate[];
  counts: ContestCounts;
}

export interface TallyInput {
  electorateSize: number;
  turnout: number;
  ruleset: Ruleset;
  // In contest order: it decides who is seated when a person wins twice.
  contests: readonly TallyContest[];
}

export interface CandidateResult {
  memberId: string;
  votes: number;
  // Uncontested contests only.
  noVotes: number | null;
  elected: boolean;
  outcome: ResultOutcome;
  explanation: string;
  explanationRu: string;
}

export interface ContestOutcome {
  contestId: string;
  status: ContestStatus;
  validBallots: number;
  abstentions: number;
  elected: string[];
  // For an UNDECIDED contest: who goes to the runoff, for how many seats.
  runoffCandidates: string[];
  runoffSeats: number;
  results: CandidateResult[];
  explanation: string;
  explanationRu: string;
}

export interface TallyOutcome {
  quorumRequired: number;
  quorumReached: boolean;
  explanation: string;
  explanationRu: string;
  contests: ContestOutcome[];
}

interface Ranked {
  memberId: string;
  votes: number;
}

interface FirstPass {
  contest: TallyContest;
  uncontested: boolean;
  threshold: number;
  elected: string[];
  // Candidates still in the running for the seats left: tied for the last seat (tie) or below the
  // majority (noMajority).
  undecided: 'tie' | 'noMajority' | null;
  contenders: Ranked[];
  // Every candidate not elected in an earlier contest, best placed first.
  ranked: Ranked[];
  seatsLeft: number;
}

interface Runoff {
  candidates: string[];
  // A tie whose contenders, once those who won a later contest's seat are gone, are fewer than
  // the seats left: the runoff takes the best placed of the rest too.
  tiedWonElsewhere: boolean;
}

// The whole count of an election: quorum, then each contest in order under its majority rule.
// Rules a member can check by hand:
// 1. contests are counted in order; a person elected in an earlier contest is skipped in later
//    ones (the next candidate takes that seat), so nobody is seated twice;
// 2. a tie for the last seat, or seats left with nobody reaching the majority, leaves the contest
//    UNDECIDED: a runoff between the tied candidates (or the best placed, one more than the seats
//    left: the top two for one seat) who have not won a seat elsewhere in this election. When tied
//    candidates won later contests' seats and too few of them are left for the seats, the runoff
//    takes the best placed of the rest too, as with no majority; VACANT only when nobody is left.
// Pure: the same input always gives the same outcome.
export function tallyElection(input: TallyInput): TallyOutcome {
  const required = quorumRequired(input.electorateSize, input.ruleset.quorum);
  const quorumReached = input.turnout >= required;
  const electedEarlier = new Set<string>();
  const firstPass = input.contests.map((contest) => {
    const pass = decideContest(contest, input.electorateSize, quorumReached, electedEarlier);
    for (const id of pass.elected) electedEarlier.add(id);
    return pass;
  });
  const electedAnywhere = electedEarlier;
  const contests = firstPass.map((pass) => {
    return finish(pass, input.electorateSize, quorumReached, electedAnywhere);
  });
  return {
    quorumRequired: required,
    quorumReached,
    explanation: explainQuorum(input.turnout, input.electorateSize, required, input.ruleset.quorum),
    explanationRu: explainQuorumRu(
      input.turnout,
      input.electorateSize,
      required,
      input.ruleset.quorum,
    ),
    contests,
  };
}

function decideContest(
  contest: TallyContest,
  electorateSize: number,
  quorumReached: boolean,
  electedEarlier: ReadonlySet<string>,
): FirstPass {
  const { counts } = contest;
  const uncontested = counts.yes !== null && counts.no !== null;
  const threshold = majorityThreshold(contest.majority, counts.validBallots, electorateSize);
  const meets = (votes: number) => votes >= threshold && (!uncontested || votes > (counts.no ?? 0));
  const ranked: Ranked[] = contest.candidates
    .filter((candidate) => !electedEarlier.has(candidate.memberId))
    .map((candidate) => ({
      memberId: candidate.memberId,
      votes: counts.votes[candidate.memberId] ?? 0,
    }))
    .sort((a, b) => b.votes - a.votes);
  const pass: FirstPass = {
    contest,
    uncontested,
    threshold,
    elected: [],
    undecided: null,
    contenders: [],
    ranked,
    seatsLeft: 0,
  };
  if (!quorumReached || ranked.length === 0) return pass;

  const qualified = ranked.filter((entry) => meets(entry.votes));
  if (qualified.length > contest.seats) {
    const last = qualified[contest.seats - 1].votes;
    if (qualified[contest.seats].votes === last) {
      pass.elected = qualified.filter((entry) => entry.votes > last).map((e) => e.memberId);
      pass.undecided = 'tie';
      pass.contenders = qualified.filter((entry) => entry.votes === last);
    } else {
      pass.elected = qualified.slice(0, contest.seats).map((entry) => entry.memberId);
    }
  } else {
    pass.elected = qualified.map((entry) => entry.memberId);
    const others = ranked.filter((entry) => !meets(entry.votes));
    if (pass.elected.length < contest.seats && others.length > 0) {
      pass.undecided = 'noMajority';
      pass.contenders = others;
    }
  }
  pass.seatsLeft = contest.seats - pass.elected.length;
  return pass;
}

function runoffOf(pass: FirstPass, electedAnywhere: ReadonlySet<string>): Runoff {
  const free = (entry: Ranked) => !electedAnywhere.has(entry.memberId);
  if (pass.undecided === null) return { candidates: [], tiedWonElsewhere: false };
  const tied = pass.contenders.filter(free);
  if (pass.undecided === 'tie' && tied.length >= pass.seatsLeft) {
    return { candidates: tied.map((entry) => entry.memberId), tiedWonElsewhere: false };
  }
  // No majority; or a tie that the tied candidates who won no later seat cannot fill: the runoff
  // takes the best placed of those still free, one more than the seats left.
  const tiedWonElsewhere = pass.undecided === 'tie';
  const field = tiedWonElsewhere
    ? pass.ranked.filter((entry) => free(entry) && !pass.elected.includes(entry.memberId))
    : tied;
  if (field.length === 0) return { candidates: [], tiedWonElsewhere };
  const cut = field[Math.min(field.length, pass.seatsLeft + 1) - 1].votes;
  return {
    candidates: field.filter((entry) => entry.votes >= cut).map((entry) => entry.memberId),
    tiedWonElsewhere,
  };
}

function finish(
  pass: FirstPass,
  electorateSize: number,
  quorumReached: boolean,
  electedAnywhere: ReadonlySet<string>,
): ContestOutcome {
  const { contest } = pass;
  const { counts } = contest;
  const { candidates: runoff, tiedWonElsewhere } = runoffOf(pass, electedAnywhere);
  const status = !quorumReached
    ? ContestStatus.NO_QUORUM
    : runoff.length > 0
      ? ContestStatus.UNDECIDED
      : pass.elected.length > 0
        ? ContestStatus.DECIDED
        : ContestStatus.VACANT;
  const runoffSeats = runoff.length > 0 ? pass.seatsLeft : 0;

  const lines: CandidateLine[] = contest.candidates.map((candidate) => {
    const id = candidate.memberId;
    const outcome = pass.elected.includes(id)
      ? ResultOutcome.ELECTED
      : electedAnywhere.has(id)
        ? ResultOutcome.ELECTED_ELSEWHERE
        : runoff.includes(id)
          ? ResultOutcome.IN_RUNOFF
          : ResultOutcome.NOT_ELECTED;
    return { memberId: id, name: candidate.name, votes: counts.votes[id] ?? 0, outcome };
  });
  const context: ContestContext = {
    label: contest.label,
    labelRu: contest.labelRu,
    seats: contest.seats,
    majority: contest.majority,
    validBallots: counts.validBallots,
    abstentions: counts.abstentions,
    electorateSize,
    threshold: pass.threshold,
    uncontested: pass.uncontested,
    no: counts.no,
    quorumReached,
    status,
    runoffSeats,
    unfilledSeats: contest.seats - pass.elected.length,
    tie: pass.undecided === 'tie' && !tiedWonElsewhere,
    tiedWonElsewhere,
  };
  return {
    contestId: contest.id,
    status,
    validBallots: counts.validBallots,
    abstentions: counts.abstentions,
    elected: pass.elected,
    runoffCandidates: runoff,
    runoffSeats,
    results: lines.map((line) => ({
      memberId: line.memberId,
      votes: line.votes,
      noVotes: pass.uncontested ? counts.no : null,
      elected: line.outcome === ResultOutcome.ELECTED,
      outcome: line.outcome,
      explanation: explainCandidate(line, context),
      explanationRu: explainCandidateRu(line, context),
    })),
    explanation: explainContest(lines, context),
    explanationRu: explainContestRu(lines, context),
  };
}
