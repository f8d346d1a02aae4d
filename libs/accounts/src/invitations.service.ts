import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import {
  Clock,
  ConflictError,
  ValidationError,
  assertUuid,
  randomToken,
  sha256Hex,
  UnauthenticatedError,
  requireName,
} from '@council/core';
import { isUniqueViolation } from '@council/database';
import { AccountsReason } from './domain/accounts.errors';
import { InvitationEntity } from './persistence/invitation.entity';
import { MemberEntity, MemberStatus } from './persistence/member.entity';
import { OrganizationEntity } from './persistence/organization.entity';
import { assertEmail } from './domain/email';
import { PasswordHasher, assertNewPassword } from './domain/password-hasher';
import { SessionService, SessionTokens } from './domain/session.service';
import { lockAdminChanges, lockInvitationsOf, lockMembers } from './domain/account-locks';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InviteMemberCommand {
  email: string;
  fullName: string;
  organizationId: string;
}

// Who invites; the permission to re-issue another's invitation is the caller's to work out
// (REISSUE_ANY_INVITATION in the access library's table, which lies above this one).
export interface Inviter {
  memberId: string;
  mayReissueAnyInvitation: boolean;
}

// What the page that accepts an invitation shows before a password is chosen.
export interface InvitationPreview {
  fullName: string;
  email: string;
  organization: { name: string; shortName: string };
  expiresAt: Date;
}

export interface IssuedInvitation {
  token: string;
  expiresAt: Date;
  member: MemberEntity;
}

export const EMAIL_TAKEN = () =>
  new ConflictError(AccountsReason.EMAIL_TAKEN, 'A member with this e-mail already exists', {
    email: ['a member with this e-mail already exists'],
  });
