import { ConflictError, ValidationError } from '@council/core';
import {
  MEETING_TRANSITIONS,
  MeetingStatus,
  assertAgendaEditable,
  assertAnnouncedStartAhead,
  assertAttendanceOpen,
  assertMeetingTransition,
  becomesHeld,
  canMoveMeeting,
  isRevisionTracked,
} from './meeting-lifecycle';

const reasonOf = (action: () => void): string | undefined => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return (error as ConflictError).reason;
  }
  return undefined;
};

describe('meeting lifecycle', () => {
  it('goes DRAFT → PUBLISHED → HELD, or to CANCELLED before it is held', () => {
    expect(MEETING_TRANSITIONS).toEqual({
      DRAFT: ['PUBLISHED', 'CANCELLED'],
      PUBLISHED: ['HELD', 'CANCELLED'],
      HELD: [],
      CANCELLED: [],
    });
    expect(canMoveMeeting(MeetingStatus.DRAFT, MeetingStatus.HELD)).toBe(false);
    expect(canMoveMeeting(MeetingStatus.HELD, MeetingStatus.CANCELLED)).toBe(false);
  });

  it('names why a transition is refused', () => {
    const { DRAFT, PUBLISHED, HELD, CANCELLED } = MeetingStatus;
    expect(reasonOf(() => assertMeetingTransition(PUBLISHED, PUBLISHED))).toBe('ALREADY_PUBLISHED');
    expect(reasonOf(() => assertMeetingTransition(DRAFT, HELD))).toBe('MEETING_NOT_PUBLISHED');
    expect(reasonOf(() => assertMeetingTransition(HELD, HELD))).toBe('ALREADY_HELD');
    expect(reasonOf(() => assertMeetingTransition(CANCELLED, CANCELLED))).toBe('ALREADY_CANCELLED');
    expect(reasonOf(() => assertMeetingTransition(CANCELLED, PUBLISHED))).toBe('MEETING_CANCELLED');
    expect(reasonOf(() => assertMeetingTransition(HELD, CANCELLED))).toBe(
      'INVALID_MEETING_TRANSITION',
    );
    expect(reasonOf(() => assertMeetingTransition(PUBLISHED, DRAFT))).toBe(
      'INVALID_MEETING_TRANSITION',
    );
    expect(reasonOf(() => assertMeetingTransition(DRAFT, PUBLISHED))).toBeUndefined();
  });

  it('keeps the agenda editable until the meeting is held or cancelled', () => {
    expect(reasonOf(() => assertAgendaEditable(MeetingStatus.DRAFT))).toBeUndefined();
    expect(reasonOf(() => assertAgendaEditable(MeetingStatus.PUBLISHED))).toBeUndefined();
    expect(reasonOf(() => assertAgendaEditable(MeetingStatus.HELD))).toBe('AGENDA_LOCKED');
    expect(reasonOf(() => assertAgendaEditable(MeetingStatus.CANCELLED))).toBe('AGENDA_LOCKED');
    expect(isRevisionTracked(MeetingStatus.DRAFT)).toBe(false);
    expect(isRevisionTracked(MeetingStatus.PUBLISHED)).toBe(true);
  });

  it('takes attendance once published; HELD when taken at or after the start', () => {
    expect(reasonOf(() => assertAttendanceOpen(MeetingStatus.DRAFT))).toBe('MEETING_NOT_PUBLISHED');
    expect(reasonOf(() => assertAttendanceOpen(MeetingStatus.CANCELLED))).toBe('MEETING_CANCELLED');
    expect(reasonOf(() => assertAttendanceOpen(MeetingStatus.HELD))).toBeUndefined();
    const start = new Date('2027-02-20T08:00:00Z');
    expect(becomesHeld(MeetingStatus.PUBLISHED, start, new Date('2027-02-20T07:59:59Z'))).toBe(
      false,
    );
    expect(becomesHeld(MeetingStatus.PUBLISHED, start, start)).toBe(true);
    expect(becomesHeld(MeetingStatus.HELD, start, new Date('2027-02-21T00:00:00Z'))).toBe(false);
  });

  it('moves a published meeting only to a time still ahead; a draft is dated freely', () => {
    const now = new Date('2027-02-01T09:00:00Z');
    const at = (iso: string) => new Date(iso);
    const announced = at('2027-02-01T08:00:00Z');
    const refusal = (status: MeetingStatus, startsAt: Date | undefined) => {
      try {
        assertAnnouncedStartAhead({ status, startsAt: announced }, startsAt, now);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).reason;
      }
    };
    expect(refusal(MeetingStatus.PUBLISHED, at('2027-02-01T08:59:59Z'))).toBe('STARTS_IN_PAST');
    expect(refusal(MeetingStatus.PUBLISHED, now)).toBe('STARTS_IN_PAST');
    expect(refusal(MeetingStatus.PUBLISHED, at('2027-02-01T09:00:01Z'))).toBeNull();
    expect(refusal(MeetingStatus.PUBLISHED, undefined)).toBeNull();
    expect(refusal(MeetingStatus.DRAFT, at('2019-12-20T08:00:00Z'))).toBeNull();
    // Its start, past already, given again unchanged: no move.
    expect(refusal(MeetingStatus.PUBLISHED, at('2027-02-01T08:00:00Z'))).toBeNull();
    expect(refusal(MeetingStatus.PUBLISHED, at('2027-02-01T08:00:00.001Z'))).toBe('STARTS_IN_PAST');
  });
});
