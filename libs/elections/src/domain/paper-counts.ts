import { allChecked, isUuid } from '@council/core';
import { BallotContest, ContestCounts, emptyCounts, isUncontested } from './ballot-rules';
import { ElectionReason, invalid } from './elections.errors';

export interface PaperCountInput {
  candidateId: string;
  votes: number;
}

export interface PaperContestInput {
  contestId: string;
  // Ballots that chose nobody in this contest (blank, abstained or spoilt for this contest).
  abstentions?: number | null;
  // Contested: votes per candidate (a candidate left out had none).
  counts?: readonly PaperCountInput[] | null;
  // Uncontested: Yes and No on the single candidate.
  yes?: number | null;
  no?: number | null;
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

// The counts of an in-room paper vote, checked for consistency with the number of ballots cast so
// that everything after the tally (quorum, majorities, ties) works as for electronic ballots.
export function paperCounts(
  contests: readonly BallotContest[],
  ballotsCast: number,
  inputs: readonly PaperContestInput[],
): ContestCounts[] {
  if (!isCount(ballotsCast)) {
    throw invalid('ballotsCast', ElectionReason.INVALID_COUNTS, 'must be a whole number ≥ 0');
  }
  const byId = new Map(contests.map((contest) => [contest.id, contest]));
  const counted = new Map<string, ContestCounts>();
  const entered = new Set<string>();
  // Every contest's mistakes in one answer (allChecked), and the contests left out with them.
  allChecked(
    ...inputs.map((input, index) => () => {
      const field = `contests.${index}`;
      const id = typeof input.contestId === 'string' ? input.contestId.toLowerCase() : '';
      const contest = isUuid(id) ? byId.get(id) : undefined;
      if (!contest) {
        throw invalid(
          `${field}.contestId`,
          ElectionReason.UNKNOWN_CONTEST,
          'no such contest in this election',
        );
      }
      if (entered.has(contest.id)) {
        throw invalid(
          `${field}.contestId`,
          ElectionReason.DUPLICATE_CONTEST,
          'one entry per contest',
        );
      }
      entered.add(contest.id);
      counted.set(contest.id, countsFor(contest, ballotsCast, input, field));
    }),
    () => {
      const missing = contests.filter((contest) => !entered.has(contest.id));
      if (missing.length > 0) {
        throw invalid(
          'contests',
          ElectionReason.CONTEST_MISSING,
          `every contest needs its counts; missing: ${missing.map((contest) => contest.id).join(', ')}`,
        );
      }
    },
  );
  return contests.map((contest) => counted.get(contest.id)!);
}

function countsFor(
  contest: BallotContest,
  ballotsCast: number,
  input: PaperContestInput,
  field: string,
): ContestCounts {
  const abstentions = input.abstentions ?? 0;
  if (!isCount(abstentions) || abstentions > ballotsCast) {
    throw invalid(
      `${field}.abstentions`,
      ElectionReason.INVALID_COUNTS,
      'abstentions must be between 0 and the ballots cast',
    );
  }
  const valid = ballotsCast - abstentions;
  const counts = emptyCounts(contest);
  counts.validBallots = valid;
  counts.abstentions = abstentions;
  const entries = input.counts ?? [];

  if (isUncontested(contest)) {
    const [, yes, no] = allChecked(
      () => {
        if (entries.length > 0) {
          throw invalid(
            `${field}.counts`,
            ElectionReason.UNEXPECTED_COUNTS,
            'an uncontested seat is counted as Yes and No on its single candidate, not per candidate',
          );
        }
      },
      () => yesOrNoCount(input.yes, `${field}.yes`),
      () => yesOrNoCount(input.no, `${field}.no`),
    );
    if (yes + no !== valid) {
      throw invalid(
        field,
        ElectionReason.COUNTS_MISMATCH,
        'Yes + No must equal the ballots cast less the abstentions',
      );
    }
    counts.yes = yes;
    counts.no = no;
    counts.votes[contest.candidateIds[0]] = yes;
    return counts;
  }

  // Yes, No and every candidate's entry in one answer (allChecked); the total once they hold.
  const seen = new Set<string>();
  let total = 0;
  allChecked(
    ...(['yes', 'no'] as const).map((answer) => () => {
      if (input[answer] !== null && input[answer] !== undefined) {
        throw invalid(
          `${field}.${answer}`,
          ElectionReason.ANSWER_NOT_ALLOWED,
          'Yes / No only for an uncontested seat',
        );
      }
    }),
    ...entries.map((entry, index) => () => {
      const entryField = `${field}.counts.${index}`;
      const candidateId =
        typeof entry.candidateId === 'string' ? entry.candidateId.toLowerCase() : '';
      if (!contest.candidateIds.includes(candidateId)) {
        throw invalid(
          `${entryField}.candidateId`,
          ElectionReason.UNKNOWN_CANDIDATE,
          'not a candidate in this contest',
        );
      }
      if (seen.has(candidateId)) {
        throw invalid(
          `${entryField}.candidateId`,
          ElectionReason.DUPLICATE_CANDIDATE,
          'one count per candidate',
        );
      }
      seen.add(candidateId);
      if (!isCount(entry.votes) || entry.votes > valid) {
        throw invalid(
          `${entryField}.votes`,
          ElectionReason.INVALID_COUNTS,
          'a candidate cannot have more votes than there are valid ballots',
        );
      }
      counts.votes[candidateId] = entry.votes;
      total += entry.votes;
    }),
  );
  // Each valid ballot names from one to `seats` candidates.
  if (total < valid || total > valid * contest.seats) {
    throw invalid(
      `${field}.counts`,
      ElectionReason.COUNTS_MISMATCH,
      `the votes (${total}) do not fit ${valid} valid ballot(s) of up to ${contest.seats} choice(s)`,
    );
  }
  return counts;
}

// The Yes or the No count of an uncontested seat's one candidate: required.
function yesOrNoCount(count: number | null | undefined, field: string): number {
  if (count === null || count === undefined) {
    throw invalid(
      field,
      ElectionReason.ANSWER_REQUIRED,
      'an uncontested seat is counted as Yes and No on its single candidate',
    );
  }
  if (!isCount(count))
    throw invalid(field, ElectionReason.INVALID_COUNTS, 'must be a whole number ≥ 0');
  return count;
}
