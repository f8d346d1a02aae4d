import { ConflictError, ForbiddenError, ValidationError } from '@council/core';

// Stable reason codes of the elections area (extensions.reason). Clients and tests rely on them.
export const ElectionReason = {
  // CONFLICT: the state of the election, its tally or its runoffs does not allow the command.
  // lifecycle
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  NOMINATIONS_NOT_OPEN: 'NOMINATIONS_NOT_OPEN',
  VOTING_NOT_OPEN: 'VOTING_NOT_OPEN',
  NOT_TALLIED: 'NOT_TALLIED',
  ELECTION_EXISTS_FOR_TERM: 'ELECTION_EXISTS_FOR_TERM',
  TERM_HAS_ROSTER: 'TERM_HAS_ROSTER',
  CONTEST_WITHOUT_CANDIDATES: 'CONTEST_WITHOUT_CANDIDATES',
  CANDIDATE_NOT_ACTIVE: 'CANDIDATE_NOT_ACTIVE',
  NOMINEE_ACTIVE: 'NOMINEE_ACTIVE',
  ELECTRONIC_BALLOTS_CAST: 'ELECTRONIC_BALLOTS_CAST',
  PAPER_VOTE: 'PAPER_VOTE',
  ELECTION_CANCELLED: 'ELECTION_CANCELLED',
  // An election whose term has since ended is not advanced; createElection naming a past term
  // is BAD_USER_INPUT with the same reason.
  TERM_IN_PAST: 'TERM_IN_PAST',
  // nominations
  ALREADY_NOMINATED: 'ALREADY_NOMINATED',
  ALREADY_ANSWERED: 'ALREADY_ANSWERED',
  RUNOFF_CANDIDATES_FIXED: 'RUNOFF_CANDIDATES_FIXED',
  // ballots
  ALREADY_VOTED: 'ALREADY_VOTED',
  // A tracking code of the voter's own that a ballot of an open vote already carries.
  TRACKING_CODE_TAKEN: 'TRACKING_CODE_TAKEN',
  // certification
  QUORUM_NOT_REACHED: 'QUORUM_NOT_REACHED',
  CONTEST_UNDECIDED: 'CONTEST_UNDECIDED',
  ALREADY_DECIDED: 'ALREADY_DECIDED',
  TALLY_CHANGED: 'TALLY_CHANGED',
  WINNER_NOT_ACTIVE: 'WINNER_NOT_ACTIVE',
  // runoffs
  CONTEST_NOT_UNDECIDED: 'CONTEST_NOT_UNDECIDED',
  RUNOFF_EXISTS: 'RUNOFF_EXISTS',
  NO_RUNOFF_CANDIDATES: 'NO_RUNOFF_CANDIDATES',
  EARLIER_RUNOFF_FIRST: 'EARLIER_RUNOFF_FIRST',
  // FORBIDDEN: object-level rules on top of the permission table (who acts; ballot secrecy).
  NOT_THE_NOMINEE: 'NOT_THE_NOMINEE',
  NOT_IN_ELECTORATE: 'NOT_IN_ELECTORATE',
  BALLOT_BOX_SEALED: 'BALLOT_BOX_SEALED',
  RECUSED: 'RECUSED',
  NOT_AN_APPROVER: 'NOT_AN_APPROVER',
  // BAD_USER_INPUT
  // creation: the contests, in the words the founding roster's checks use for its seats
  NO_CONTESTS: 'NO_CONTESTS',
  INVALID_SEATS: 'INVALID_SEATS',
  TOO_MANY_SEATS: 'TOO_MANY_SEATS',
  PORTFOLIO_REQUIRED: 'PORTFOLIO_REQUIRED',
  UNEXPECTED_PORTFOLIO: 'UNEXPECTED_PORTFOLIO',
  DUPLICATE_PORTFOLIO: 'DUPLICATE_PORTFOLIO',
  INVALID_RULESET: 'INVALID_RULESET',
  // nominations
  UNKNOWN_MEMBER: 'UNKNOWN_MEMBER',
  NOMINEE_NOT_ACTIVE: 'NOMINEE_NOT_ACTIVE',
  NOMINEE_HOLDS_SEAT: 'NOMINEE_HOLDS_SEAT',
  // ballots and paper results
  UNKNOWN_CONTEST: 'UNKNOWN_CONTEST',
  DUPLICATE_CONTEST: 'DUPLICATE_CONTEST',
  CONTEST_MISSING: 'CONTEST_MISSING',
  UNKNOWN_CANDIDATE: 'UNKNOWN_CANDIDATE',
  DUPLICATE_CANDIDATE: 'DUPLICATE_CANDIDATE',
  TOO_MANY_CHOICES: 'TOO_MANY_CHOICES',
  EMPTY_CHOICE: 'EMPTY_CHOICE',
  ANSWER_REQUIRED: 'ANSWER_REQUIRED',
  ANSWER_NOT_ALLOWED: 'ANSWER_NOT_ALLOWED',
  CONFLICTING_CHOICE: 'CONFLICTING_CHOICE',
  INVALID_TRACKING_CODE: 'INVALID_TRACKING_CODE',
  // paper results (ANSWER_REQUIRED / ANSWER_NOT_ALLOWED: Yes and No counts, as on a ballot)
  INVALID_COUNTS: 'INVALID_COUNTS',
  COUNTS_MISMATCH: 'COUNTS_MISMATCH',
  UNEXPECTED_COUNTS: 'UNEXPECTED_COUNTS',
  TURNOUT_EXCEEDS_ELECTORATE: 'TURNOUT_EXCEEDS_ELECTORATE',
} as const;

export type ElectionReasonCode = (typeof ElectionReason)[keyof typeof ElectionReason];

export function conflict(
  reason: ElectionReasonCode,
  message: string,
  field?: string,
): ConflictError {
  return new ConflictError(reason, message, field ? { [field]: [message] } : undefined);
}

export function forbidden(reason: ElectionReasonCode, message: string): ForbiddenError {
  return new ForbiddenError(reason, message);
}

export function invalid(
  field: string,
  reason: ElectionReasonCode,
  message: string,
): ValidationError {
  return ValidationError.field(field, message, reason);
}
