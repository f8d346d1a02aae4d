import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { AuditService } from '@council/audit';
import {
  ConflictError,
  NotFoundError,
  Page,
  PageRequest,
  alignById,
  assertOneOf,
  assertUuid,
  groupBy,
  CursorKind,
  buildPage,
  cursorPart,
  pageWindow,
} from '@council/core';
import { AccountsReason, SessionRevocation } from './domain/accounts.errors';
import { MemberEntity, MemberStatus } from './persistence/member.entity';
import { lockAdminChanges } from './domain/account-locks';
import { SessionService } from './domain/session.service';
import { InvitationsService } from './invitations.service';

// By name, then id: the cursor holds both.
export const MEMBER_CURSOR = new CursorKind('members', [cursorPart.text, cursorPart.id]);
const keyOfMember = (member: MemberEntity) => [member.fullName, member.id];

@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly invitations: InvitationsService,
  ) {}

  // `field` names the argument a malformed id came in (BAD_USER_INPUT names it).
  async findById(id: string, field = 'memberId'): Promise<MemberEntity | null> {
    return this.dataSource.getRepository(MemberEntity).findOneBy({ id: assertUuid(id, field) });
  }

  async getById(id: string, field = 'memberId'): Promise<MemberEntity> {
    const member = await this.findById(id, field);
    if (!member) throw new NotFoundError('Member');
    return member;
  }

  // For DataLoaders: one query for many ids, answers in the order asked. Plain SQL and a plain
  // mapping: it runs in nearly every request, where TypeORM's query building and hydration cost
  // more than the query.
  async findByIds(ids: readonly string[]): Promise<Array<MemberEntity | null>> {
    if (ids.length === 0) return [];
    const rows: MemberRow[] = await this.dataSource.query(
      `SELECT id, email, full_name, organization_id, status, is_admin, created_at, updated_at
         FROM member WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return alignById(ids, rows.map(memberOf), (member) => member.id);
  }

  async list(
    request: PageRequest,
    // An organisation's members are listed by listByOrganizations (Organization.members).
    filter: { status?: MemberStatus | null } = {},
  ): Promise<Page<MemberEntity>> {
    const window = pageWindow(request, MEMBER_CURSOR);
    const status = filter.status ? assertOneOf(MemberStatus, filter.status, 'status') : null;
    const members = this.dataSource.getRepository(MemberEntity);
    const total = await members.countBy(status ? { status } : {});
    // One row more than the page tells whether another follows (and is never LIMIT 0, which
    // TypeORM reads as no limit).
    const page = members
      .createQueryBuilder('m')
      .orderBy('m.full_name', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(window.limit + 1);
    if (status) page.andWhere('m.status = :status', { status });
    if (window.after) {
      const [fullName, id] = window.after;
      page.andWhere('(m.full_name, m.id) > (:fullName, CAST(:id AS uuid))', { fullName, id });
    }
    return buildPage(await page.getMany(), total, window, MEMBER_CURSOR, keyOfMember);
  }

  // The same page of members for several organisations in one query (for DataLoaders).
  async listByOrganizations(
    organizationIds: readonly string[],
    request: PageRequest,
  ): Promise<Array<Page<MemberEntity>>> {
    const window = pageWindow(request, MEMBER_CURSOR);
    if (organizationIds.length === 0) return [];
    // Each organisation's total counts all its members; its page, those after the cursor.
    const rows: Array<{ organization_id: string; total: number; id: string | null }> =
      await this.dataSource.query(
        `SELECT o.organization_id, o.total, page.id
           FROM (SELECT organization_id, count(*)::int AS total
                   FROM member WHERE organization_id = ANY($1::uuid[])
                  GROUP BY organization_id) o
           LEFT JOIN LATERAL (
             SELECT m.id, m.full_name FROM member m
              WHERE m.organization_id = o.organization_id
                AND ($2::text IS NULL OR (m.full_name, m.id) > ($2::text, $3::uuid))
              ORDER BY m.full_name, m.id
              LIMIT $4
           ) page ON true
          ORDER BY o.organization_id, page.full_name, page.id`,
        [organizationIds, window.after?.[0] ?? null, window.after?.[1] ?? null, window.limit + 1],
      );
    const members = await this.findByIds(rows.flatMap((row) => (row.id === null ? [] : [row.id])));
    const byId = new Map(
      members.filter((m): m is MemberEntity => m !== null).map((m) => [m.id, m]),
    );
    return groupBy(organizationIds, rows, (row) => row.organization_id).map((own) =>
      buildPage(
        own.flatMap((row) => (row.id === null ? [] : [byId.get(row.id)!])),
        own[0]?.total ?? 0,
        window,
        MEMBER_CURSOR,
        keyOfMember,
      ),
    );
  }

  async suspend(actorId: string, memberId: string): Promise<MemberEntity> {
    const id = assertUuid(memberId, 'memberId');
    if (id === actorId)
      throw new ConflictError(AccountsReason.CANNOT_SUSPEND_SELF, 'You cannot suspend yourself');
    return this.dataSource.transaction(async (manager) => {
      const member = await manager.findOne(MemberEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!member) throw new NotFoundError('Member');
      if (member.status === MemberStatus.SUSPENDED) {
        throw new ConflictError(
          AccountsReason.ALREADY_SUSPENDED,
          'The member is already suspended',
        );
      }
      if (member.isAdmin && member.status === MemberStatus.ACTIVE) {
        await this.assertAnotherActiveAdmin(manager, id);
      }
      const previous = member.status;
      member.status = MemberStatus.SUSPENDED;
      await manager.save(member);
      const endedSessions = await this.sessions.revokeAllSessions(
        manager,
        id,
        SessionRevocation.MEMBER_SUSPENDED,
      );
      // A leaked invitation must not come back with a later reactivation: that needs a new one.
      const expiredInvitations = await this.invitations.expirePending(manager, id);
      const expiredIssuedInvitations = await this.invitations.expireIssuedBy(manager, id);
      await this.audit.record(manager, {
        actorId,
        action: 'accounts.member_suspended',
        entityType: 'member',
        entityId: id,
        summary: {
          from: previous,
          // As changePassword's entry: the sessions it ended.
          endedSessions,
          ...(expiredInvitations ? { expiredInvitations } : {}),
          // The invitees, for the administrator to invite again.
          ...(expiredIssuedInvitations.length > 0 ? { expiredIssuedInvitations } : {}),
        },
      });
      return member;
    });
  }

  // The portal always keeps an active admin (nobody else can reactivate accounts). Admin
  // suspensions take one lock in turn, so two admins suspending each other at once cannot both
  // see the other still active.
  private async assertAnotherActiveAdmin(manager: EntityManager, leavingId: string): Promise<void> {
    await lockAdminChanges(manager);
    // Read after the lock: a suspension committed while waiting is seen (READ COMMITTED).
    const others = await manager.count(MemberEntity, {
      where: { isAdmin: true, status: MemberStatus.ACTIVE, id: Not(leavingId) },
    });
    if (others === 0) {
      throw new ConflictError(
        AccountsReason.LAST_ADMIN,
        'The last active admin cannot be suspended',
      );
    }
  }

  async reactivate(actorId: string, memberId: string): Promise<MemberEntity> {
    const id = assertUuid(memberId, 'memberId');
    return this.dataSource.transaction(async (manager) => {
      const member = await manager
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .addSelect('m.passwordHash')
        .setLock('pessimistic_write')
        .where('m.id = :id', { id })
        .getOne();
      if (!member) throw new NotFoundError('Member');
      if (member.status !== MemberStatus.SUSPENDED) {
        throw new ConflictError(
          AccountsReason.NOT_SUSPENDED,
          'Only a suspended member can be reactivated',
        );
      }
      // A member who never accepted the invitation goes back to waiting for it.
      const status = member.passwordHash ? MemberStatus.ACTIVE : MemberStatus.INVITED;
      await manager.update(MemberEntity, id, { status });
      await this.audit.record(manager, {
        actorId,
        action: 'accounts.member_reactivated',
        entityType: 'member',
        entityId: id,
        summary: { to: status },
      });
      const { passwordHash: _omit, ...rest } = member;
      return { ...rest, status } as MemberEntity;
    });
  }
}

interface MemberRow {
  id: string;
  email: string;
  full_name: string;
  organization_id: string;
  status: MemberStatus;
  is_admin: boolean;
  created_at: Date;
  updated_at: Date;
}

// The entity as TypeORM would hydrate it (the password hash is never selected).
function memberOf(row: MemberRow): MemberEntity {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    organizationId: row.organization_id,
    status: row.status,
    isAdmin: row.is_admin,
    passwordHash: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
