import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Permission, Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { Clock, assertUuid, canonicalJson, requireText } from '@council/core';
import { TermsService } from '@council/terms';
import { attendanceRecord } from './domain/attendance-rules';
import { MEETING_LIMITS } from './domain/limits';
import {
  MinutesDecisions,
  chairSeatAllows,
  minutesDecisionsOf,
  sittingChairOf,
} from './domain/minutes-approver-rules';
import {
  MeetingsReason,
  meetingsConflict,
  meetingsForbidden,
  staleApproval,
} from './domain/meetings.errors';
import { MinutesEvent, MinutesStatus, nextMinutesStatus } from './domain/minutes-lifecycle';
import { minutesContentHash } from './domain/minutes-document';
import { MinutesView, minutesView } from './domain/minutes-view';
import { ActionItemsService } from './action-items.service';
import { AttendanceEntity } from './persistence/attendance.entity';
import { MeetingEntity } from './persistence/meeting.entity';
import { MinutesApprovalEntity } from './persistence/minutes-approval.entity';
import { MinutesReturnEntity } from './persistence/minutes-return.entity';
import { MinutesVersionEntity } from './persistence/minutes-version.entity';
import { MinutesEntity } from './persistence/minutes.entity';
import { lockMeeting } from './persistence/meeting-store';
import {
  authorsOfMinutes,
  currentVersionOf,
  isOwnWork,
  lockMinutes,
} from './persistence/minutes-store';

// The minutes' way to the seal: submission, then the chair returns them with comments or approves
// them (binding the approval to the exact version's hash). Commands answer with the leadership's
// view.
@Injectable()
export class MinutesApprovalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly terms: TermsService,
    private readonly actionItems: ActionItemsService,
  ) {}

  // DRAFT → SUBMITTED.
  async submit(actor: Principal, meetingIdInput: string): Promise<MinutesView> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      const minutes = await lockMinutes(manager, meetingId);
      const status = nextMinutesStatus(minutes.status, MinutesEvent.SUBMIT);
      const version = await currentVersionOf(manager, minutes);
      await this.assertRecordsAttendance(manager, meeting, version);
      return this.decide(manager, actor, minutes, version, 'meetings.minutes_submitted', {
        status,
        submittedBy: actor.memberId,
        submittedAt: this.clock.now(),
      });
    });
  }

  // SUBMITTED → DRAFT with the approver's comments. seenVersion, as for approve: comments written
  // on a version returned and resubmitted meanwhile are refused rather than sent back with the new one.
  async returnToDraft(
    actor: Principal,
    meetingIdInput: string,
    commentText: string,
    seenVersion: number | null = null,
  ): Promise<MinutesView> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    const comment = requireText(commentText, 'comment', MEETING_LIMITS.comment);
    return this.dataSource.transaction(async (manager) => {
      await lockMeeting(manager, meetingId);
      await this.assertApprover(manager, actor);
      const minutes = await lockMinutes(manager, meetingId);
      const status = nextMinutesStatus(minutes.status, MinutesEvent.RETURN);
      if (seenVersion !== null && seenVersion !== minutes.currentVersion) {
        throw staleApproval(minutes.currentVersion, seenVersion);
      }
      const returnedAt = this.clock.now();
      // Kept with the version it is about (MinutesVersion.returns); `minutes` holds the latest.
      const version = await currentVersionOf(manager, minutes);
      await manager.insert(MinutesReturnEntity, {
        minutesVersionId: version.id,
        minutesId: minutes.id,
        version: version.version,
        comment,
        returnedBy: actor.memberId,
        returnedAt,
      });
      return this.decide(manager, actor, minutes, version, 'meetings.minutes_returned', {
        status,
        returnComment: comment,
        returnedBy: actor.memberId,
        returnedAt,
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
          // The ids of the items an amendment dropped.
          withdrawnActionItems: tracked.withdrawn,
          // Handed to someone else, or brought back, while in progress or done: open again.
          ...(tracked.reopened.length > 0 ? { reopenedActionItems: tracked.reopened } : {}),
        },
      });
      return minutesView(minutes, version, approval, true);
    });
  }

  // Attendance stays open while the minutes are a draft (a late correction), and each saved
  // version records it as it was then. Submitted, the version is what will be approved and sealed:
  // it must record the attendance as it is, and its votes must fit it (a save checks both).
  private async assertRecordsAttendance(
    manager: EntityManager,
    meeting: MeetingEntity,
    version: MinutesVersionEntity,
  ): Promise<void> {
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
    // The current version, which a decision does not change.
    version: MinutesVersionEntity,
    action: 'meetings.minutes_submitted' | 'meetings.minutes_returned',
    changes: Partial<MinutesEntity> & Pick<MinutesEntity, 'status'>,
  ): Promise<MinutesView> {
    Object.assign(minutes, changes);
    await manager.update(MinutesEntity, minutes.id, changes);
    // Read before the audit entry, whose lock every write of the portal waits for until we commit.
    const approval = await manager.findOneBy(MinutesApprovalEntity, {
      minutesVersionId: version.id,
    });
    await this.audit.record(manager, {
      actorId: actor.memberId,
      action,
      entityType: 'meeting',
      entityId: minutes.meetingId,
      summary: { minutesId: minutes.id, version: minutes.currentVersion },
    });
    return minutesView(minutes, version, approval, true);
  }

  // For DataLoaders: whether the viewer may approve or return each of these minutes now, as approve
  // and returnToDraft would decide it at this instant (read without their locks: a hint for which
  // actions to offer, which they check again). Two queries for any number of minutes, none for a
  // viewer whose roles cannot approve.
  async decisionsOpenTo(
    viewer: Principal,
    minutesIds: readonly string[],
  ): Promise<MinutesDecisions[]> {
    const none: MinutesDecisions = { mayApprove: false, mayReturn: false };
    if (minutesIds.length === 0 || !viewer.can(Permission.APPROVE_MINUTES)) {
      return minutesIds.map(() => none);
    }
    const manager = this.dataSource.manager;
    const seats = await this.terms.currentSeats(manager);
    const approver = viewer.withSeats(seats).can(Permission.APPROVE_MINUTES);
    const minutes = await authorsOfMinutes(manager, minutesIds);
    const sittingChair = sittingChairOf(seats);
    return minutesIds.map((id) => {
      const found = minutes.get(id);
      if (!found) return none;
      return minutesDecisionsOf({
        viewerId: viewer.memberId,
        approver,
        submitted: found.status === MinutesStatus.SUBMITTED,
        sittingChair,
        authors: found.authors,
      });
    });
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
    // A suspension or reactivation under way of the approver or a seat holder is waited for
    // (whether the approver is active shows in the seats read next: only a seat holder approves).
    const { termLabel } = await this.terms.holdRostersAndSeatHolders(manager, actor.memberId);
    const seats = await this.terms.currentSeats(manager, termLabel);
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
        'A co-chair approves or returns minutes only while the chair seat is vacant (and approves in place of a chair who drafted them)',
      );
    }
  }
}
