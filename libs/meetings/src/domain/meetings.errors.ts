import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@council/core';

// Stable reason codes of the meetings area: clients and tests rely on them, messages may change.
export const MeetingsReason = {
  // CONFLICT: the state of the meeting or of its minutes does not allow the command.
  MEETING_NOT_EDITABLE: 'MEETING_NOT_EDITABLE',
  AGENDA_LOCKED: 'AGENDA_LOCKED',
  AGENDA_EMPTY: 'AGENDA_EMPTY',
  AGENDA_FULL: 'AGENDA_FULL',
  ALREADY_PUBLISHED: 'ALREADY_PUBLISHED',
  ALREADY_HELD: 'ALREADY_HELD',
  ALREADY_CANCELLED: 'ALREADY_CANCELLED',
  MEETING_CANCELLED: 'MEETING_CANCELLED',
  MEETING_NOT_PUBLISHED: 'MEETING_NOT_PUBLISHED',
  MEETING_NOT_STARTED: 'MEETING_NOT_STARTED',
  MEETING_NOT_HELD: 'MEETING_NOT_HELD',
  INVALID_MEETING_TRANSITION: 'INVALID_MEETING_TRANSITION',
  ATTENDANCE_LOCKED: 'ATTENDANCE_LOCKED',
  ATTENDANCE_CHANGED: 'ATTENDANCE_CHANGED',
  STALE_VERSION: 'STALE_VERSION',
  MINUTES_LOCKED: 'MINUTES_LOCKED',
  MINUTES_SUBMITTED: 'MINUTES_SUBMITTED',
  MINUTES_NOT_SUBMITTED: 'MINUTES_NOT_SUBMITTED',
  MINUTES_NOT_APPROVED: 'MINUTES_NOT_APPROVED',
  MINUTES_INTEGRITY: 'MINUTES_INTEGRITY',
  // FORBIDDEN: object-level rules on top of the permission table.
  OWN_MINUTES: 'OWN_MINUTES',
  CHAIR_SEAT_OCCUPIED: 'CHAIR_SEAT_OCCUPIED',
  NOT_AN_APPROVER: 'NOT_AN_APPROVER',
  NOT_ASSIGNEE: 'NOT_ASSIGNEE',
  // BAD_USER_INPUT
  INVALID_LENGTH: 'INVALID_LENGTH',
  INVALID_DATE: 'INVALID_DATE',
  INVALID_TIME_ZONE: 'INVALID_TIME_ZONE',
  INVALID_RANGE: 'INVALID_RANGE',
  STARTS_IN_PAST: 'STARTS_IN_PAST',
  INVALID_NUMBER: 'INVALID_NUMBER',
  INVALID_CHOICE: 'INVALID_CHOICE',
  EMPTY_UPDATE: 'EMPTY_UPDATE',
  TOO_MANY_ENTRIES: 'TOO_MANY_ENTRIES',
  AGENDA_ORDER_MISMATCH: 'AGENDA_ORDER_MISMATCH',
  UNKNOWN_AGENDA_ITEM: 'UNKNOWN_AGENDA_ITEM',
  DUPLICATE_AGENDA_ITEM: 'DUPLICATE_AGENDA_ITEM',
  UNKNOWN_MEMBER: 'UNKNOWN_MEMBER',
  PRESENTER_REQUIRED: 'PRESENTER_REQUIRED',
  UNKNOWN_ELECTION: 'UNKNOWN_ELECTION',
  ELECTION_ITEM_ONLY: 'ELECTION_ITEM_ONLY',
  // (also CONFLICT, at approval: an assignee suspended after the minutes were saved)
  MEMBER_NOT_ACTIVE: 'MEMBER_NOT_ACTIVE',
  NOT_A_MEMBER_AT_MEETING: 'NOT_A_MEMBER_AT_MEETING',
  DUPLICATE_MEMBER: 'DUPLICATE_MEMBER',
  VOTES_EXCEED_PRESENT: 'VOTES_EXCEED_PRESENT',
  OUTCOME_CONTRADICTS_VOTES: 'OUTCOME_CONTRADICTS_VOTES',
  MEETING_NOT_QUORATE: 'MEETING_NOT_QUORATE',
  BEFORE_MEETING_DAY: 'BEFORE_MEETING_DAY',
  DUE_BEFORE_MEETING: 'DUE_BEFORE_MEETING',
  UNKNOWN_ACTION_ITEM: 'UNKNOWN_ACTION_ITEM',
  DUPLICATE_ACTION_ITEM: 'DUPLICATE_ACTION_ITEM',
} as const;

export type MeetingsReasonCode = (typeof MeetingsReason)[keyof typeof MeetingsReason];

export function meetingsConflict(reason: MeetingsReasonCode, message: string): ConflictError {
  return new ConflictError(reason, message);
}

export function meetingsForbidden(reason: MeetingsReasonCode, message: string): ForbiddenError {
  return new ForbiddenError(reason, message);
}

export function invalidField(
  field: string,
  reason: MeetingsReasonCode,
  message: string,
): ValidationError {
  return ValidationError.field(field, message, reason);
}

// A draft a caller may not see and a missing id get the same answer (no existence leak).
export const meetingNotFound = () => new NotFoundError('Meeting');
export const agendaItemNotFound = () => new NotFoundError('Agenda item');
export const minutesNotFound = () => new NotFoundError('Minutes');
export const actionItemNotFound = () => new NotFoundError('Action item');

// STALE_VERSION with the version now current (extensions.currentVersion), so a client can offer to
// load it without reading the English message; null where it is not known (the database's guard).
export class StaleVersionError extends ConflictError {
  constructor(
    message: string,
    readonly currentVersion: number | null,
  ) {
    super(MeetingsReason.STALE_VERSION, message);
  }
}

export const staleApproval = (current: number, seen: number) =>
  new StaleVersionError(
    `The minutes were changed meanwhile: you read version ${seen}, the one submitted is ${current}`,
    current,
  );

export const staleVersion = (current: number, base: number) =>
  new StaleVersionError(
    `The minutes were changed meanwhile: you edited version ${base}, the latest is ${current}`,
    current,
  );
