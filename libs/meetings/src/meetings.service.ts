import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { Permission, Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { AppConfig, canonicalTimeZone, isTimeZone } from '@council/config';
import {
  Clock,
  CursorKind,
  Page,
  PageRequest,
  alignById,
  assertOneOf,
  assertUuid,
  optionalUuid,
  cursorPart,
  pageWindow,
  requireText,
} from '@council/core';
import { instantKeysetPage } from '@council/database';
import { AgendaChangeKind, diffFields } from './domain/agenda-rules';
import { MEETING_LIMITS } from './domain/limits';
import {
  MeetingFormat,
  MeetingStatus,
  assertAnnouncedStartAhead,
  assertMeetingEditable,
  assertMeetingTransition,
} from './domain/meeting-lifecycle';
import {
  MeetingsReason,
  invalidField,
  meetingNotFound,
  meetingsConflict,
} from './domain/meetings.errors';
import { MinutesStatus } from './domain/minutes-lifecycle';
import { MeetingEntity } from './persistence/meeting.entity';
import {
  heldSummary,
  holdMeeting,
  lockMeeting,
  logAgendaChange,
  withdrawPresence,
  withdrawPresenceBeforeMeetingDay,
} from './persistence/meeting-store';

export interface ScheduleMeetingCommand {
  title: string;
  startsAt: Date;
  location: string;
  format: MeetingFormat;
  timeZone?: string | null;
}

export type UpdateMeetingCommand = Partial<ScheduleMeetingCommand>;

// The cursor holds the meeting's start and id, read in either order (MeetingOrder).
export const MEETING_CURSOR = new CursorKind('meetings', [cursorPart.instant, cursorPart.id]);

// The order of a list of meetings by their start: newest first by default; soonest first for the
// meetings ahead (from: now). A cursor holds its meeting's key, so it reads the same either way:
// the next page continues after that meeting in the order asked.
export enum MeetingOrder {
  STARTS_AT_DESC = 'STARTS_AT_DESC',
  STARTS_AT_ASC = 'STARTS_AT_ASC',
}

export interface MeetingsQuery extends PageRequest {
  order?: MeetingOrder | null;
  from?: Date | null;
  to?: Date | null;
  status?: readonly MeetingStatus[] | null;
  minutesStatus?: readonly MinutesStatus[] | null;
  // Only meetings with (true) or without (false) minutes the caller can read.
  hasMinutes?: boolean | null;
  // Only meetings whose agenda names this election.
  electionId?: string | null;
}

export function assertInstant(value: unknown, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalidField(field, MeetingsReason.INVALID_DATE, `${field} must be a date and time`);
  }
  return value;
}

// Who may see a meeting: the leadership sees drafts; members see a meeting once its agenda has
// been published (so a draft that was cancelled before publication stays out of their sight).
export function isMeetingVisibleTo(meeting: MeetingEntity, viewer: Principal): boolean {
  return viewer.can(Permission.VIEW_DRAFTS) || meeting.publishedAt !== null;
}

// The meeting's start in its own time zone, e.g. 2019-12-20T11:00:00.000+03:00.
export function localStartOf(meeting: Pick<MeetingEntity, 'startsAt' | 'timeZone'>): string {
  return DateTime.fromJSDate(meeting.startsAt, { zone: meeting.timeZone }).toISO()!;
}

