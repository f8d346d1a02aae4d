import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource } from 'typeorm';
import { MemberEntity, MemberStatus } from '@council/accounts';
import { Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { AppConfig } from '@council/config';
import { Clock, assertOneOf, assertUuid, groupBy } from '@council/core';
import { AttendanceStatus, mayRecordPresence } from './domain/attendance-rules';
import { MEETING_LIMITS } from './domain/limits';
import { MeetingStatus, assertAttendanceOpen, becomesHeld } from './domain/meeting-lifecycle';
import { MeetingsReason, invalidField, meetingsConflict } from './domain/meetings.errors';
import { MinutesStatus } from './domain/minutes-lifecycle';
import { AttendanceEntity } from './persistence/attendance.entity';
import { MeetingEntity } from './persistence/meeting.entity';
import { MinutesEntity } from './persistence/minutes.entity';
import {
  countActiveMembers,
  countPresent,
  heldSummary,
  holdMeeting,
  lockMeeting,
  membersAtStartAmong,
} from './persistence/meeting-store';

export interface AttendanceEntry {
  memberId: string;
  status: AttendanceStatus;
}

// Attendance per member, recorded by the secretary; it makes a published meeting HELD once taken
// at or after the start, and gives the quorum.
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  // Entries are merged into what was recorded before (one entry per member, the latest wins), so
  // latecomers can be added later.
  async record(
    actor: Principal,
    meetingIdInput: string,
    entries: AttendanceEntry[],
  ): Promise<MeetingEntity> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    const normalized = this.normalize(entries);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertAttendanceOpen(meeting.status);
      const minutes = await manager.findOne(MinutesEntity, {
        where: { meetingId },
        select: { id: true, status: true },
      });
      // Once minutes are submitted or approved, attendance is part of the record: a correction
      // goes through an amendment (amendMinutes reopens it).
      if (minutes && minutes.status !== MinutesStatus.DRAFT) {
        throw meetingsConflict(
          MeetingsReason.ATTENDANCE_LOCKED,
          `Attendance cannot change while the minutes are ${minutes.status}`,
        );
      }
      const now = this.clock.now();
      // Taken at or after the start: the meeting is held now, and its members are recorded first.
      const heldNow = becomesHeld(meeting.status, meeting.startsAt, now);
      const withdrawn = heldNow ? await holdMeeting(manager, meeting, now) : [];
      const memberIds = normalized.map((entry) => entry.memberId);
      const members = await manager.find(MemberEntity, {
        where: { id: Any(memberIds) },
        select: { id: true, status: true },
      });
      const statusOf = new Map(members.map((member) => [member.id, member.status]));
      const atStart = await membersAtStartAmong(manager, meetingId, memberIds);
      normalized.forEach((entry, index) => {
        const status = statusOf.get(entry.memberId);
        if (!status) {
          throw invalidField(
            `entries.${index}.memberId`,
            MeetingsReason.UNKNOWN_MEMBER,
            'no such member',
          );
        }
        // A held meeting counts its members then, whatever they are now, and lists no one else:
        // present, absent or excused alike (holding it withdrew everyone else's entries).
        if (atStart && !atStart.has(entry.memberId)) {
          throw invalidField(
            `entries.${index}.memberId`,
            MeetingsReason.NOT_A_MEMBER_AT_MEETING,
            'was not an active member when the meeting was held',
          );
        }
        if (entry.status !== AttendanceStatus.PRESENT) return;
        if (!mayRecordPresence(meeting.startsAt, now, this.config.COUNCIL_TIME_ZONE)) {
          throw invalidField(
            `entries.${index}.status`,
            MeetingsReason.BEFORE_MEETING_DAY,
            'members are recorded present from the meeting’s day; before it, only absent or excused',
          );
        }
        // Before it is held: the active members.
        if (!atStart && status !== MemberStatus.ACTIVE) {
          throw invalidField(
            `entries.${index}.memberId`,
            MeetingsReason.MEMBER_NOT_ACTIVE,
            'only an active member can be recorded present',
          );
        }
      });
      await manager.upsert(
        AttendanceEntity,
        normalized.map((entry) => ({
          meetingId,
          memberId: entry.memberId,
          status: entry.status,
          recordedBy: actor.memberId,
          recordedAt: now,
        })),
        ['meetingId', 'memberId'],
      );
      meeting.presentCount = await countPresent(manager, meetingId);
      if (meeting.status === MeetingStatus.PUBLISHED) {
        // Before the start: a provisional denominator, replaced when the meeting is held.
        meeting.activeMembersAtStart = await countActiveMembers(manager);
      }
      await manager.update(MeetingEntity, meeting.id, {
        presentCount: meeting.presentCount,
        activeMembersAtStart: meeting.activeMembersAtStart,
      });
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.attendance_recorded',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: {
          entries: normalized.length,
          // Who was recorded how: the quorum rests on it.
          recorded: normalized.map((entry) => ({ memberId: entry.memberId, status: entry.status })),
          present: meeting.presentCount,
          activeMembersAtStart: meeting.activeMembersAtStart,
        },
      });
      if (heldNow) {
        await this.audit.record(manager, {
          actorId: actor.memberId,
          action: 'meetings.meeting_held',
          entityType: 'meeting',
          entityId: meeting.id,
          summary: heldSummary(meeting, withdrawn),
        });
      }
      return meeting;
    });
  }

  // Batched for DataLoaders, in plain SQL like AgendaService.itemsOf (read on every agenda page).
  async attendanceOf(meetingIds: readonly string[]): Promise<AttendanceEntity[][]> {
    if (meetingIds.length === 0) return [];
    const rows: Array<{
      meeting_id: string;
      member_id: string;
      status: AttendanceStatus;
      recorded_by: string;
      recorded_at: Date;
    }> = await this.dataSource.query(
      `SELECT meeting_id, member_id, status, recorded_by, recorded_at FROM attendance
        WHERE meeting_id = ANY($1::uuid[])
        ORDER BY meeting_id, status, recorded_at, member_id`,
      [meetingIds],
    );
    const entries = rows.map((row) => ({
      meetingId: row.meeting_id,
      memberId: row.member_id,
      status: row.status,
      recordedBy: row.recorded_by,
      recordedAt: row.recorded_at,
    }));
    return groupBy(meetingIds, entries, (entry) => entry.meetingId);
  }

  // The roll of held meetings: the members recorded when each was held, by name. A meeting held
  // before they were recorded (migration MeetingMembersAtStart) has none.
  async rollsAtStart(meetingIds: readonly string[]): Promise<string[][]> {
    if (meetingIds.length === 0) return [];
    const rows: Array<{ meeting_id: string; member_id: string }> = await this.dataSource.query(
      `SELECT s.meeting_id, s.member_id FROM meeting_member_at_start s
         JOIN member m ON m.id = s.member_id
        WHERE s.meeting_id = ANY($1::uuid[])
        ORDER BY s.meeting_id, m.full_name, m.id`,
      [meetingIds],
    );
    return groupBy(meetingIds, rows, (row) => row.meeting_id).map((own) =>
      own.map((row) => row.member_id),
    );
  }

  // The roll of a meeting not yet held: the active members (those it would count if held now), by
  // name.
  async activeRoll(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM member WHERE status = $1 ORDER BY full_name, id`,
      [MemberStatus.ACTIVE],
    );
    return rows.map((row) => row.id);
  }

  private normalize(entries: AttendanceEntry[]): AttendanceEntry[] {
    if (!Array.isArray(entries) || entries.length === 0) {
      throw invalidField('entries', MeetingsReason.INVALID_LENGTH, 'entries must not be empty');
    }
    if (entries.length > MEETING_LIMITS.attendanceEntries) {
      throw invalidField(
        'entries',
        MeetingsReason.TOO_MANY_ENTRIES,
        `at most ${MEETING_LIMITS.attendanceEntries} entries at once`,
      );
    }
    const seen = new Set<string>();
    return entries.map((entry, index) => {
      const memberId = assertUuid(entry.memberId, `entries.${index}.memberId`);
      if (seen.has(memberId)) {
        throw invalidField(
          `entries.${index}.memberId`,
          MeetingsReason.DUPLICATE_MEMBER,
          'each member appears once',
        );
      }
      seen.add(memberId);
      return {
        memberId,
        status: assertOneOf(AttendanceStatus, entry.status, `entries.${index}.status`),
      };
    });
  }
}
