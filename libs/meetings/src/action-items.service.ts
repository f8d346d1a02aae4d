import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, EntityManager, IsNull } from 'typeorm';
import { Permission, Principal } from '@council/access';
import { MemberStatus, lockMembers } from '@council/accounts';
import { AuditService } from '@council/audit';
import { AppConfig } from '@council/config';
import {
  Clock,
  CursorKind,
  Page,
  PageRequest,
  alignById,
  assertOneOf,
  assertUuid,
  buildPage,
  cursorPart,
  optionalUuid,
  pageWindow,
} from '@council/core';
import { ActionItemStatus, isOverdue } from './domain/action-item-rules';
import {
  MeetingsReason,
  actionItemNotFound,
  meetingsConflict,
  meetingsForbidden,
} from './domain/meetings.errors';
import { MinutesDocument } from './domain/minutes-document';
import { calendarDateIn } from './domain/minutes-rules';
import { ActionItemEntity } from './persistence/action-item.entity';

// A member's list stays bounded; older done items remain readable in the minutes.
const MY_ACTION_ITEMS_LIMIT = 500;

// In trackApproved's upsert: a tracked item kept by the approved version with the same assignee.
const KEPT_AS_IT_WAS =
  'action_item.withdrawn_in_version IS NULL AND action_item.assignee_id = EXCLUDED.assignee_id';

// Soonest due first, then by id: the cursor holds both.
export const ACTION_ITEM_CURSOR = new CursorKind('actionItems', [cursorPart.date, cursorPart.id]);
const keyOfActionItem = (item: ActionItemEntity) => [item.dueOn, item.id];

export interface ActionItemsFilter {
  statuses?: readonly ActionItemStatus[] | null;
  assigneeId?: string | null;
}

