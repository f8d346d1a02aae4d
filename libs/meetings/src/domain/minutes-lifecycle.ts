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

// Why an event is refused in a state: the reason code a client sees.
const REFUSALS: Readonly<Record<MinutesStatus, Partial<Record<MinutesEvent, MeetingsReasonCode>>>> =
  {
    [MinutesStatus.DRAFT]: {
      [MinutesEvent.RETURN]: MeetingsReason.MINUTES_NOT_SUBMITTED,
      [MinutesEvent.APPROVE]: MeetingsReason.MINUTES_NOT_SUBMITTED,
      [MinutesEvent.AMEND]: MeetingsReason.MINUTES_NOT_APPROVED,
    },
    [MinutesStatus.SUBMITTED]: {
      [MinutesEvent.SAVE]: MeetingsReason.MINUTES_SUBMITTED,
      [MinutesEvent.SUBMIT]: MeetingsReason.MINUTES_SUBMITTED,
      [MinutesEvent.AMEND]: MeetingsReason.MINUTES_SUBMITTED,
    },
    [MinutesStatus.APPROVED]: {
      [MinutesEvent.SAVE]: MeetingsReason.MINUTES_LOCKED,
      [MinutesEvent.SUBMIT]: MeetingsReason.MINUTES_LOCKED,
      [MinutesEvent.RETURN]: MeetingsReason.MINUTES_LOCKED,
      [MinutesEvent.APPROVE]: MeetingsReason.MINUTES_LOCKED,
    },
  };

export function nextMinutesStatus(from: MinutesStatus, event: MinutesEvent): MinutesStatus {
  const to = MINUTES_TRANSITIONS[from][event];
  if (to) return to;
  throw refusal(from, event);
}

function refusal(from: MinutesStatus, event: MinutesEvent): ConflictError {
  const reason = REFUSALS[from][event] ?? MeetingsReason.MINUTES_LOCKED;
  return meetingsConflict(reason, `Minutes that are ${from} cannot take ${event}`);
}

// amendMinutes on a draft that already amends approved minutes simply continues that amendment.
export function amendEvent(status: MinutesStatus, hasApprovedVersion: boolean): MinutesEvent {
  return status === MinutesStatus.DRAFT && hasApprovedVersion
    ? MinutesEvent.SAVE
    : MinutesEvent.AMEND;
}
