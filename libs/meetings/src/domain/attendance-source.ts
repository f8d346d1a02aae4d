// Which record of a meeting's attendance, and of the quorum it makes, a viewer reads.
export enum AttendanceSource {
  // The attendance as recorded now, corrections included.
  MEETING = 'MEETING',
  // The attendance the approved version of the minutes records.
  APPROVED_MINUTES = 'APPROVED_MINUTES',
}

// README (attendance and quorum): an amendment reopens the attendance of approved minutes, and
// until it is approved its corrections are a draft. Who may not see drafts reads what the approved
// minutes record; the leadership reads the corrections.
export function attendanceSourceFor(
  meeting: { minutesAmendmentPending: boolean },
  seesDrafts: boolean,
): AttendanceSource {
  return meeting.minutesAmendmentPending && !seesDrafts
    ? AttendanceSource.APPROVED_MINUTES
    : AttendanceSource.MEETING;
}
