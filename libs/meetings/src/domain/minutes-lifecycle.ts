import { ConflictError } from '@council/core';
import { MeetingsReason, MeetingsReasonCode, meetingsConflict } from './meetings.errors';

export enum MinutesStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
}

// SAVE adds a version to a draft (the first draft, a returned draft or an amendment in progress);
// AMEND opens an amendment of approved minutes.
export enum MinutesEvent {
  SAVE = 'SAVE',
  SUBMIT = 'SUBMIT',
  RETURN = 'RETURN',
  APPROVE = 'APPROVE',
  AMEND = 'AMEND',
}

// DOMAIN.md: DRAFT → SUBMITTED → APPROVED, SUBMITTED → DRAFT when returned with comments; approved
// minutes change only through an amendment (a new version that goes through approval again).
export const MINUTES_TRANSITIONS: Readonly<
  Record<MinutesStatus, Partial<Record<MinutesEvent, MinutesStatus>>>
> = {
  [MinutesStatus.DRAFT]: {
    [MinutesEvent.SAVE]: MinutesStatus.DRAFT,
    [MinutesEvent.SUBMIT]: MinutesStatus.SUBMITTED,
  },
  [MinutesStatus.SUBMITTED]: {
    [MinutesEvent.RETURN]: MinutesStatus.DRAFT,
    [MinutesEvent.APPROVE]: MinutesStatus.APPROVED,
  },
  [MinutesStatus.APPROVED]: {
    [MinutesEvent.AMEND]: MinutesStatus.DRAFT,
  },
};

// The first save creates the minutes, as a draft.
export const FIRST_MINUTES_STATUS = MinutesStatus.DRAFT;

// Why an event is refused in a state: the reason code a client sees, and what to do instead.
type Refusal = readonly [MeetingsReasonCode, string];
const NOT_SUBMITTED: Refusal = [
  MeetingsReason.MINUTES_NOT_SUBMITTED,
  'The minutes are still a draft: the secretary submits them first',
];
const AWAITING_DECISION: Refusal = [
  MeetingsReason.MINUTES_SUBMITTED,
  'The minutes are submitted and await approval: they change again only if returned',
];
const SEALED: Refusal = [
  MeetingsReason.MINUTES_LOCKED,
  'The minutes are approved and sealed: they change only through amendMinutes',
];
const ALREADY_APPROVED: Refusal = [
  MeetingsReason.MINUTES_LOCKED,
  'The minutes are already approved',
];
const NOT_APPROVED: Refusal = [
  MeetingsReason.MINUTES_NOT_APPROVED,
  'Only approved minutes are amended: a draft is edited with saveMinutes',
];
const REFUSALS: Readonly<Record<MinutesStatus, Partial<Record<MinutesEvent, Refusal>>>> = {
  [MinutesStatus.DRAFT]: {
    [MinutesEvent.RETURN]: NOT_SUBMITTED,
    [MinutesEvent.APPROVE]: NOT_SUBMITTED,
    [MinutesEvent.AMEND]: NOT_APPROVED,
  },
  [MinutesStatus.SUBMITTED]: {
    [MinutesEvent.SAVE]: AWAITING_DECISION,
    [MinutesEvent.SUBMIT]: AWAITING_DECISION,
    [MinutesEvent.AMEND]: AWAITING_DECISION,
  },
  [MinutesStatus.APPROVED]: {
    [MinutesEvent.SAVE]: SEALED,
    [MinutesEvent.SUBMIT]: SEALED,
    [MinutesEvent.RETURN]: ALREADY_APPROVED,
    [MinutesEvent.APPROVE]: ALREADY_APPROVED,
  },
};

export function nextMinutesStatus(from: MinutesStatus, event: MinutesEvent): MinutesStatus {
  const to = MINUTES_TRANSITIONS[from][event];
  if (to) return to;
  throw refusal(from, event);
}

function refusal(from: MinutesStatus, event: MinutesEvent): ConflictError {
  const [reason, message] = REFUSALS[from][event] ?? SEALED;
  return meetingsConflict(reason, message);
}

// amendMinutes before any minutes were saved: nothing has been approved to amend.
export function nothingToAmend(): ConflictError {
  return meetingsConflict(...NOT_APPROVED);
}

// amendMinutes on a draft that already amends approved minutes simply continues that amendment.
export function amendEvent(status: MinutesStatus, hasApprovedVersion: boolean): MinutesEvent {
  return status === MinutesStatus.DRAFT && hasApprovedVersion
    ? MinutesEvent.SAVE
    : MinutesEvent.AMEND;
}
