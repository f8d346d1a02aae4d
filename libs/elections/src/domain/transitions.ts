import { ElectionStatus } from './election-status';
import { ElectionReason, ElectionReasonCode, conflict } from './elections.errors';

// One mutation per transition (CONVENTIONS.md habit 5). Actions that keep the status (nominate,
// castBallot, approve before the last approval) are listed too: they are allowed only in `from`.
export type ElectionAction =
  | 'openNominations'
  | 'nominate'
  | 'respondToNomination'
  | 'withdrawNomination'
  | 'openVoting'
  | 'castBallot'
  | 'closeVoting'
  | 'recordPaperResult'
  | 'approve'
  | 'certify'
  | 'reject'
  | 'cancel'
  | 'createRunoff';

interface Transition {
  from: readonly ElectionStatus[];
  // The status after the action; undefined when the action leaves the status as it is.
  to?: ElectionStatus;
  // The reason code when refused, where a more telling one than INVALID_TRANSITION exists.
  refusal?: ElectionReasonCode;
}

const { DRAFT, NOMINATION, VOTING, TALLIED, CERTIFIED, REJECTED, CANCELLED } = ElectionStatus;

export const ELECTION_TRANSITIONS: Readonly<Record<ElectionAction, Transition>> = {
  openNominations: { from: [DRAFT], to: NOMINATION },
  nominate: { from: [NOMINATION], refusal: ElectionReason.NOMINATIONS_NOT_OPEN },
  respondToNomination: { from: [NOMINATION], refusal: ElectionReason.NOMINATIONS_NOT_OPEN },
  withdrawNomination: { from: [NOMINATION], refusal: ElectionReason.NOMINATIONS_NOT_OPEN },
  openVoting: { from: [NOMINATION], to: VOTING },
  castBallot: { from: [VOTING], refusal: ElectionReason.VOTING_NOT_OPEN },
  closeVoting: { from: [VOTING], to: TALLIED },
  // An in-room vote replaces the electronic one: from the nomination stage, or from an electronic
  // vote in which nobody has voted yet (checked by the service).
  recordPaperResult: { from: [NOMINATION, VOTING], to: TALLIED },
  approve: { from: [TALLIED], refusal: ElectionReason.NOT_TALLIED },
  certify: { from: [TALLIED], to: CERTIFIED, refusal: ElectionReason.NOT_TALLIED },
  reject: { from: [TALLIED], to: REJECTED, refusal: ElectionReason.NOT_TALLIED },
  cancel: { from: [DRAFT, NOMINATION, VOTING], to: CANCELLED },
  createRunoff: { from: [TALLIED], refusal: ElectionReason.NOT_TALLIED },
};

// Once the target term is over, nothing may move an election towards installing its roster (a
// roster for a past term gives no powers and could never be replaced). Cancelling, rejecting and
// closing a vote already open stay possible, so the election can be closed off and its tally kept.
const BARRED_ONCE_TERM_IS_PAST: readonly ElectionAction[] = [
  'openNominations',
  'openVoting',
  'createRunoff',
  'approve',
  'certify',
];

export function isBarredOnceTermIsPast(action: ElectionAction): boolean {
  return BARRED_ONCE_TERM_IS_PAST.includes(action);
}

// Throws CONFLICT TERM_IN_PAST when the action would advance an election whose term has ended:
// the request is well formed, the election's state refuses it (createElection naming a past term
// is BAD_USER_INPUT instead).
export function assertTermAllows(action: ElectionAction, isTermPast: boolean): void {
  if (isTermPast && isBarredOnceTermIsPast(action)) {
    throw conflict(ElectionReason.TERM_IN_PAST, `Cannot ${action}: the election's term is over`);
  }
}

export const FINAL_STATUSES: readonly ElectionStatus[] = [CERTIFIED, REJECTED, CANCELLED];

export function canPerform(status: ElectionStatus, action: ElectionAction): boolean {
  return ELECTION_TRANSITIONS[action].from.includes(status);
}

// Throws CONFLICT (and so changes nothing) when the action is not allowed in this status; returns
// the status the election moves to.
export function assertTransition(status: ElectionStatus, action: ElectionAction): ElectionStatus {
  const transition = ELECTION_TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    throw conflict(
      transition.refusal ?? ElectionReason.INVALID_TRANSITION,
      `Cannot ${action} an election that is ${status}`,
    );
  }
  return transition.to ?? status;
}
