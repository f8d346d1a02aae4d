import { isUuid } from '@council/core';
import { BallotAnswer } from './election-status';
import { ElectionReason, ElectionReasonCode, invalid } from './elections.errors';

export interface BallotChoiceInput {
  contestId: string;
  candidateIds?: readonly string[] | null;
  answer?: BallotAnswer | null;
  abstain?: boolean | null;
}

// A contest as the ballot sees it once voting has opened: its frozen candidates (member ids).
export interface BallotContest {
  id: string;
  seats: number;
  candidateIds: readonly string[];
}

// One contest's mark, normalised: this is what a ballot stores and the ballot box publishes.
export interface BallotMark {
  contestId: string;
  // Chosen candidates (contested), sorted; empty when abstaining or in an uncontested contest.
  candidateIds: string[];
  // Uncontested contest only: Yes / No / Abstain on its single candidate.
  answer: BallotAnswer | null;
  abstain: boolean;
}

// DOMAIN.md: an uncontested seat is voted Yes / No / Abstain on its single candidate.
export function isUncontested(contest: BallotContest): boolean {
  return contest.candidateIds.length === 1;
}

function malformed(field: string, reason: ElectionReasonCode, message: string) {
  return invalid(field, reason, message);
}

// Checks a ballot against the contests (in contest order) and returns its normalised marks. Any
// problem refuses the whole ballot: nothing is stored.
export function validateBallot(
  contests: readonly BallotContest[],
  choices: readonly BallotChoiceInput[],
): BallotMark[] {
  const byId = new Map(contests.map((contest) => [contest.id, contest]));
  const marks = new Map<string, BallotMark>();
  choices.forEach((choice, index) => {
    const field = `choices.${index}`;
    const contestId = typeof choice.contestId === 'string' ? choice.contestId.toLowerCase() : '';
    const contest = isUuid(contestId) ? byId.get(contestId) : undefined;
    if (!contest) {
      throw malformed(
        `${field}.contestId`,
        ElectionReason.UNKNOWN_CONTEST,
        'no such contest in this election',
      );
    }
    if (marks.has(contest.id)) {
      throw malformed(
        `${field}.contestId`,
        ElectionReason.DUPLICATE_CONTEST,
        'one choice per contest',
      );
    }
    marks.set(contest.id, markFor(contest, choice, field));
  });
  const missing = contests.filter((contest) => !marks.has(contest.id));
  if (missing.length > 0) {
    throw malformed(
      'choices',
      ElectionReason.CONTEST_MISSING,
      `the ballot needs one choice for every contest (abstaining is a choice); missing: ${missing
        .map((contest) => contest.id)
        .join(', ')}`,
    );
  }
  return contests.map((contest) => marks.get(contest.id)!);
}

function markFor(contest: BallotContest, choice: BallotChoiceInput, field: string): BallotMark {
  const ids = (choice.candidateIds ?? []).map((id) =>
    typeof id === 'string' ? id.toLowerCase() : '',
  );
  const unknown = ids.findIndex((id) => !contest.candidateIds.includes(id));
  if (unknown !== -1) {
    throw malformed(
      `${field}.candidateIds.${unknown}`,
      ElectionReason.UNKNOWN_CANDIDATE,
      'not a candidate in this contest',
    );
  }
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated !== -1) {
    throw malformed(
      `${field}.candidateIds.${repeated}`,
      ElectionReason.DUPLICATE_CANDIDATE,
      'a candidate can be chosen once',
    );
  }
  if (isUncontested(contest)) return uncontestedMark(contest, choice, ids, field);

  if (choice.answer !== null && choice.answer !== undefined) {
    throw malformed(
      `${field}.answer`,
      ElectionReason.ANSWER_NOT_ALLOWED,
      'Yes / No answers are only for an uncontested seat; choose candidates or abstain',
    );
  }
  if (choice.abstain === true) {
    if (ids.length > 0) {
      throw malformed(
        `${field}.abstain`,
        ElectionReason.CONFLICTING_CHOICE,
        'abstain, or choose candidates, not both',
      );
    }
    return { contestId: contest.id, candidateIds: [], answer: null, abstain: true };
  }
  if (ids.length === 0) {
    throw malformed(
      `${field}.candidateIds`,
      ElectionReason.EMPTY_CHOICE,
      'choose at least one candidate, or abstain',
    );
  }
  if (ids.length > contest.seats) {
    throw malformed(
      `${field}.candidateIds`,
      ElectionReason.TOO_MANY_CHOICES,
      `choose at most ${contest.seats} candidate(s)`,
    );
  }
  return { contestId: contest.id, candidateIds: [...ids].sort(), answer: null, abstain: false };
}