// Action items decided in approved minutes, followed up by their assignees.
@Injectable()
export class ActionItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  // Open and in-progress first (soonest due first), then done ones. Cut short, the list keeps the
  // open items and the ones done most recently (older done items remain readable in the minutes).
  async mine(actor: Principal): Promise<ActionItemEntity[]> {
    const kept = await this.dataSource
      .getRepository(ActionItemEntity)
      .createQueryBuilder('a')
      .where('a.assignee_id = :memberId AND a.withdrawn_in_version IS NULL', {
        memberId: actor.memberId,
      })
      .orderBy(`CASE WHEN a.status = 'DONE' THEN 1 ELSE 0 END`, 'ASC')
      .addOrderBy(`CASE WHEN a.status = 'DONE' THEN a.status_changed_at END`, 'DESC', 'NULLS LAST')
      .addOrderBy(`CASE WHEN a.status = 'DONE' THEN a.due_on END`, 'DESC', 'NULLS LAST')
      .addOrderBy('a.due_on', 'ASC')
      .addOrderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(MY_ACTION_ITEMS_LIMIT)
      .getMany();
    // The done ones back in the list's order: soonest due first (dueOn is YYYY-MM-DD).
    const done = kept
      .filter((item) => item.status === ActionItemStatus.DONE)
      .sort(
        (a, b) =>
          a.dueOn.localeCompare(b.dueOn) ||
          a.createdAt.getTime() - b.createdAt.getTime() ||
          a.id.localeCompare(b.id),
      );
    return [...kept.filter((item) => item.status !== ActionItemStatus.DONE), ...done];
  }

  // Every action item of approved minutes (what members read there anyway), for the secretary's
  // follow-up: soonest due first, by status and assignee when asked.
  async list(
    request: PageRequest,
    filter: ActionItemsFilter = {},
  ): Promise<Page<ActionItemEntity>> {
    const window = pageWindow(request, ACTION_ITEM_CURSOR);
    const statuses = filter.statuses?.map((status, index) =>
      assertOneOf(ActionItemStatus, status, `status.${index}`),
    );
    const assigneeId = optionalUuid(filter.assigneeId, 'assigneeId');
    const matching = () => {
      const query = this.dataSource
        .getRepository(ActionItemEntity)
        .createQueryBuilder('a')
        .where('a.withdrawn_in_version IS NULL');
      // Only the states given: an empty list keeps no item (IN () is no SQL).
      if (statuses?.length) query.andWhere('a.status IN (:...statuses)', { statuses });
      else if (statuses) query.andWhere('false');
      if (assigneeId) query.andWhere('a.assignee_id = :assigneeId', { assigneeId });
      return query;
    };
    const total = await matching().getCount();
    // One row more than the page tells whether another follows (never LIMIT 0: TypeORM reads
    // that as no limit).
    const page = matching()
      .orderBy('a.due_on', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(window.limit + 1);
    if (window.after) {
      const [dueOn, id] = window.after;
      page.andWhere('(a.due_on, a.id) > (CAST(:dueOn AS date), CAST(:id AS uuid))', { dueOn, id });
    }
    return buildPage(await page.getMany(), total, window, ACTION_ITEM_CURSOR, keyOfActionItem);
  }

  // The assignee follows up their own items; the secretary may update anyone's.
  async update(actor: Principal, id: string, status: ActionItemStatus): Promise<ActionItemEntity> {
    const itemId = assertUuid(id, 'id');
    assertOneOf(ActionItemStatus, status, 'status');
    return this.dataSource.transaction(async (manager) => {
      const item = await manager.findOne(ActionItemEntity, {
        where: { id: itemId, withdrawnInVersion: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!item) throw actionItemNotFound();
      if (item.assigneeId !== actor.memberId && !actor.can(Permission.UPDATE_ANY_ACTION_ITEM)) {
        throw meetingsForbidden(
          MeetingsReason.NOT_ASSIGNEE,
          'Only the assignee or the secretary can update an action item',
        );
      }
      if (item.status === status) return item;
      const from = item.status;
      Object.assign(item, {
        status,
        statusChangedBy: actor.memberId,
        statusChangedAt: this.clock.now(),
      });
      await manager.update(ActionItemEntity, item.id, {
        status: item.status,
        statusChangedBy: item.statusChangedBy,
        statusChangedAt: item.statusChangedAt,
      });
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: 'meetings.action_item_updated',
        entityType: 'action_item',
        entityId: item.id,
        summary: { meetingId: item.meetingId, from, to: status },
      });
      return item;
    });
  }

  isOverdue(item: Pick<ActionItemEntity, 'status' | 'dueOn'>): boolean {
    return isOverdue(item, calendarDateIn(this.clock.now(), this.config.COUNCIL_TIME_ZONE));
  }

  // For DataLoaders: the tracked state of action items named in minutes.
  async findByIds(ids: readonly string[]): Promise<Array<ActionItemEntity | null>> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(ActionItemEntity)
      .findBy({ id: Any([...ids]) });
    return alignById(ids, rows, (row) => row.id);
  }

  // The save checked the assignees (MinutesDraftingService), but one may have been suspended since: an
  // item new to the tracked ones, handed to someone else, or brought back after its withdrawal
  // goes to an active member, checked again under FOR SHARE (before the approval's audit entry).
  private async assertGivenToActiveMembers(
    manager: EntityManager,
    meetingId: string,
    rows: ReadonlyArray<{ id: string; assigneeId: string }>,
  ): Promise<void> {
    const given: Array<{ assignee_id: string }> = await manager.query(
      `SELECT u.assignee_id FROM unnest($2::uuid[], $3::uuid[]) AS u(id, assignee_id)
        WHERE NOT EXISTS (SELECT 1 FROM action_item t
                           WHERE t.id = u.id AND t.meeting_id = $1
                             AND t.withdrawn_in_version IS NULL
                             AND t.assignee_id = u.assignee_id)`,
      [meetingId, rows.map((row) => row.id), rows.map((row) => row.assigneeId)],
    );
    const inactive = (
      await lockMembers(
        manager,
        given.map((row) => row.assignee_id),
      )
    ).filter((member) => member.status !== MemberStatus.ACTIVE);
    if (inactive.length > 0) {
      throw meetingsConflict(
        MeetingsReason.MEMBER_NOT_ACTIVE,
        `An action item goes to ${inactive.map((member) => member.fullName).join(', ')}, whose account is not active: return the minutes to correct it`,
      );
    }
  }

  // Inside the approval's transaction: the approved version's action items become tracked (new
  // ones OPEN; kept ones keep their status, with the approved text, unless handed to someone
  // else); items an amendment dropped are withdrawn.
  async trackApproved(
    manager: EntityManager,
    meetingId: string,
    document: MinutesDocument,
  ): Promise<{ tracked: number; withdrawn: string[]; reopened: string[] }> {
    const rows = document.items.flatMap((item) =>
      item.actionItems.map((action) => ({ ...action, agendaItemId: item.agendaItemId })),
    );
    let reopened: string[] = [];
    if (rows.length > 0) {
      // The tracked items kept by this version, locked first: an assignee's status change under
      // way is waited for, so the items it hands over are read with the status they will lose.
      await manager.query(
        `SELECT id FROM action_item WHERE meeting_id = $1 AND id = ANY($2::uuid[])
          ORDER BY id FOR UPDATE`,
        [meetingId, rows.map((row) => row.id)],
      );
      await this.assertGivenToActiveMembers(manager, meetingId, rows);
      // Items in progress or done that the approval gives anew (handed to someone else, or
      // brought back after their withdrawal): exactly the rows the upsert below sets to OPEN, those
      // not KEPT_AS_IT_WAS.
      const handedOver: Array<{ id: string }> = await manager.query(
        `SELECT t.id FROM action_item t
           JOIN unnest($2::uuid[], $3::uuid[]) AS u(id, assignee_id) ON u.id = t.id
          WHERE t.meeting_id = $1 AND t.status <> 'OPEN'
            AND (t.withdrawn_in_version IS NOT NULL OR t.assignee_id <> u.assignee_id)
          ORDER BY t.id`,
        [meetingId, rows.map((row) => row.id), rows.map((row) => row.assigneeId)],
      );
      reopened = handedOver.map((row) => row.id);
      // The WHERE keeps an id from ever moving an action item of another meeting.
      await manager.query(
        `INSERT INTO action_item (id, meeting_id, agenda_item_id, title, assignee_id, due_on, since_version)
         SELECT u.id, $1, u.agenda_item_id, u.title, u.assignee_id, u.due_on, $2
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::date[])
                AS u(id, agenda_item_id, title, assignee_id, due_on)
         ON CONFLICT (id) DO UPDATE
            SET agenda_item_id = EXCLUDED.agenda_item_id, title = EXCLUDED.title,
                assignee_id = EXCLUDED.assignee_id, due_on = EXCLUDED.due_on,
                -- An item withdrawn and brought back, or handed to someone else, is given anew:
                -- open again, from this version (another member's task was not done by the first).
                status = CASE WHEN ${KEPT_AS_IT_WAS} THEN action_item.status ELSE 'OPEN' END,
                status_changed_by = CASE WHEN ${KEPT_AS_IT_WAS} THEN action_item.status_changed_by END,
                status_changed_at = CASE WHEN ${KEPT_AS_IT_WAS} THEN action_item.status_changed_at END,
                since_version = CASE WHEN ${KEPT_AS_IT_WAS}
                                     THEN action_item.since_version ELSE EXCLUDED.since_version END,
                withdrawn_in_version = NULL, updated_at = now()
          WHERE action_item.meeting_id = EXCLUDED.meeting_id`,
        [
          meetingId,
          document.version,
          rows.map((row) => row.id),
          rows.map((row) => row.agendaItemId),
          rows.map((row) => row.title),
          rows.map((row) => row.assigneeId),
          rows.map((row) => row.dueOn),
        ],
      );
    }
    // The ids, for the approval's audit entry: which items stop being followed up.
    const withdrawn: Array<{ id: string }> = await manager.query(
      `WITH withdrawn AS (
         UPDATE action_item SET withdrawn_in_version = $2, updated_at = now()
          WHERE meeting_id = $1 AND withdrawn_in_version IS NULL AND NOT (id = ANY($3::uuid[]))
         RETURNING id)
       SELECT id FROM withdrawn ORDER BY id`,
      [meetingId, document.version, rows.map((row) => row.id)],
    );
    return { tracked: rows.length, withdrawn: withdrawn.map((row) => row.id), reopened };
  }
}
