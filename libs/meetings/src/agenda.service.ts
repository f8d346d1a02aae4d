import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { isForeignKeyViolation } from '@council/database';
import { Principal } from '@council/access';
import { AuditService } from '@council/audit';
import {
  Clock,
  CursorKind,
  Page,
  PageRequest,
  assertOneOf,
  assertUuid,
  optionalUuid,
  buildPage,
  cursorPart,
  groupBy,
  pageWindow,
  requireText,
  optionalText,
} from '@council/core';
import {
  AgendaChangeKind,
  AgendaItemKind,
  assertCompleteOrder,
  assertDuration,
  assertElectionLink,
  diffFields,
} from './domain/agenda-rules';
import { MEETING_LIMITS } from './domain/limits';
import {
  MeetingStatus,
  assertAgendaEditable,
  assertMeetingTransition,
} from './domain/meeting-lifecycle';
import {
  MeetingsReason,
  agendaItemNotFound,
  invalidField,
  meetingsConflict,
} from './domain/meetings.errors';
import { AgendaChangeEntity } from './persistence/agenda-change.entity';
import { AgendaItemEntity } from './persistence/agenda-item.entity';
import { MeetingEntity } from './persistence/meeting.entity';
import { lockMeeting, logAgendaChange } from './persistence/meeting-store';

// A meeting's changes are read oldest first, by revision (one change per revision).
export const AGENDA_CHANGE_CURSOR = new CursorKind('agendaChanges', [cursorPart.integer]);

export interface AddAgendaItemCommand {
  meetingId: string;
  title: string;
  description?: string | null;
  presenterId: string;
  durationMinutes: number;
  kind: AgendaItemKind;
  // An ELECTION item's election, if it names one.
  electionId?: string | null;
}

// undefined leaves a field as it is; null clears the description or the election.
export interface UpdateAgendaItemCommand {
  title?: string;
  description?: string | null;
  presenterId?: string | null;
  durationMinutes?: number;
  kind?: AgendaItemKind;
  electionId?: string | null;
}

// DOMAIN.md: every agenda item has a presenter (a member).
function assertPresenterId(value: string | null | undefined): string {
  if (value === null || value === undefined) {
    throw invalidField(
      'presenterId',
      MeetingsReason.PRESENTER_REQUIRED,
      'an agenda item needs a presenter',
    );
  }
  return assertUuid(value, 'presenterId');
}

const comparable = (item: Partial<AgendaItemEntity>) => ({
  title: item.title ?? null,
  description: item.description ?? null,
  presenterId: item.presenterId ?? null,
  durationMinutes: item.durationMinutes ?? null,
  kind: item.kind ?? null,
  electionId: item.electionId ?? null,
});

// The foreign key answers for the election's existence (elections are never deleted): no lookup
// of our own in the elections' tables, and no window between a check and the write.
function unknownElectionOr(error: unknown): never {
  if (isForeignKeyViolation(error, 'fk_agenda_item_election')) {
    throw invalidField('electionId', MeetingsReason.UNKNOWN_ELECTION, 'no such election');
  }
  throw error;
}

const numberedTitles = (items: AgendaItemEntity[]) =>
  items.map((item, index) => `${index + 1}. ${item.title}`).join('\n');