function uncontestedMark(
  contest: BallotContest,
  choice: BallotChoiceInput,
  ids: string[],
  field: string,
): BallotMark {
  // Naming the single candidate is allowed (it is the only one); naming anyone else is not.
  if (ids.length > 1) {
    throw malformed(`${field}.candidateIds`, ElectionReason.TOO_MANY_CHOICES, 'one candidate only');
  }
  let answer = choice.answer ?? null;
  if (choice.abstain === true) {
    if (answer !== null && answer !== BallotAnswer.ABSTAIN) {
      throw malformed(
        `${field}.abstain`,
        ElectionReason.CONFLICTING_CHOICE,
        'abstain, or answer Yes / No, not both',
      );
    }
    answer = BallotAnswer.ABSTAIN;
  }
  if (answer === null) {
    throw malformed(
      `${field}.answer`,
      ElectionReason.ANSWER_REQUIRED,
      'an uncontested seat is voted Yes, No or Abstain',
    );
  }
  return {
    contestId: contest.id,
    candidateIds: [],
    answer,
    abstain: answer === BallotAnswer.ABSTAIN,
  };
}

// What the tally needs of a contest: valid ballots, abstentions and the votes per candidate.
export interface ContestCounts {
  contestId: string;
  validBallots: number;
  abstentions: number;
  // Contested: votes per candidate. Uncontested: the Yes votes of the single candidate.
  votes: Record<string, number>;
  // Uncontested only.
  yes: number | null;
  no: number | null;
}

export function emptyCounts(contest: BallotContest): ContestCounts {
  const uncontested = isUncontested(contest);
  return {
    contestId: contest.id,
    validBallots: 0,
    abstentions: 0,
    votes: Object.fromEntries(contest.candidateIds.map((id) => [id, 0])),
    yes: uncontested ? 0 : null,
    no: uncontested ? 0 : null,
  };
}

// Counts stored ballots (each an array of marks). Marks were validated when cast.
export function countBallots(
  contests: readonly BallotContest[],
  ballots: ReadonlyArray<readonly BallotMark[]>,
): ContestCounts[] {
  const counts = new Map(contests.map((contest) => [contest.id, emptyCounts(contest)]));
  for (const ballot of ballots) {
    for (const mark of ballot) {
      const count = counts.get(mark.contestId);
      if (!count) continue;
      if (count.yes !== null && count.no !== null) {
        const candidate = Object.keys(count.votes)[0];
        if (mark.answer === BallotAnswer.YES) {
          count.yes += 1;
          count.votes[candidate] += 1;
          count.validBallots += 1;
        } else if (mark.answer === BallotAnswer.NO) {
          count.no += 1;
          count.validBallots += 1;
        } else {
          count.abstentions += 1;
        }
      } else if (mark.abstain || mark.candidateIds.length === 0) {
        count.abstentions += 1;
      } else {
        count.validBallots += 1;
        for (const id of mark.candidateIds) count.votes[id] = (count.votes[id] ?? 0) + 1;
      }
    }
  }
  return contests.map((contest) => counts.get(contest.id)!);
}
