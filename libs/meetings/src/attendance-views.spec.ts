import { Principal, Role } from '@council/access';
import {
  AttendanceReads,
  RollReads,
  attendanceSeenBy,
  quorumSeenBy,
  rollOf,
} from './attendance-views';
import { AttendanceStatus } from './domain/attendance-rules';
import { MeetingStatus } from './domain/meeting-lifecycle';
import type { MinutesView } from './domain/minutes-view';
import type { AttendanceEntity } from './persistence/attendance.entity';
import type { MeetingEntity } from './persistence/meeting.entity';

const member = new Principal('member-1', 'session', new Set([Role.MEMBER]));
const secretary = new Principal(
  'secretary-1',
  'session',
  new Set([Role.MEMBER, Role.EXECUTIVE_SECRETARY]),
);

const approvedAt = new Date('2027-02-10T09:00:00Z');
const correctedAt = new Date('2027-02-12T09:00:00Z');

// Approved minutes recorded two of five present; the pending amendment's correction makes it three.
const approvedMinutes = {
  isApproved: true,
  approvedAt,
  savedAt: new Date('2027-02-09T09:00:00Z'),
  savedById: 'secretary-1',
  attendance: { activeMembers: 5, present: ['a', 'b'], absent: ['c'], excused: ['d'] },
} as MinutesView;

function meeting(minutesAmendmentPending: boolean): MeetingEntity {
  return {
    id: 'meeting-1',
    minutesAmendmentPending,
    presentCount: 3,
    activeMembersAtStart: 5,
  } as MeetingEntity;
}

const corrected: AttendanceEntity[] = ['a', 'b', 'c'].map((memberId) => ({
  meetingId: 'meeting-1',
  memberId,
  status: AttendanceStatus.PRESENT,
  recordedBy: 'secretary-1',
  recordedAt: correctedAt,
}));

// In-memory reads that count what was asked.
function reads(minutes: MinutesView | null = approvedMinutes) {
  const asked = { minutes: 0, attendance: 0 };
  const source: AttendanceReads = {
    minutes: () => {
      asked.minutes += 1;
      return Promise.resolve(minutes);
    },
    attendance: () => {
      asked.attendance += 1;
      return Promise.resolve(corrected);
    },
  };
  return { source, asked };
}

describe('attendance and quorum as a viewer sees them', () => {
  it('shows members what the approved minutes record while an amendment is pending', async () => {
    const { source, asked } = reads();
    expect(await attendanceSeenBy(meeting(true), member, source)).toEqual([
      {
        meetingId: 'meeting-1',
        memberId: 'a',
        status: AttendanceStatus.PRESENT,
        recordedBy: 'secretary-1',
        recordedAt: approvedAt,
      },
      expect.objectContaining({ memberId: 'b', status: AttendanceStatus.PRESENT }),
      expect.objectContaining({ memberId: 'c', status: AttendanceStatus.ABSENT }),
      expect.objectContaining({ memberId: 'd', status: AttendanceStatus.EXCUSED }),
    ]);
    expect(await quorumSeenBy(meeting(true), member, source)).toEqual({
      present: 2,
      activeMembers: 5,
      required: 3,
      isQuorate: false,
    });
    expect(asked).toEqual({ minutes: 2, attendance: 0 });
  });

  it('shows the leadership the corrections while an amendment is pending', async () => {
    const { source, asked } = reads();
    expect(await attendanceSeenBy(meeting(true), secretary, source)).toBe(corrected);
    expect(await quorumSeenBy(meeting(true), secretary, source)).toMatchObject({
      present: 3,
      isQuorate: true,
    });
    expect(asked).toEqual({ minutes: 0, attendance: 1 });
  });

  it('shows everyone the attendance recorded now when no amendment is pending', async () => {
    for (const viewer of [member, secretary]) {
      const { source, asked } = reads();
      expect(await attendanceSeenBy(meeting(false), viewer, source)).toBe(corrected);
      expect((await quorumSeenBy(meeting(false), viewer, source))?.present).toBe(3);
      expect(asked).toEqual({ minutes: 0, attendance: 1 });
    }
  });

  it('falls back to the attendance recorded now if no approved minutes are found', async () => {
    for (const minutes of [null, { ...approvedMinutes, isApproved: false }]) {
      const { source } = reads(minutes);
      expect(await attendanceSeenBy(meeting(true), member, source)).toBe(corrected);
      expect((await quorumSeenBy(meeting(true), member, source))?.present).toBe(3);
    }
  });

  it('has no quorum before attendance is taken', async () => {
    const { source } = reads();
    const untaken = { ...meeting(false), activeMembersAtStart: null } as MeetingEntity;
    expect(await quorumSeenBy(untaken, member, source)).toBeNull();
  });
});

describe('the roll of a meeting', () => {
  const rollReads = (atStart: string[]): RollReads => ({
    atStart: () => Promise.resolve(atStart),
    active: () => Promise.resolve(['a', 'b', 'c']),
  });
  const withStatus = (status: MeetingStatus) => ({ id: 'meeting-1', status }) as MeetingEntity;

  it('is the active members until the meeting is held', async () => {
    for (const status of [MeetingStatus.DRAFT, MeetingStatus.PUBLISHED]) {
      expect(await rollOf(withStatus(status), rollReads(['a']))).toEqual(['a', 'b', 'c']);
    }
  });

  it('is the members of its start once held, unknown for one held before they were recorded', async () => {
    expect(await rollOf(withStatus(MeetingStatus.HELD), rollReads(['a', 'b']))).toEqual(['a', 'b']);
    expect(await rollOf(withStatus(MeetingStatus.HELD), rollReads([]))).toBeNull();
  });

  it('is no one once the meeting is called off', async () => {
    expect(await rollOf(withStatus(MeetingStatus.CANCELLED), rollReads(['a']))).toBeNull();
  });
});
