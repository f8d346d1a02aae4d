import { ConflictError } from '@council/core';
import { MeetingsReason, invalidField, meetingsConflict } from './meetings.errors';

export enum MeetingStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}

export enum MeetingFormat {
  IN_PERSON = 'IN_PERSON',
  ONLINE = 'ONLINE',
  HYBRID = 'HYBRID',
}

// DOMAIN.md: DRAFT → PUBLISHED → HELD, or CANCELLED (from DRAFT or PUBLISHED). HELD and CANCELLED
// are final.
export const MEETING_TRANSITIONS: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  [MeetingStatus.DRAFT]: [MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED],
  [MeetingStatus.PUBLISHED]: [MeetingStatus.HELD, MeetingStatus.CANCELLED],
  [MeetingStatus.HELD]: [],
  [MeetingStatus.CANCELLED]: [],
};

export function canMoveMeeting(from: MeetingStatus, to: MeetingStatus): boolean {
  return MEETING_TRANSITIONS[from].includes(to);
}

export function assertMeetingTransition(from: MeetingStatus, to: MeetingStatus): void {
  if (canMoveMeeting(from, to)) return;
  throw refusedMeetingTransition(from, to);
}

function refusedMeetingTransition(from: MeetingStatus, to: MeetingStatus): ConflictError {
  if (from === MeetingStatus.CANCELLED && to !== MeetingStatus.CANCELLED) {
    return meetingsConflict(MeetingsReason.MEETING_CANCELLED, 'The meeting was cancelled');
  }
  switch (to) {
    case MeetingStatus.PUBLISHED:
      return meetingsConflict(
        MeetingsReason.ALREADY_PUBLISHED,
        `The agenda cannot be published: the meeting is ${from}`,
      );
    case MeetingStatus.HELD:
      return from === MeetingStatus.HELD
        ? meetingsConflict(MeetingsReason.ALREADY_HELD, 'The meeting is already held')
        : meetingsConflict(
            MeetingsReason.MEETING_NOT_PUBLISHED,
            'Only a meeting with a published agenda can be held',
          );
    case MeetingStatus.CANCELLED:
      return from === MeetingStatus.CANCELLED
        ? meetingsConflict(MeetingsReason.ALREADY_CANCELLED, 'The meeting is already cancelled')
        : meetingsConflict(
            MeetingsReason.INVALID_MEETING_TRANSITION,
            `A ${from} meeting cannot be cancelled`,
          );
    case MeetingStatus.DRAFT:
      return meetingsConflict(
        MeetingsReason.INVALID_MEETING_TRANSITION,
        `A ${from} meeting cannot go back to DRAFT`,
      );
  }
}

// The meeting's details and agenda can change until it is held or cancelled.
export function isAgendaEditable(status: MeetingStatus): boolean {
  return status === MeetingStatus.DRAFT || status === MeetingStatus.PUBLISHED;
}

export function assertAgendaEditable(status: MeetingStatus): void {
  if (!isAgendaEditable(status)) {
    throw meetingsConflict(
      MeetingsReason.AGENDA_LOCKED,
      `The agenda of a ${status} meeting cannot change`,
    );
  }
}

export function assertMeetingEditable(status: MeetingStatus): void {
  if (!isAgendaEditable(status)) {
    throw meetingsConflict(
      MeetingsReason.MEETING_NOT_EDITABLE,
      `A ${status} meeting cannot be edited`,
    );
  }
}

// A published meeting is moved only to a time still ahead: members were told a date, and moving it
// into the past would let the record show a meeting held before anyone could know of it. A draft
// may be dated in the past (a meeting recorded after the fact; the minutes show when it was
// published and recorded held; its date must be right before it is published). The start given
// again as it is (an edit form sending every field back) moves nothing.
export function assertAnnouncedStartAhead(
  meeting: { status: MeetingStatus; startsAt: Date },
  startsAt: Date | undefined,
  now: Date,
): void {
  if (meeting.status !== MeetingStatus.PUBLISHED || startsAt === undefined) return;
  if (startsAt.getTime() === meeting.startsAt.getTime()) return;
  if (startsAt.getTime() <= now.getTime()) {
    throw invalidField(
      'startsAt',
      MeetingsReason.STARTS_IN_PAST,
      'a published meeting can only be moved to a time still ahead',
    );
  }
}

// DOMAIN.md: changing a published agenda raises its revision and is listed.
export function isRevisionTracked(status: MeetingStatus): boolean {
  return status === MeetingStatus.PUBLISHED;
}

// Attendance is taken for a meeting whose agenda is out (before it starts, e.g. excused absences)
// or that has been held (corrections).
export function assertAttendanceOpen(status: MeetingStatus): void {
  if (status === MeetingStatus.CANCELLED) {
    throw meetingsConflict(MeetingsReason.MEETING_CANCELLED, 'The meeting was cancelled');
  }
  if (status === MeetingStatus.DRAFT) {
    throw meetingsConflict(
      MeetingsReason.MEETING_NOT_PUBLISHED,
      'Attendance is taken once the agenda is published',
    );
  }
}

// A published meeting becomes HELD when attendance is recorded at or after its start.
export function becomesHeld(status: MeetingStatus, startsAt: Date, now: Date): boolean {
  return status === MeetingStatus.PUBLISHED && now.getTime() >= startsAt.getTime();
}
