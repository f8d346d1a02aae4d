import { Permission, Principal } from '@council/access';
import { AttendanceSource, attendanceSourceFor } from './domain/attendance-source';
import { AttendanceStatus } from './domain/attendance-rules';
import { MeetingStatus } from './domain/meeting-lifecycle';
import { Quorum, meetingQuorum, recordedQuorum } from './domain/quorum';
import type { MinutesView } from './domain/minutes-view';
import type { AttendanceEntity } from './persistence/attendance.entity';
import type { MeetingEntity } from './persistence/meeting.entity';

// What the views below read, one meeting at a time. The API passes its request's DataLoaders: they
// batch a page's reads into one query per kind, and the minutes read here are those the page's
// `minutes` field reads.
export interface AttendanceReads {
  // The minutes as the viewer sees them (MinutesReader.viewsFor): for who may not see drafts, the
  // approved version.
  minutes(meetingId: string): Promise<MinutesView | null>;
  // The attendance recorded now (AttendanceService.attendanceOf).
  attendance(meetingId: string): Promise<AttendanceEntity[]>;
}

// The attendance an approved version records, as attendance entries (recorded when approved).
export function approvedAttendance(meetingId: string, minutes: MinutesView): AttendanceEntity[] {
  const recordedAt = minutes.approvedAt ?? minutes.savedAt;
  const { present, absent, excused } = minutes.attendance;
  return [
    ...present.map((memberId) => [memberId, AttendanceStatus.PRESENT] as const),
    ...absent.map((memberId) => [memberId, AttendanceStatus.ABSENT] as const),
    ...excused.map((memberId) => [memberId, AttendanceStatus.EXCUSED] as const),
  ].map(([memberId, status]) => ({
    meetingId,
    memberId,
    status,
    recordedBy: minutes.savedById,
    recordedAt,
  }));
}

// The meeting's attendance as the viewer sees it (attendanceSourceFor).
export async function attendanceSeenBy(
  meeting: MeetingEntity,
  viewer: Principal,
  reads: AttendanceReads,
): Promise<AttendanceEntity[]> {
  const approved = await approvedMinutesRead(meeting, viewer, reads);
  return approved ? approvedAttendance(meeting.id, approved) : reads.attendance(meeting.id);
}

// The meeting's quorum as the viewer sees it (attendanceSourceFor); null until attendance is taken.
export async function quorumSeenBy(
  meeting: MeetingEntity,
  viewer: Principal,
  reads: Pick<AttendanceReads, 'minutes'>,
): Promise<Quorum | null> {
  const approved = await approvedMinutesRead(meeting, viewer, reads);
  return approved ? recordedQuorum(approved.attendance) : meetingQuorum(meeting);
}

// What rollOf reads. The API passes its request's DataLoaders, so a page's rolls cost one query per
// kind (AttendanceService.rollsAtStart, AttendanceService.activeRoll).
export interface RollReads {
  // The members recorded when the meeting was held, by name; none for one held before they were.
  atStart(meetingId: string): Promise<string[]>;
  // The active members now, by name.
  active(): Promise<string[]>;
}

// Who may be recorded at the meeting and counts towards its quorum, by name (member ids): the
// members active at its start once held (null for one held before they were recorded), the active
// members until then, no one once it is called off.
export async function rollOf(meeting: MeetingEntity, reads: RollReads): Promise<string[] | null> {
  if (meeting.status === MeetingStatus.CANCELLED) return null;
  if (meeting.status === MeetingStatus.HELD) {
    const atStart = await reads.atStart(meeting.id);
    return atStart.length > 0 ? atStart : null;
  }
  return reads.active();
}

// The approved minutes whose attendance the viewer reads, or null for the attendance recorded now
// (also if no approved version is found, which a pending amendment rules out).
async function approvedMinutesRead(
  meeting: MeetingEntity,
  viewer: Principal,
  reads: Pick<AttendanceReads, 'minutes'>,
): Promise<MinutesView | null> {
  const source = attendanceSourceFor(meeting, viewer.can(Permission.VIEW_DRAFTS));
  if (source === AttendanceSource.MEETING) return null;
  const minutes = await reads.minutes(meeting.id);
  return minutes?.isApproved ? minutes : null;
}
