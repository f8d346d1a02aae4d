import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '@council/audit';
import { Clock, ConflictError, randomToken, requireText, sha256Hex } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { assertEmail } from './domain/email';
import { INVITATION_TTL_MS, IssuedInvitation } from './invitations.service';
import { InvitationEntity } from './persistence/invitation.entity';
import { MemberEntity, MemberStatus } from './persistence/member.entity';
import { OrganizationEntity } from './persistence/organization.entity';

export interface FirstAdminCommand {
  email: string;
  fullName: string;
  // The operator's organisation: found by its exact name, or created.
  organizationName: string;
}

// The advisory lock MembersService.suspend takes for changes to who is an active admin.
const ADMIN_CHANGE_LOCK = 0x1092;

// The way into a council that has no administrator: a fresh deployment, or one whose admins have
// all been suspended. Only `npm run admin:invite` (someone with access to the server and its
// database) calls it; it refuses while an administrator is active or invited, so it cannot be used
// to add a second one behind the first one's back.
@Injectable()
export class AdminBootstrapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async inviteFirstAdmin(command: FirstAdminCommand): Promise<IssuedInvitation> {
    const email = assertEmail(command.email);
    const fullName = requireText(command.fullName, 'fullName', 200);
    const organizationName = requireText(command.organizationName, 'organization', 300);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1, 0)', [ADMIN_CHANGE_LOCK]);
        const admins = await manager.countBy(MemberEntity, {
          isAdmin: true,
          status: In([MemberStatus.ACTIVE, MemberStatus.INVITED]),
        });
        if (admins > 0) {
          throw new ConflictError(
            'ADMIN_EXISTS',
            'The council already has an administrator; they invite further members',
          );
        }
        let organization = await manager.findOneBy(OrganizationEntity, {
          name: organizationName,
        });
        if (!organization) {
          organization = await manager.save(
            manager.create(OrganizationEntity, {
              name: organizationName,
              shortName: organizationName.slice(0, 100),
            }),
          );
          await this.audit.record(manager, {
            actorId: null,
            action: 'accounts.organization_created',
            entityType: 'organization',
            entityId: organization.id,
            summary: { name: organization.name, shortName: organization.shortName },
          });
        }
        const member = await manager.save(
          manager.create(MemberEntity, {
            email,
            fullName,
            organizationId: organization.id,
            status: MemberStatus.INVITED,
            isAdmin: true,
          }),
        );
        const token = randomToken(32);
        const now = this.clock.now();
        const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
        await manager.insert(InvitationEntity, {
          memberId: member.id,
          tokenHash: sha256Hex(token),
          invitedBy: null,
          createdAt: now,
          expiresAt,
          acceptedAt: null,
        });
        await this.audit.record(manager, {
          actorId: null,
          action: 'accounts.admin_invited',
          entityType: 'member',
          entityId: member.id,
          summary: { email, organizationId: organization.id, by: 'admin:invite' },
        });
        return { token, expiresAt, member };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_member_email')) {
        throw new ConflictError('EMAIL_TAKEN', 'A member with this e-mail already exists');
      }
      throw error;
    }
  }
}
