import { EntityManager } from 'typeorm';
import { MemberEntity, MemberStatus } from '@council/accounts';
import { AgendaChangeKind, FieldChange } from '../domain/agenda-rules';
import { AttendanceStatus, mayRecordPresence } from '../domain/attendance-rules';
import { MeetingStatus, isRevisionTracked } from '../domain/meeting-lifecycle';
import { meetingNotFound } from '../domain/meetings.errors';
import { AgendaChangeEntity } from './agenda-change.entity';
import { MeetingEntity } from './meeting.entity';

// Every command on a meeting (its details, agenda, attendance, minutes) starts by locking the
// meeting's row: commands on one meeting run one after another, so a check made inside the
// transaction still holds when it commits.
export async function lockMeeting(manager: EntityManager, id: string): Promise<MeetingEntity> {
  const meeting = await manager.findOne(MeetingEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!meeting) throw meetingNotFound();
  return meeting;
}

export async function countActiveMembers(manager: EntityManager): Promise<number> {
  return manager.countBy(MemberEntity, { status: MemberStatus.ACTIVE });
}

// PUBLISHED → HELD. The members active at the moment the meeting is known to have started are
// recorded (the member table keeps no status history to look back into): they are the quorum's
// denominator, and the only ones who can be recorded present from now on. Attendance recorded
// before the start for anyone else (suspended since) is withdrawn, so that the attendance list,
// the minutes and the quorum count the same members. Returns the members withdrawn.
export async function holdMeeting(
  manager: EntityManager,
  meeting: MeetingEntity,
  now: Date,
): Promise<string[]> {
  meeting.status = MeetingStatus.HELD;
  meeting.heldAt = now;
  // FOR SHARE: a suspension under way is waited for and its outcome seen (as lockMembers does),
  // so a member suspended before the meeting is held is not counted at it.
  const [{ n }]: Array<{ n: number }> = await manager.query(
    `WITH recorded AS (
       INSERT INTO meeting_member_at_start (meeting_id, member_id)
       SELECT $1, id FROM member WHERE status = $2 ORDER BY id FOR SHARE
       RETURNING member_id)
     SELECT count(*)::int AS n FROM recorded`,
    [meeting.id, MemberStatus.ACTIVE],
  );
  meeting.activeMembersAtStart = n;
  const withdrawn: Array<{ member_id: string }> = await manager.query(
    `WITH withdrawn AS (
       DELETE FROM attendance a
        WHERE a.meeting_id = $1
          AND NOT EXISTS (SELECT 1 FROM meeting_member_at_start s
                           WHERE s.meeting_id = $1 AND s.member_id = a.member_id)
       RETURNING a.member_id)
     SELECT member_id FROM withdrawn ORDER BY member_id`,
    [meeting.id],
  );
  meeting.presentCount = await countPresent(manager, meeting.id);
  await manager.update(MeetingEntity, meeting.id, {
    status: meeting.status,
    heldAt: meeting.heldAt,
    activeMembersAtStart: meeting.activeMembersAtStart,
    presentCount: meeting.presentCount,
  });
  return withdrawn.map((row) => row.member_id);
}

// A meeting moved to a later day: presence recorded before its new day (on the old one) is
// withdrawn, since nobody could have arrived yet; absences and excusals stay. Without this a
// postponed meeting would show a quorum before its day and could be held on it without anyone
// recorded present that day. Returns the members withdrawn, sorted; presentCount follows.
export async function withdrawPresenceBeforeMeetingDay(
  manager: EntityManager,
  meeting: MeetingEntity,
  councilTimeZone: string,
): Promise<string[]> {
  const present: Array<{ member_id: string; recorded_at: Date }> = await manager.query(
    `SELECT member_id, recorded_at FROM attendance WHERE meeting_id = $1 AND status = $2`,
    [meeting.id, AttendanceStatus.PRESENT],
  );
  const early = present
    .filter((entry) => !mayRecordPresence(meeting.startsAt, entry.recorded_at, councilTimeZone))
    .map((entry) => entry.member_id)
    .sort();
  if (early.length === 0) return [];
  await manager.query(
    `DELETE FROM attendance WHERE meeting_id = $1 AND member_id = ANY($2::uuid[])`,
    [meeting.id, early],
  );
  meeting.presentCount = await countPresent(manager, meeting.id);
  await manager.update(MeetingEntity, meeting.id, { presentCount: meeting.presentCount });
  return early;
}