const INVALID_INVITATION = () =>
  new UnauthenticatedError(
    AccountsReason.INVALID_INVITATION,
    'This invitation is invalid, used or expired',
  );

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  // A new member; or, for a member who is still INVITED (the invitation ran out or was lost), a
  // fresh invitation that replaces the earlier ones. An ACTIVE or SUSPENDED member's e-mail is taken.
  async invite(inviter: Inviter, command: InviteMemberCommand): Promise<IssuedInvitation> {
    const email = assertEmail(command.email);
    const fullName = requireName(command.fullName, 'fullName', 200);
    const organizationId = assertUuid(command.organizationId, 'organizationId');
    try {
      return await this.dataSource.transaction(async (manager) => {
        // One invitation of an address at a time: a double submit of a new address waits here and
        // then re-issues, instead of losing the race on the unique e-mail as EMAIL_TAKEN.
        await lockInvitationsOf(manager, email);
        await this.assertInviterActive(manager, inviter);
        const organization = await manager.findOneBy(OrganizationEntity, { id: organizationId });
        if (!organization) {
          throw ValidationError.field(
            'organizationId',
            'no such organisation',
            AccountsReason.UNKNOWN_ORGANIZATION,
          );
        }
        const existing = await manager.findOne(MemberEntity, {
          where: { email },
          lock: { mode: 'pessimistic_write' },
        });
        // An admin's invitation comes only from `admin:invite` on the server; the executive
        // secretary may invite, so re-issuing one here would hand them an admin's account.
        if (existing && (existing.status !== MemberStatus.INVITED || existing.isAdmin)) {
          throw EMAIL_TAKEN();
        }
        if (existing) {
          await this.assertMayReissue(manager, inviter, existing.id);
          const expired = await this.expirePending(manager, existing.id);
          return this.reissueInvitation(
            manager,
            existing,
            { fullName, organizationId },
            inviter.memberId,
            { expiredInvitations: expired },
          );
        }
        const member = await manager.save(
          manager.create(MemberEntity, {
            email,
            fullName,
            organizationId,
            status: MemberStatus.INVITED,
          }),
        );
        const { token, expiresAt } = await this.issueInvitation(
          manager,
          member.id,
          inviter.memberId,
        );
        await this.audit.record(manager, {
          actorId: inviter.memberId,
          action: 'accounts.member_invited',
          entityType: 'member',
          entityId: member.id,
          summary: { email, fullName, organizationId },
        });
        return { token, expiresAt, member };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_member_email')) throw EMAIL_TAKEN();
      throw error;
    }
  }

  // Whoever invites receives the token, so re-issuing hands the account to the actor: only the
  // person who issued the last invitation, or one who may re-issue any (an administrator), may (an
  // executive secretary must not take over an address somebody else invited, or move it to
  // another organisation).
  private async assertMayReissue(
    manager: EntityManager,
    inviter: Inviter,
    memberId: string,
  ): Promise<void> {
    if (inviter.mayReissueAnyInvitation) return;
    const last = await manager.findOne(InvitationEntity, {
      where: { memberId },
      order: { createdAt: 'DESC' },
    });
    if (last?.invitedBy === inviter.memberId) return;
    throw new ConflictError(
      AccountsReason.INVITED_BY_ANOTHER,
      'This e-mail is already invited by someone else; they or an administrator can invite it again',
    );
  }

  // A new invitation for a member still INVITED (the caller has expired the earlier ones), with the
  // name and organisation given now: inviteMember's re-issue and admin:invite's.
  async reissueInvitation(
    manager: EntityManager,
    invited: MemberEntity,
    details: { fullName: string; organizationId: string },
    inviterId: string | null,
    summary: { expiredInvitations: number; by?: string },
  ): Promise<IssuedInvitation> {
    await manager.update(MemberEntity, invited.id, details);
    const issued = await this.issueInvitation(manager, invited.id, inviterId);
    await this.audit.record(manager, {
      actorId: inviterId,
      action: 'accounts.invitation_reissued',
      entityType: 'member',
      entityId: invited.id,
      summary: {
        email: invited.email,
        fullName: details.fullName,
        organizationId: details.organizationId,
        ...summary,
        previous: { fullName: invited.fullName, organizationId: invited.organizationId },
      },
    });
    return { ...issued, member: { ...invited, ...details } };
  }

  // A new invitation token for the member, inside the caller's transaction (only its hash is kept);
  // invitedBy null for one issued on the server (admin:invite).
  async issueInvitation(
    manager: EntityManager,
    memberId: string,
    invitedBy: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken(32);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    await manager.insert(InvitationEntity, {
      memberId,
      tokenHash: sha256Hex(token),
      invitedBy,
      createdAt: now,
      expiresAt,
      acceptedAt: null,
      endedAt: null,
    });
    return { token, expiresAt };
  }

  // Ends the member's invitations that could still be accepted (re-issued, or the member is
  // suspended), inside the caller's transaction; how many it ended.
  async expirePending(manager: EntityManager, memberId: string): Promise<number> {
    return (await this.endLiveInvitations(manager, 'member_id', memberId)).length;
  }

  // The inviter as they are now, FOR SHARE: a suspension under way is waited for, and then ends
  // this invitation with the others they issued, or a suspension committed first refuses it (the
  // request passed the access check before). (`admin:invite` does not come here: it invites
  // through AdminBootstrapService.)
  private async assertInviterActive(manager: EntityManager, inviter: Inviter): Promise<void> {
    const [current] = await lockMembers(manager, [inviter.memberId]);
    if (current?.status !== MemberStatus.ACTIVE) {
      throw new UnauthenticatedError(
        AccountsReason.ACCOUNT_NOT_ACTIVE,
        'This account is not active',
      );
    }
  }

  // Ends the invitations this member issued that nobody has accepted yet, returning the invitees.
  // The portal hands the token to whoever issues it (there is no e-mail channel): a member who
  // leaves must not keep a way in, for themselves or anyone. An administrator re-issues them.
  async expireIssuedBy(manager: EntityManager, issuerId: string): Promise<string[]> {
    return this.endLiveInvitations(manager, 'invited_by', issuerId);
  }

  // Ends the invitations, of an invitee or of an issuer, that could still be accepted: marked
  // ended (endedAt), not only expired now, so that no instance whose clock is behind takes one.
  // Their invitees.
  private async endLiveInvitations(
    manager: EntityManager,
    column: 'member_id' | 'invited_by',
    memberId: string,
  ): Promise<string[]> {
    const rows: Array<{ member_id: string }> = await manager.query(
      `WITH ended AS (
         UPDATE invitation SET expires_at = $2, ended_at = $2
          WHERE ${column} = $1 AND accepted_at IS NULL AND ended_at IS NULL AND expires_at > $2
         RETURNING member_id)
       SELECT member_id FROM ended ORDER BY member_id`,
      [memberId, this.clock.now()],
    );
    return rows.map((row) => row.member_id);
  }

  // Who the token invites, for which organisation and until when, while it can still be accepted
  // (INVALID_INVITATION otherwise, as accepting it would answer): the token's holder learns only
  // what accepting it would show them.
  async preview(token: string): Promise<InvitationPreview> {
    const manager = this.dataSource.manager;
    const live = await this.liveInvitation(manager, sha256Hex(token), false);
    if (!live) throw INVALID_INVITATION();
    const { member, invitation } = live;
    const organization = await manager.findOneByOrFail(OrganizationEntity, {
      id: member.organizationId,
    });
    return {
      fullName: member.fullName,
      email: member.email,
      organization: { name: organization.name, shortName: organization.shortName },
      expiresAt: invitation.expiresAt,
    };
  }

  // ip: where the session starts from, which the log-in throttle later knows as the member's.
  async accept(token: string, password: string, ip: string | null = null): Promise<SessionTokens> {
    assertNewPassword(password, 'password');
    const tokenHash = sha256Hex(token);
    // Checked before the password is hashed, so that made-up tokens (this operation is public)
    // cost a lookup, not an argon2 hash; checked again under lock once it is.
    const pending = await this.liveInvitation(this.dataSource.manager, tokenHash, false);
    if (!pending) throw INVALID_INVITATION();
    const passwordHash = await this.hasher.hash(password);
    return this.dataSource.transaction(async (manager) => {
      // An administrator coming in is a change of who administers: `admin:invite`, which invites
      // only while no administrator is active, must see it done or not started, never under way.
      if (pending.member.isAdmin) await lockAdminChanges(manager);
      const live = await this.liveInvitation(manager, tokenHash, true);
      if (!live) throw INVALID_INVITATION();
      const { invitation, member } = live;
      const now = this.clock.now();
      await manager.update(InvitationEntity, invitation.id, { acceptedAt: now });
      await manager.update(MemberEntity, member.id, { passwordHash, status: MemberStatus.ACTIVE });
      const tokens = await this.sessions.startSession(manager, member.id, ip);
      await this.audit.record(manager, {
        actorId: member.id,
        action: 'accounts.invitation_accepted',
        entityType: 'member',
        entityId: member.id,
        summary: { sessionId: tokens.sessionId },
      });
      return tokens;
    });
  }

  // The invitation of this token and its member, if it can still be accepted.
  private async liveInvitation(
    manager: EntityManager,
    tokenHash: string,
    lock: boolean,
  ): Promise<{ invitation: InvitationEntity; member: MemberEntity } | null> {
    const live = (invitation: InvitationEntity | null): invitation is InvitationEntity =>
      invitation !== null &&
      !invitation.acceptedAt &&
      !invitation.endedAt &&
      invitation.expiresAt > this.clock.now();
    const found = await manager.findOneBy(InvitationEntity, { tokenHash });
    if (!live(found)) return null;
    if (!lock) {
      const member = await manager.findOneBy(MemberEntity, { id: found.memberId });
      return member?.status === MemberStatus.INVITED ? { invitation: found, member } : null;
    }
    // The member first, then the invitation, in the order of every other path that takes both
    // (inviting again, suspending): the opposite order could deadlock with them.
    const member = await manager.findOne(MemberEntity, {
      where: { id: found.memberId },
      lock: { mode: 'pessimistic_write' },
    });
    const invitation = await manager.findOne(InvitationEntity, {
      where: { id: found.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!live(invitation) || member?.status !== MemberStatus.INVITED) return null;
    return { invitation, member };
  }

  // For DataLoaders: when each member's latest invitation runs (or ran) out; null for a member
  // with none still unaccepted. A re-issue or a suspension ends the earlier ones at that instant.
  async invitationExpiries(memberIds: readonly string[]): Promise<Array<Date | null>> {
    if (memberIds.length === 0) return [];
    const rows: Array<{ member_id: string; expires_at: Date }> = await this.dataSource.query(
      `SELECT member_id, max(expires_at) AS expires_at FROM invitation
        WHERE member_id = ANY($1::uuid[]) AND accepted_at IS NULL
        GROUP BY member_id`,
      [[...memberIds]],
    );
    const expiry = new Map(rows.map((row) => [row.member_id, row.expires_at]));
    return memberIds.map((id) => expiry.get(id) ?? null);
  }
}
