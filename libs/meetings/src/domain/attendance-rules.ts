import { MinutesAttendanceRecord } from './minutes-document';
import { calendarDateIn } from './minutes-rules';

export enum AttendanceStatus {
  PRESENT = 'PRESENT',
  ABSENT = 'ABSENT',
  EXCUSED = 'EXCUSED',
}

// The attendance as the minutes record it: member ids per status, sorted, plus the number of
// members active at the meeting's start (the quorum's denominator).
export function attendanceRecord(
  entries: ReadonlyArray<{ memberId: string; status: AttendanceStatus }>,
  activeMembers: number | null,
): MinutesAttendanceRecord {
  const of = (status: AttendanceStatus) =>
    entries
      .filter((entry) => entry.status === status)
      .map((entry) => entry.memberId)
      .sort();
  return {
    activeMembers,
    present: of(AttendanceStatus.PRESENT),
    absent: of(AttendanceStatus.ABSENT),
    excused: of(AttendanceStatus.EXCUSED),
  };
}

// Members are registered present at the door, on the meeting's day (in the council's time zone),
// not days ahead: before that day only absences and excusals (apologies sent ahead) are taken, so
// no meeting looks quorate before anyone could have arrived.
export function mayRecordPresence(startsAt: Date, now: Date, councilTimeZone: string): boolean {
  return calendarDateIn(now, councilTimeZone) >= calendarDateIn(startsAt, councilTimeZone);
}