// A meeting called off: every presence recorded goes, and with it the provisional quorum (no
// count of the active members). Returns the members withdrawn, sorted.
export async function withdrawPresence(
  manager: EntityManager,
  meeting: MeetingEntity,
): Promise<string[]> {
  const withdrawn: Array<{ member_id: string }> = await manager.query(
    `WITH withdrawn AS (
       DELETE FROM attendance WHERE meeting_id = $1 AND status = $2 RETURNING member_id)
     SELECT member_id FROM withdrawn ORDER BY member_id`,
    [meeting.id, AttendanceStatus.PRESENT],
  );
  meeting.presentCount = 0;
  meeting.activeMembersAtStart = null;
  await manager.update(MeetingEntity, meeting.id, { presentCount: 0, activeMembersAtStart: null });
  return withdrawn.map((row) => row.member_id);
}

// The audit entry of a meeting becoming HELD.
export function heldSummary(
  meeting: MeetingEntity,
  attendanceWithdrawn: readonly string[],
): Record<string, unknown> {
  return {
    activeMembersAtStart: meeting.activeMembersAtStart,
    ...(attendanceWithdrawn.length > 0 ? { attendanceWithdrawn } : {}),
  };
}

// The members a held meeting counts, among these ids; null for a meeting held before they were
// recorded (migration MeetingMembersAtStart), or not yet held.
export async function membersAtStartAmong(
  manager: EntityManager,
  meetingId: string,
  memberIds: readonly string[],
): Promise<Set<string> | null> {
  const rows: Array<{ member_id: string | null }> = await manager.query(
    `SELECT s.member_id FROM meeting_member_at_start s
      WHERE s.meeting_id = $1 AND s.member_id = ANY($2::uuid[])
     UNION ALL
     SELECT NULL WHERE EXISTS (SELECT 1 FROM meeting_member_at_start WHERE meeting_id = $1)`,
    [meetingId, memberIds],
  );
  if (rows.length === 0) return null;
  return new Set(rows.flatMap((row) => (row.member_id ? [row.member_id] : [])));
}

// Those present, counting only the members recorded when the meeting was held (all present
// before that, or for a meeting held before they were recorded).
export async function countPresent(manager: EntityManager, meetingId: string): Promise<number> {
  const [{ n }]: Array<{ n: number }> = await manager.query(
    `SELECT count(*)::int AS n FROM attendance a
      WHERE a.meeting_id = $1 AND a.status = $2
        AND (NOT EXISTS (SELECT 1 FROM meeting_member_at_start WHERE meeting_id = $1)
             OR EXISTS (SELECT 1 FROM meeting_member_at_start s
                         WHERE s.meeting_id = $1 AND s.member_id = a.member_id))`,
    [meetingId, AttendanceStatus.PRESENT],
  );
  return n;
}

export interface AgendaChangeRecord {
  kind: AgendaChangeKind;
  agendaItemId?: string | null;
  itemTitle?: string | null;
  changes: FieldChange[];
}

// DOMAIN.md: a change to a published agenda raises its revision and is listed (what, when, who).
// Returns the new revision, or null when the meeting is still a draft.
export async function logAgendaChange(
  manager: EntityManager,
  meeting: MeetingEntity,
  change: AgendaChangeRecord,
  actorId: string,
  now: Date,
): Promise<number | null> {
  if (!isRevisionTracked(meeting.status)) return null;
  meeting.agendaRevision += 1;
  await manager.update(MeetingEntity, meeting.id, { agendaRevision: meeting.agendaRevision });
  await manager.insert(AgendaChangeEntity, {
    meetingId: meeting.id,
    revision: meeting.agendaRevision,
    kind: change.kind,
    agendaItemId: change.agendaItemId ?? null,
    itemTitle: change.itemTitle ?? null,
    changes: change.changes,
    changedBy: actorId,
    changedAt: now,
  });
  return meeting.agendaRevision;
}
