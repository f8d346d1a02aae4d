import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { AppConfig } from '@council/config';
import { Clock, assertUuid, canonicalJson, requireText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { TermsService } from '@council/terms';
import { attendanceRecord } from './domain/attendance-rules';
import { MEETING_LIMITS } from './domain/limits';
import { chairSeatAllows, sittingChairOf } from './domain/minutes-approver-rules';
import { MeetingStatus } from './domain/meeting-lifecycle';
import {
  MeetingsReason,
  meetingsConflict,
  meetingsForbidden,
  staleApproval,
  staleVersion,
} from './domain/meetings.errors';
import {
  FIRST_MINUTES_STATUS,
  MinutesEvent,
  MinutesStatus,
  amendEvent,
  nextMinutesStatus,
  nothingToAmend,
} from './domain/minutes-lifecycle';
import { MinutesDocument, minutesContentHash } from './domain/minutes-document';
import {
  NormalizedItem,
  SaveMinutesCommand,
  actionItemsOf,
  assertBaseVersion,
  buildMinutesDocument,
  calendarDateIn,
  normalizeMinutesItems,
} from './domain/minutes-rules';
import { ActionItemsService } from './action-items.service';
import { ActionItemEntity } from './persistence/action-item.entity';
import { AgendaItemEntity } from './persistence/agenda-item.entity';
import { AttendanceEntity } from './persistence/attendance.entity';
import { MeetingEntity } from './persistence/meeting.entity';
import { MinutesApprovalEntity } from './persistence/minutes-approval.entity';
import { MinutesVersionEntity } from './persistence/minutes-version.entity';
import { MinutesEntity } from './persistence/minutes.entity';
import { lockMeeting } from './persistence/meeting-store';
import {
  currentVersionOf,
  isOwnWork,
  lockMinutes,
  lockMinutesIfAny,
} from './persistence/minutes-store';
import { MinutesView, minutesView } from './domain/minutes-view';

// The minutes' workflow: drafts (every save a new version), submission, approval or return by
// the chair, the seal, and amendments. All commands answer with the leadership's view.
@Injectable()
export class MinutesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly terms: TermsService,
    private readonly actionItems: ActionItemsService,
  ) {}

  save(actor: Principal, command: SaveMinutesCommand): Promise<MinutesView> {
    return this.write(actor, command, false);
  }

  // After approval: a new version that needs approval again (the approved one stays readable).
  amend(actor: Principal, command: SaveMinutesCommand): Promise<MinutesView> {
    return this.write(actor, command, true);
  }

  async submit(actor: Principal, meetingIdInput: string): Promise<MinutesView> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      const minutes = await lockMinutes(manager, meetingId);
      const status = nextMinutesStatus(minutes.status, MinutesEvent.SUBMIT);
      await this.assertRecordsAttendance(manager, meeting, minutes);
      return this.decide(manager, actor, minutes, 'meetings.minutes_submitted', {
        status,
        submittedBy: actor.memberId,
        submittedAt: this.clock.now(),
      });
    });
  }

  // SUBMITTED → DRAFT with the approver's comments.
  async returnToDraft(
    actor: Principal,
    meetingIdInput: string,
    commentText: string,
  ): Promise<MinutesView> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    const comment = requireText(commentText, 'comment', MEETING_LIMITS.comment);
    return this.dataSource.transaction(async (manager) => {
      await lockMeeting(manager, meetingId);
      await this.assertApprover(manager, actor);
      const minutes = await lockMinutes(manager, meetingId);
      const status = nextMinutesStatus(minutes.status, MinutesEvent.RETURN);
      return this.decide(manager, actor, minutes, 'meetings.minutes_returned', {
        status,
        returnComment: comment,
        returnedBy: actor.memberId,
        returnedAt: this.clock.now(),
      });
    });
  }

  // SUBMITTED → APPROVED: binds the approver to the SHA-256 of the exact version they approve.
  // seenVersion: the version the approver read, when the client says; approving a version they
  // never saw (returned and resubmitted meanwhile by the secretary) is then refused.
  async approve(
    actor: Principal,
    meetingIdInput: string,
    seenVersion: number | null = null,
  ): Promise<MinutesView> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    return this.dataSource.transaction(async (manager) => {
      await lockMeeting(manager, meetingId);
      // The meeting's lock keeps the minutes as they are until the approval commits.
      const draftedBy = async (memberId: string) => {
        const minutes = await manager.findOneBy(MinutesEntity, { meetingId });
        return minutes !== null && (await isOwnWork(manager, minutes, memberId));
      };
      await this.assertApprover(manager, actor, draftedBy);
      const minutes = await lockMinutes(manager, meetingId);
      const status = nextMinutesStatus(minutes.status, MinutesEvent.APPROVE);
      if (seenVersion !== null && seenVersion !== minutes.currentVersion) {
        throw staleApproval(minutes.currentVersion, seenVersion);
      }
      if (await isOwnWork(manager, minutes, actor.memberId)) {
        throw meetingsForbidden(
          MeetingsReason.OWN_MINUTES,
          'You cannot approve minutes you drafted or submitted',
        );
      }
      const version = await currentVersionOf(manager, minutes);
      if (minutesContentHash(version.body) !== version.contentHash) {
        throw meetingsConflict(
          MeetingsReason.MINUTES_INTEGRITY,
          'The stored minutes do not match their hash; they cannot be approved',
        );
      }
      const approval = manager.create(MinutesApprovalEntity, {
        minutesVersionId: version.id,
        minutesId: minutes.id,
        version: version.version,
        contentHash: version.contentHash,
        approvedBy: actor.memberId,
        approvedAt: this.clock.now(),
      });
      await manager.insert(MinutesApprovalEntity, approval);
      minutes.status = status;
      minutes.approvedVersion = version.version;
      await manager.update(MinutesEntity, minutes.id, {
        status: minutes.status,
        approvedVersion: minutes.approvedVersion,
      });
      await manager.update(MeetingEntity, meetingId, { minutesAmendmentPending: false });
      const tracked = await this.actionItems.trackApproved(manager, meetingId, version.body);
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.minutes_approved',
        entityType: 'meeting',
        entityId: meetingId,
        summary: {
          minutesId: minutes.id,
          version: version.version,
          contentHash: version.contentHash,
          actionItems: tracked.tracked,
          withdrawnActionItems: tracked.withdrawn,
        },
      });
      return minutesView(minutes, version, approval, true);
    });
  }

  private async write(
    actor: Principal,
    command: SaveMinutesCommand,
    isAmendment: boolean,
  ): Promise<MinutesView> {
    const meetingId = assertUuid(command.meetingId, 'meetingId');
    const baseVersion = assertBaseVersion(command.baseVersion);
    const items = normalizeMinutesItems(command.items);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const meeting = await lockMeeting(manager, meetingId);
        if (meeting.status !== MeetingStatus.HELD) {
          throw meetingsConflict(
            MeetingsReason.MEETING_NOT_HELD,
            'Minutes are kept for a meeting that has been held',
          );
        }
        const existing = await lockMinutesIfAny(manager, meetingId);
        let status = FIRST_MINUTES_STATUS;
        if (existing) {
          const event = isAmendment
            ? amendEvent(existing.status, existing.approvedVersion !== null)
            : MinutesEvent.SAVE;
          status = nextMinutesStatus(existing.status, event);
        } else if (isAmendment) {
          throw nothingToAmend();
        }
        const currentVersion = existing?.currentVersion ?? 0;
        if (currentVersion !== baseVersion) throw staleVersion(currentVersion, baseVersion);
        const previous = existing ? await currentVersionOf(manager, existing) : null;
        const document = await this.draft(manager, meeting, items, previous);
        const minutes = await this.advance(manager, existing, meetingId, baseVersion, status);
        const row = manager.create(MinutesVersionEntity, {
          minutesId: minutes.id,
          version: document.version,
          body: document,
          contentHash: minutesContentHash(document),
          previousHash: document.previousHash,
          isAmendment: minutes.approvedVersion !== null,
          savedBy: actor.memberId,
          savedAt: this.clock.now(),
        });
        await manager.insert(MinutesVersionEntity, row);
        if (row.isAmendment && !meeting.minutesAmendmentPending) {
          await manager.update(MeetingEntity, meetingId, { minutesAmendmentPending: true });
        }
        await this.audit.record(manager, {
          actorId: actor.memberId,
          action: row.isAmendment ? 'meetings.minutes_amended' : 'meetings.minutes_saved',
          entityType: 'meeting',
          entityId: meetingId,
          summary: {
            minutesId: minutes.id,
            version: row.version,
            baseVersion,
            contentHash: row.contentHash,
            items: document.items.length,
          },
        });
        return minutesView(minutes, row, null, true);
      });
    } catch (error) {
      // The database's own guard against two saves on one base (should the lock ever be bypassed).
      if (
        isUniqueViolation(error, 'uq_minutes_version') ||
        isUniqueViolation(error, 'uq_minutes_meeting')
      ) {
        throw meetingsConflict(
          MeetingsReason.STALE_VERSION,
          'The minutes were changed meanwhile: reload the latest version',
        );
      }
      throw error;
    }
  }

  // Checks the items against this meeting and builds the next version's document.
  private async draft(
    manager: EntityManager,
    meeting: MeetingEntity,
    items: NormalizedItem[],
    previous: MinutesVersionEntity | null,
  ): Promise<MinutesDocument> {
    const assigneeIds = [
      ...new Set(items.flatMap((item) => item.actionItems.map((action) => action.assigneeId))),
    ];
    // One after another: a transaction's statements share one connection.
    const agenda = await manager.find(AgendaItemEntity, { where: { meetingId: meeting.id } });
    const attendance = await manager.find(AttendanceEntity, { where: { meetingId: meeting.id } });
    // Locked: no suspension can start before the save commits (which would then have given a new
    // item to a suspended member).
    const members = await lockMembers(manager, assigneeIds);
    const tracked = await manager.find(ActionItemEntity, {
      where: { meetingId: meeting.id },
      select: { id: true, assigneeId: true, withdrawnInVersion: true },
    });
    const edited = previous ? actionItemsOf(previous.body) : [];
    const carriedAssignees = new Map<string, Set<string>>();
    const carry = (id: string, assigneeId: string) =>
      carriedAssignees.set(id, (carriedAssignees.get(id) ?? new Set()).add(assigneeId));
    for (const row of tracked) if (row.withdrawnInVersion === null) carry(row.id, row.assigneeId);
    for (const action of edited) carry(action.id, action.assigneeId);
    return buildMinutesDocument(items, {
      meeting,
      meetingDate: calendarDateIn(meeting.startsAt, this.config.COUNCIL_TIME_ZONE),
      agenda: new Map(agenda.map((item) => [item.id, item])),
      attendance: attendanceRecord(attendance, meeting.activeMembersAtStart),
      knownMembers: new Set(members.map((member) => member.id)),
      activeMembers: new Set(
        members
          .filter((member) => member.status === MemberStatus.ACTIVE)
          .map((member) => member.id),
      ),
      knownActionItems: new Set([...tracked.map((row) => row.id), ...edited.map((a) => a.id)]),
      carriedAssignees,
      version: (previous?.version ?? 0) + 1,
      previousHash: previous?.contentHash ?? null,
    });
  }

  // Moves the minutes to the next version, on the condition that nobody did it first.
  private async advance(
    manager: EntityManager,
    existing: MinutesEntity | null,
    meetingId: string,
    baseVersion: number,
    status: MinutesStatus,
  ): Promise<MinutesEntity> {
    if (!existing) {
      const minutes = manager.create(MinutesEntity, {
        meetingId,
        status,
        currentVersion: 1,
        approvedVersion: null,
        submittedBy: null,
        submittedAt: null,
        returnComment: null,
        returnedBy: null,
        returnedAt: null,
      });
      await manager.insert(MinutesEntity, minutes);
      return minutes;
    }
    const result = await manager
      .createQueryBuilder()
      .update(MinutesEntity)
      .set({ currentVersion: baseVersion + 1, status })
      .where('id = :id AND current_version = :baseVersion', { id: existing.id, baseVersion })
      .execute();
    if (result.affected !== 1) throw staleVersion(existing.currentVersion, baseVersion);
    existing.currentVersion = baseVersion + 1;
    existing.status = status;
    return existing;
  }

  // Attendance stays open while the minutes are a draft (a late correction), and each saved
  // version records it as it was then. Submitted, the version is what will be approved and sealed:
  // it must record the attendance as it is, and its votes must fit it (a save checks both).
  private async assertRecordsAttendance(
    manager: EntityManager,
    meeting: MeetingEntity,
    minutes: MinutesEntity,
  ): Promise<void> {
    const version = await currentVersionOf(manager, minutes);
    const attendance = await manager.find(AttendanceEntity, { where: { meetingId: meeting.id } });
    const current = attendanceRecord(attendance, meeting.activeMembersAtStart);
    if (canonicalJson(version.body.attendance) !== canonicalJson(current)) {
      throw meetingsConflict(
        MeetingsReason.ATTENDANCE_CHANGED,
        'Attendance changed after this version was saved: save the minutes again to record it',
      );
    }
  }

  // The steps every decision on submitted or returned minutes ends with: the new state, its audit
  // entry, and the minutes as the leadership now sees them.
  private async decide(
    manager: EntityManager,
    actor: Principal,
    minutes: MinutesEntity,
    action: 'meetings.minutes_submitted' | 'meetings.minutes_returned',
    changes: Partial<MinutesEntity> & Pick<MinutesEntity, 'status'>,
  ): Promise<MinutesView> {
    Object.assign(minutes, changes);
    await manager.update(MinutesEntity, minutes.id, changes);
    await this.audit.record(manager, {
      actorId: actor.memberId,
      action,
      entityType: 'meeting',
      entityId: minutes.meetingId,
      summary: { minutesId: minutes.id, version: minutes.currentVersion },
    });
    const version = await currentVersionOf(manager, minutes);
    const approval = await manager.findOneBy(MinutesApprovalEntity, {
      minutesVersionId: version.id,
    });
    return minutesView(minutes, version, approval, true);
  }

  // The chair approves and returns minutes; a co-chair only in the chair's place (chairSeatAllows).
  private async assertApprover(
    manager: EntityManager,
    actor: Principal,
    draftedBy?: (memberId: string) => Promise<boolean>,
  ): Promise<void> {
    // Decided on the seats of the term current now, under the roster lock, not on the roles the
    // request arrived with: a request that waited behind the meeting's lock across the start of a
    // new term, or while a roster was installed, acts with the powers it has when it commits.
    await this.terms.holdRosters(manager);
    const seats = await this.terms.currentSeats(manager);
    if (!actor.withSeats(seats).can(Permission.APPROVE_MINUTES)) {
      throw meetingsForbidden(
        MeetingsReason.NOT_AN_APPROVER,
        'Only the chair (or a co-chair while the chair seat is vacant) approves minutes',
      );
    }
    const chair = sittingChairOf(seats);
    // Asked only where it decides: of a sitting chair other than the actor, when approving.
    const chairDraftedThem =
      chair !== null &&
      chair !== actor.memberId &&
      draftedBy !== undefined &&
      (await draftedBy(chair));
    if (!chairSeatAllows(actor.memberId, chair, chairDraftedThem)) {
      throw meetingsForbidden(
        MeetingsReason.CHAIR_SEAT_OCCUPIED,
        'A co-chair approves minutes only while the chair seat is vacant, or for a chair who drafted them',
      );
    }
  }
}
