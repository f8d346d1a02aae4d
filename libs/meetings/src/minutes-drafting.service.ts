import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { AppConfig } from '@council/config';
import { Clock, assertUuid } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { attendanceRecord } from './domain/attendance-rules';
import { isFollowedUp } from './domain/action-item-rules';
import { MeetingStatus } from './domain/meeting-lifecycle';
import {
  MeetingsReason,
  StaleVersionError,
  meetingsConflict,
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
import { MinutesDocument, minutesContentHash, newMinutesNonce } from './domain/minutes-document';
import {
  NormalizedItem,
  SaveMinutesCommand,
  actionItemsOf,
  assertBaseVersion,
  buildMinutesDocument,
  calendarDateIn,
  normalizeMinutesItems,
} from './domain/minutes-rules';
import { MinutesView, minutesView } from './domain/minutes-view';
import { ActionItemEntity } from './persistence/action-item.entity';
import { AgendaItemEntity } from './persistence/agenda-item.entity';
import { AttendanceEntity } from './persistence/attendance.entity';
import { MeetingEntity } from './persistence/meeting.entity';
import { MinutesVersionEntity } from './persistence/minutes-version.entity';
import { MinutesEntity } from './persistence/minutes.entity';
import { lockMeeting } from './persistence/meeting-store';
import { currentVersionOf, lockMinutesIfAny } from './persistence/minutes-store';

// Drafting the minutes of a held meeting: every save a new version, on the version it names as
// its base; after approval, amendments. Commands answer with the leadership's view.
@Injectable()
export class MinutesDraftingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  save(actor: Principal, command: SaveMinutesCommand): Promise<MinutesView> {
    return this.write(actor, command, false);
  }

  // After approval: a new version that needs approval again (the approved one stays readable).
  amend(actor: Principal, command: SaveMinutesCommand): Promise<MinutesView> {
    return this.write(actor, command, true);
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
        throw new StaleVersionError(
          'The minutes were changed meanwhile: reload the latest version',
          null,
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
    for (const row of tracked) if (isFollowedUp(row)) carry(row.id, row.assigneeId);
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
      nonce: newMinutesNonce(),
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
    // Only if the lock were bypassed (the version was checked under it): which version is now
    // current is not known here.
    if (result.affected !== 1) {
      throw new StaleVersionError(
        'The minutes were changed meanwhile: reload the latest version',
        null,
      );
    }
    existing.currentVersion = baseVersion + 1;
    existing.status = status;
    return existing;
  }
}