// The agenda of a meeting: ordered items, publication, and the list of changes made after it.
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async add(actor: Principal, command: AddAgendaItemCommand): Promise<AgendaItemEntity> {
    const meetingId = assertUuid(command.meetingId, 'meetingId');
    const fields = {
      title: requireText(command.title, 'title', MEETING_LIMITS.title),
      description: optionalText(command.description, 'description', MEETING_LIMITS.description),
      presenterId: assertPresenterId(command.presenterId),
      durationMinutes: assertDuration(command.durationMinutes),
      kind: assertOneOf(AgendaItemKind, command.kind, 'kind'),
      electionId: optionalUuid(command.electionId, 'electionId'),
    };
    assertElectionLink(fields.kind, fields.electionId);
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertAgendaEditable(meeting.status);
      const items = await manager.count(AgendaItemEntity, { where: { meetingId } });
      if (items >= MEETING_LIMITS.agendaItems) {
        throw meetingsConflict(
          MeetingsReason.AGENDA_FULL,
          `An agenda holds at most ${MEETING_LIMITS.agendaItems} items`,
        );
      }
      await this.assertPresenter(manager, fields.presenterId);
      const item = manager.create(AgendaItemEntity, { ...fields, meetingId, position: items + 1 });
      await manager.save(item).catch(unknownElectionOr);
      const revision = await logAgendaChange(
        manager,
        meeting,
        {
          kind: AgendaChangeKind.ITEM_ADDED,
          agendaItemId: item.id,
          itemTitle: item.title,
          changes: diffFields(comparable({}), comparable(item)),
        },
        actor.memberId,
        this.clock.now(),
      );
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.agenda_item_added',
        entityType: 'meeting',
        entityId: meetingId,
        // The presenter too (a member, not free text: a title stays out, as for meetings).
        summary: {
          agendaItemId: item.id,
          position: item.position,
          presenterId: item.presenterId,
          ...(item.electionId ? { electionId: item.electionId } : {}),
          revision,
        },
      });
      return item;
    });
  }

  async update(
    actor: Principal,
    id: string,
    command: UpdateAgendaItemCommand,
  ): Promise<AgendaItemEntity> {
    const itemId = assertUuid(id, 'id');
    const next: Partial<AgendaItemEntity> = {};
    if (command.title !== undefined)
      next.title = requireText(command.title, 'title', MEETING_LIMITS.title);
    if (command.description !== undefined)
      next.description = optionalText(
        command.description,
        'description',
        MEETING_LIMITS.description,
      );
    if (command.presenterId !== undefined)
      next.presenterId = assertPresenterId(command.presenterId);
    if (command.durationMinutes !== undefined)
      next.durationMinutes = assertDuration(command.durationMinutes);
    if (command.kind !== undefined) next.kind = assertOneOf(AgendaItemKind, command.kind, 'kind');
    if (command.electionId !== undefined)
      next.electionId = optionalUuid(command.electionId, 'electionId');
    if (Object.keys(next).length === 0) {
      throw invalidField('input', MeetingsReason.EMPTY_UPDATE, 'nothing to change');
    }
    return this.dataSource.transaction(async (manager) => {
      const { item, meeting } = await this.lockItem(manager, itemId);
      assertAgendaEditable(meeting.status);
      if (next.presenterId && next.presenterId !== item.presenterId) {
        await this.assertPresenter(manager, next.presenterId);
      }
      const before = comparable(item);
      Object.assign(item, next);
      assertElectionLink(item.kind, item.electionId, 'electionId' in next ? 'electionId' : 'kind');
      const changes = diffFields(before, comparable(item));
      if (changes.length === 0) return item;
      await manager.update(AgendaItemEntity, item.id, next).catch(unknownElectionOr);
      const revision = await logAgendaChange(
        manager,
        meeting,
        {
          kind: AgendaChangeKind.ITEM_UPDATED,
          agendaItemId: item.id,
          itemTitle: item.title,
          changes,
        },
        actor.memberId,
        this.clock.now(),
      );
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.agenda_item_updated',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: {
          agendaItemId: item.id,
          fields: changes.map((c) => c.field),
          ...(changes.some((c) => c.field === 'presenterId')
            ? { presenterId: item.presenterId }
            : {}),
          ...(changes.some((c) => c.field === 'electionId') ? { electionId: item.electionId } : {}),
          revision,
        },
      });
      return item;
    });
  }

  async remove(actor: Principal, id: string): Promise<MeetingEntity> {
    const itemId = assertUuid(id, 'id');
    return this.dataSource.transaction(async (manager) => {
      const { item, meeting } = await this.lockItem(manager, itemId);
      assertAgendaEditable(meeting.status);
      if (
        meeting.status !== MeetingStatus.DRAFT &&
        (await manager.count(AgendaItemEntity, { where: { meetingId: meeting.id } })) === 1
      ) {
        throw meetingsConflict(
          MeetingsReason.AGENDA_EMPTY,
          'A published agenda keeps at least one item',
        );
      }
      await manager.delete(AgendaItemEntity, item.id);
      // Close the gap in one statement (the position key is checked at its end).
      await manager.query(
        'UPDATE agenda_item SET position = position - 1 WHERE meeting_id = $1 AND position > $2',
        [meeting.id, item.position],
      );
      const revision = await logAgendaChange(
        manager,
        meeting,
        {
          kind: AgendaChangeKind.ITEM_REMOVED,
          agendaItemId: item.id,
          itemTitle: item.title,
          changes: diffFields(comparable(item), comparable({})),
        },
        actor.memberId,
        this.clock.now(),
      );
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.agenda_item_removed',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: { agendaItemId: item.id, revision },
      });
      return meeting;
    });
  }

  async reorder(
    actor: Principal,
    meetingIdInput: string,
    itemIds: string[],
  ): Promise<MeetingEntity> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    if (!Array.isArray(itemIds) || itemIds.length > MEETING_LIMITS.agendaItems) {
      throw invalidField(
        'itemIds',
        MeetingsReason.AGENDA_ORDER_MISMATCH,
        'itemIds must list every item of the agenda exactly once',
      );
    }
    itemIds.forEach((itemId, index) => assertUuid(itemId, `itemIds.${index}`));
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertAgendaEditable(meeting.status);
      const items = await manager.find(AgendaItemEntity, {
        where: { meetingId },
        order: { position: 'ASC' },
      });
      const order = assertCompleteOrder(
        items.map((item) => item.id),
        itemIds,
      );
      if (order.every((itemId, index) => items[index].id === itemId)) return meeting;
      await manager.query(
        `UPDATE agenda_item AS a SET position = o.position, updated_at = now()
           FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, position)
          WHERE a.id = o.id AND a.meeting_id = $1`,
        [meetingId, order],
      );
      const byId = new Map(items.map((item) => [item.id, item]));
      const reordered = order.map((itemId) => byId.get(itemId)!);
      const revision = await logAgendaChange(
        manager,
        meeting,
        {
          kind: AgendaChangeKind.AGENDA_REORDERED,
          changes: [{ field: 'order', from: numberedTitles(items), to: numberedTitles(reordered) }],
        },
        actor.memberId,
        this.clock.now(),
      );
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.agenda_reordered',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: { order, revision },
      });
      return meeting;
    });
  }

  // DRAFT → PUBLISHED: every member can now see the meeting and its agenda (revision 1).
  async publish(actor: Principal, meetingIdInput: string): Promise<MeetingEntity> {
    const meetingId = assertUuid(meetingIdInput, 'meetingId');
    return this.dataSource.transaction(async (manager) => {
      const meeting = await lockMeeting(manager, meetingId);
      assertMeetingTransition(meeting.status, MeetingStatus.PUBLISHED);
      const agenda = await manager.find(AgendaItemEntity, {
        where: { meetingId },
        select: { id: true, position: true, presenterId: true },
        order: { position: 'ASC' },
      });
      const items = agenda.length;
      if (items === 0) {
        throw meetingsConflict(MeetingsReason.AGENDA_EMPTY, 'An empty agenda cannot be published');
      }
      // Presenters were active when their items were added; one suspended since would be announced
      // to every member as presenting (FOR SHARE, as when an item is added).
      const presenters = await lockMembers(manager, [
        ...new Set(agenda.flatMap((item) => (item.presenterId ? [item.presenterId] : []))),
      ]);
      const away = new Set(
        presenters.filter((member) => member.status !== MemberStatus.ACTIVE).map((m) => m.id),
      );
      const awayItems = agenda.filter((item) => item.presenterId && away.has(item.presenterId));
      if (awayItems.length > 0) {
        throw meetingsConflict(
          MeetingsReason.MEMBER_NOT_ACTIVE,
          `The presenter of item ${awayItems.map((item) => item.position).join(', ')} is no longer an active member: choose another presenter before publishing`,
        );
      }
      Object.assign(meeting, {
        status: MeetingStatus.PUBLISHED,
        publishedAt: this.clock.now(),
        publishedBy: actor.memberId,
        agendaRevision: 1,
      });
      await manager.update(MeetingEntity, meeting.id, {
        status: meeting.status,
        publishedAt: meeting.publishedAt,
        publishedBy: meeting.publishedBy,
        agendaRevision: meeting.agendaRevision,
      });
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.agenda_published',
        entityType: 'meeting',
        entityId: meeting.id,
        summary: { items, revision: 1 },
      });
      return meeting;
    });
  }

  // Batched for DataLoaders: the agendas of several meetings in one query, in order. Plain SQL
  // and a plain mapping: a page of 100 meetings reads 2,000 items, and TypeORM's hydration would
  // cost more than the query itself.
  async itemsOf(meetingIds: readonly string[]): Promise<AgendaItemView[][]> {
    if (meetingIds.length === 0) return [];
    const rows: AgendaItemRow[] = await this.dataSource.query(
      `SELECT id, meeting_id, position, title, description, presenter_id, duration_minutes, kind,
              election_id
         FROM agenda_item WHERE meeting_id = ANY($1::uuid[]) ORDER BY meeting_id, position`,
      [meetingIds],
    );
    return groupBy(meetingIds, rows.map(agendaItemOf), (item) => item.meetingId);
  }

  // Each meeting's changes in the order they were made, a page per meeting: the total counts them
  // all, the page those after the cursor's revision (a meeting with none left has one row, id null).
  async changesOf(
    meetingIds: readonly string[],
    request: PageRequest,
  ): Promise<Array<Page<AgendaChangeEntity>>> {
    const window = pageWindow(request, AGENDA_CHANGE_CURSOR);
    if (meetingIds.length === 0) return [];
    const rows: Array<AgendaChangeEntity & { total: number }> = await this.dataSource.query(
      `SELECT c.meeting_id AS "meetingId", c.total, page.id, page.revision, page.kind,
              page.agenda_item_id AS "agendaItemId", page.item_title AS "itemTitle",
              page.changes, page.changed_by AS "changedBy", page.changed_at AS "changedAt"
         FROM (SELECT meeting_id, count(*)::int AS total
                 FROM agenda_change WHERE meeting_id = ANY($1::uuid[])
                GROUP BY meeting_id) c
         LEFT JOIN LATERAL (
           SELECT * FROM agenda_change a
            WHERE a.meeting_id = c.meeting_id AND ($2::int IS NULL OR a.revision > $2::int)
            ORDER BY a.revision
            LIMIT $3
         ) page ON true
        ORDER BY c.meeting_id, page.revision`,
      [meetingIds, window.after === null ? null : Number(window.after[0]), window.limit + 1],
    );
    return groupBy(meetingIds, rows, (row) => row.meetingId).map((own) =>
      buildPage(
        own.flatMap(({ total: _total, ...change }) => (change.id === null ? [] : [change])),
        own[0]?.total ?? 0,
        window,
        AGENDA_CHANGE_CURSOR,
        (change) => [String(change.revision)],
      ),
    );
  }

  // Locks the item's meeting first (the order every meeting command takes its locks in), then
  // reads the item again under that lock.
  private async lockItem(manager: EntityManager, itemId: string) {
    const found = await manager.findOne(AgendaItemEntity, {
      where: { id: itemId },
      select: { id: true, meetingId: true },
    });
    if (!found) throw agendaItemNotFound();
    const meeting = await lockMeeting(manager, found.meetingId);
    const item = await manager.findOneBy(AgendaItemEntity, { id: itemId });
    if (!item) throw agendaItemNotFound();
    return { item, meeting };
  }

  private async assertPresenter(manager: EntityManager, presenterId: string): Promise<void> {
    // FOR SHARE: a suspension under way is waited for, not raced (as for action items' assignees).
    const [presenter] = await lockMembers(manager, [presenterId]);
    if (!presenter) {
      throw invalidField('presenterId', MeetingsReason.UNKNOWN_MEMBER, 'no such member');
    }
    if (presenter.status !== MemberStatus.ACTIVE) {
      throw invalidField(
        'presenterId',
        MeetingsReason.MEMBER_NOT_ACTIVE,
        'the presenter must be an active member',
      );
    }
  }
}

// An agenda item as the agenda shows it: without its bookkeeping dates (2,000 items would be 4,000
// dates to parse for nothing).
export type AgendaItemView = Omit<AgendaItemEntity, 'createdAt' | 'updatedAt'>;

interface AgendaItemRow {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  description: string | null;
  presenter_id: string | null;
  duration_minutes: number;
  kind: AgendaItemKind;
  election_id: string | null;
}

function agendaItemOf(row: AgendaItemRow): AgendaItemView {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    position: row.position,
    title: row.title,
    description: row.description,
    presenterId: row.presenter_id,
    durationMinutes: row.duration_minutes,
    kind: row.kind,
    electionId: row.election_id,
  };
}