// Scheduling, editing, cancelling and holding meetings; what a caller may see of them.
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  // null (or left out) is the council's zone; anything else must name a zone, stored with the
  // letter case of its IANA name (europe/moscow is Europe/Moscow), never swapped for an alias.
  private zone(value: string | null | undefined): string {
    if (value === null || value === undefined) return this.config.COUNCIL_TIME_ZONE;
    if (!isTimeZone(value)) {
      throw invalidField(
        'timeZone',
        MeetingsReason.INVALID_TIME_ZONE,
        'timeZone must be an IANA time zone such as Europe/Moscow',
      );
    }
    return canonicalTimeZone(value);
  }

  async schedule(actor: Principal, command: ScheduleMeetingCommand): Promise<MeetingEntity> {
    const fields = {
      title: requireText(command.title, 'title', MEETING_LIMITS.title),
      startsAt: assertInstant(command.startsAt, 'startsAt'),
      location: requireText(command.location, 'location', MEETING_LIMITS.location),
      format: assertOneOf(MeetingFormat, command.format, 'format'),
      timeZone: this.zone(command.timeZone),
    };
    return this.dataSource.transaction(async (manager) => {
      const meeting = manager.create(MeetingEntity, {
        ...fields,
        status: MeetingStatus.DRAFT,
        agendaRevision: 0,
        publishedAt: null,
        publishedBy: null,
        heldAt: null,
        cancelledAt: null,
        cancelledBy: null,
        cancellationReason: null,
        activeMembersAtStart: null,
        presentCount: 0,
        createdBy: actor.memberId,
      });
      await manager.save(meeting);
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.meeting_scheduled',
        entityType: 'meeting',
        entityId: meeting.id,
        // Ids and states only: the audit log's readers include ADMIN, who does not see drafts
        // (their title, time and reasons stay on the meeting, for those who may).
        summary: { format: meeting.format },
      });
      return meeting;
    });
  }

  async update(
    actor: Principal,
    id: string,
    command: UpdateMeetingCommand,
  ): Promise<MeetingEntity> {
    const meetingId = assertUuid(id, 'id');
    const next: Partial<Record<keyof ScheduleMeetingCommand, unknown>> = {};
    if (command.title !== undefined)
      next.title = requireText(command.title, 'title', MEETING_LIMITS.title);
    if (command.startsAt !== undefined) next.startsAt = assertInstant(command.startsAt, 'startsAt');
    if (command.location !== undefined)
      next.location = requireText(command.location, 'location', MEETING_LIMITS.location);
    if (command.format !== undefined)
      next.format = assertOneOf(MeetingFormat, command.format, 'format');
    if (command.timeZone !== undefined) next.timeZone = this.zone(command.timeZone);
    if (Object.keys(next).length === 0) {
      throw invalidField('input', MeetingsReason.EMPTY_UPDATE, 'nothing to change');
    }
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertMeetingEditable(meeting.status);
      assertAnnouncedStartAhead(meeting, next.startsAt as Date | undefined, this.clock.now());
      const comparable = (m: Partial<MeetingEntity>) => ({
        title: m.title ?? null,
        startsAt: m.startsAt ? m.startsAt.toISOString() : null,
        location: m.location ?? null,
        format: m.format ?? null,
        timeZone: m.timeZone ?? null,
      });
      const before = comparable(meeting);
      Object.assign(meeting, next);
      const changes = diffFields(before, comparable(meeting));
      if (changes.length === 0) return meeting;
      await manager.update(MeetingEntity, meeting.id, next as Partial<MeetingEntity>);
      const attendanceWithdrawn =
        before.startsAt !== comparable(meeting).startsAt
          ? await withdrawPresenceBeforeMeetingDay(manager, meeting, this.config.COUNCIL_TIME_ZONE)
          : [];
      const now = this.clock.now();
      const revision = await logAgendaChange(
        manager,
        meeting,
        { kind: AgendaChangeKind.MEETING_UPDATED, changes },
        actor.memberId,
        now,
      );
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.meeting_updated',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: {
          fields: changes.map((change) => change.field),
          revision,
          ...(attendanceWithdrawn.length > 0 ? { attendanceWithdrawn } : {}),
        },
      });
      return meeting;
    });
  }

  async cancel(actor: Principal, id: string, reasonText: string): Promise<MeetingEntity> {
    const meetingId = assertUuid(id, 'id');
    const reason = requireText(reasonText, 'reason', MEETING_LIMITS.reason);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertMeetingTransition(meeting.status, MeetingStatus.CANCELLED);
      const from = meeting.status;
      Object.assign(meeting, {
        status: MeetingStatus.CANCELLED,
        cancelledAt: this.clock.now(),
        cancelledBy: actor.memberId,
        cancellationReason: reason,
      });
      await manager.update(MeetingEntity, meeting.id, {
        status: meeting.status,
        cancelledAt: meeting.cancelledAt,
        cancelledBy: meeting.cancelledBy,
        cancellationReason: meeting.cancellationReason,
      });
      // Nobody attended a meeting that did not take place: presence recorded on its day before it
      // was called off goes, so it shows no quorum. Absences and excusals stay.
      const attendanceWithdrawn = await withdrawPresence(manager, meeting);
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.meeting_cancelled',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: { from, ...(attendanceWithdrawn.length > 0 ? { attendanceWithdrawn } : {}) },
      });
      return meeting;
    });
  }

  // The explicit way to HELD (recording attendance after the start does it too).
  async markHeld(actor: Principal, id: string): Promise<MeetingEntity> {
    const meetingId = assertUuid(id, 'id');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertMeetingTransition(meeting.status, MeetingStatus.HELD);
      const now = this.clock.now();
      if (now.getTime() < meeting.startsAt.getTime()) {
        throw meetingsConflict(
          MeetingsReason.MEETING_NOT_STARTED,
          'A meeting can be marked held only once it has started',
        );
      }
      const withdrawn = await holdMeeting(manager, meeting, now);
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.meeting_held',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: heldSummary(meeting, withdrawn),
      });
      return meeting;
    });
  }

  // NOT_FOUND for a missing id and for a meeting the caller may not see alike.
  async get(viewer: Principal, id: string): Promise<MeetingEntity> {
    const meeting = await this.dataSource
      .getRepository(MeetingEntity)
      .findOneBy({ id: assertUuid(id, 'id') });
    if (!meeting || !isMeetingVisibleTo(meeting, viewer)) throw meetingNotFound();
    return meeting;
  }

  // Newest first unless asked otherwise; from is inclusive, to exclusive.
  async list(viewer: Principal, query: MeetingsQuery): Promise<Page<MeetingEntity>> {
    const window = pageWindow(query, MEETING_CURSOR);
    const direction =
      assertOneOf(MeetingOrder, query.order ?? MeetingOrder.STARTS_AT_DESC, 'order') ===
      MeetingOrder.STARTS_AT_ASC
        ? 'ASC'
        : 'DESC';
    const from =
      query.from === null || query.from === undefined ? null : assertInstant(query.from, 'from');
    const to = query.to === null || query.to === undefined ? null : assertInstant(query.to, 'to');
    if (from && to && from.getTime() >= to.getTime()) {
      throw invalidField('to', MeetingsReason.INVALID_RANGE, 'to must be later than from');
    }
    const statuses = query.status?.map((status, index) =>
      assertOneOf(MeetingStatus, status, `status.${index}`),
    );
    const minutesStatuses = query.minutesStatus?.map((status, index) =>
      assertOneOf(MinutesStatus, status, `minutesStatus.${index}`),
    );
    const electionId = optionalUuid(query.electionId, 'electionId');
    const seesDrafts = viewer.can(Permission.VIEW_DRAFTS);
    // The meetings of the list, whatever page: for the page and for its total alike.
    const listed = (alias: string) => {
      const selection = this.dataSource.getRepository(MeetingEntity).createQueryBuilder(alias);
      if (from) selection.andWhere(`${alias}.starts_at >= :from`, { from });
      if (to) selection.andWhere(`${alias}.starts_at < :to`, { to });
      if (!seesDrafts) {
        selection.andWhere(`${alias}.published_at IS NOT NULL`);
      }
      // Only the states given: an empty list keeps no meeting (IN () is no SQL).
      if (statuses?.length) {
        selection.andWhere(`${alias}.status IN (:...statuses)`, { statuses });
      } else if (statuses) selection.andWhere('false');
      if (minutesStatuses) {
        // The minutes as the caller sees them: members read approved ones only, so for them a
        // meeting's minutes are APPROVED once a version was approved, and in no other state.
        const minutes = `SELECT 1 FROM minutes n WHERE n.meeting_id = ${alias}.id`;
        if (seesDrafts && minutesStatuses.length > 0) {
          selection.andWhere(`EXISTS (${minutes} AND n.status IN (:...minutesStatuses))`, {
            minutesStatuses,
          });
        } else if (!seesDrafts && minutesStatuses.includes(MinutesStatus.APPROVED)) {
          selection.andWhere(`EXISTS (${minutes} AND n.approved_version IS NOT NULL)`);
        } else selection.andWhere('false');
      }
      if (typeof query.hasMinutes === 'boolean') {
        // As the caller reads them: members, once a version was approved.
        const readable = `SELECT 1 FROM minutes r WHERE r.meeting_id = ${alias}.id${
          seesDrafts ? '' : ' AND r.approved_version IS NOT NULL'
        }`;
        selection.andWhere(`${query.hasMinutes ? '' : 'NOT '}EXISTS (${readable})`);
      }
      if (electionId) {
        selection.andWhere(
          `EXISTS (SELECT 1 FROM agenda_item e WHERE e.meeting_id = ${alias}.id AND e.election_id = :electionId)`,
          { electionId },
        );
      }
      return selection;
    };
    return instantKeysetPage(listed, {
      alias: 'm',
      instantColumn: 'starts_at',
      direction,
      window,
      kind: MEETING_CURSOR,
    });
  }

  // For DataLoaders (an action item's meeting): answers in the order asked.
  async findByIds(ids: readonly string[]): Promise<Array<MeetingEntity | null>> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(MeetingEntity).findBy({ id: Any([...ids]) });
    return alignById(ids, rows, (row) => row.id);
  }
}
