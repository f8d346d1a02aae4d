import { AttendanceSource, attendanceSourceFor } from './attendance-source';

describe('attendance source: what a viewer reads while approved minutes are amended', () => {
  it.each([
    [false, false, AttendanceSource.MEETING],
    [false, true, AttendanceSource.MEETING],
    [true, true, AttendanceSource.MEETING],
    [true, false, AttendanceSource.APPROVED_MINUTES],
  ])('amendment pending %s, sees drafts %s: %s', (minutesAmendmentPending, seesDrafts, source) => {
    expect(attendanceSourceFor({ minutesAmendmentPending }, seesDrafts)).toBe(source);
  });
});
