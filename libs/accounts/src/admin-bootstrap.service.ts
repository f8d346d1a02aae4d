import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@council/audit';
import { ConflictError, requireName, shortenText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { AccountsReason } from './domain/accounts.errors';
import { lockAdminChanges } from './domain/account-locks';
import { assertEmail } from './domain/email';
import { EMAIL_TAKEN, InvitationsService, IssuedInvitation } from './invitations.service';
import {
  ORGANIZATION_EXISTS,
  ORGANIZATION_NAME_KEY,
  OrganizationsService,
  isOrganizationNameTaken,
} from './organizations.service';
import { MemberEntity, MemberStatus } from './persistence/member.entity';
import { OrganizationEntity } from './persistence/organization.entity';

export interface FirstAdminCommand {
  email: string;
  fullName: string;
  // The operator's organisation: found by its name (in any case), or created.
  organizationName: string;
}

// The command checked and normalised, before anything is opened: a refused command (a mistyped
// e-mail) then changes nothing, not even the schema of the database it names.
export function firstAdminCommandOf(command: FirstAdminCommand): FirstAdminCommand {
  return {
    email: assertEmail(command.email),
    fullName: requireName(command.fullName, 'fullName', 200),
    organizationName: requireName(command.organizationName, 'organization', 300),
  };
}

// The way into a council that has no active administrator: a fresh deployment, or one whose first
// admin never accepted their invitation (it is then issued again). Only `npm run admin:invite`
// (someone with access to the server and its database) calls it; it refuses while an administrator
// is active, so it cannot add one behind the others' backs.
@Injectable()
export class AdminBootstrapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly invitations: InvitationsService,
    private readonly organizations: OrganizationsService,
  ) {}

  async inviteFirstAdmin(command: FirstAdminCommand): Promise<IssuedInvitation> {
    const { email, fullName, organizationName } = firstAdminCommandOf(command);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockAdminChanges(manager);
        const admins = await manager.countBy(MemberEntity, {
          isAdmin: true,
          status: MemberStatus.ACTIVE,
        });
        if (admins > 0) {
          throw new ConflictError(
            AccountsReason.ADMIN_EXISTS,
            'The council already has an administrator; they invite further members',
          );
        }
        // One first-admin invitation at a time: one given earlier (perhaps to a mistyped address,
        // its token perhaps left in a terminal's history) stops working.
        const waiting = await manager.find(MemberEntity, {
          where: { isAdmin: true, status: MemberStatus.INVITED },
          order: { id: 'ASC' },
          lock: { mode: 'pessimistic_write' },
        });
        let expired = 0;
        for (const earlier of waiting) {
          expired += await this.invitations.expirePending(manager, earlier.id);
        }
        // Found by the key names are unique by (uq_organization_name_folded), in the column's
        // collation whatever the database's own locale (C lower-cases ASCII only).
        let organization = await manager
          .createQueryBuilder(OrganizationEntity, 'o')
          .where(
            `${ORGANIZATION_NAME_KEY('o.name')} = ${ORGANIZATION_NAME_KEY('CAST(:name AS text) COLLATE "und-x-icu"')}`,
            { name: organizationName },
          )
          .getOne();
        organization ??= await this.organizations.createWithin(manager, null, {
          name: organizationName,
          // Cut between graphemes (an emoji sequence stays whole, no joiner is left dangling),
          // with an ellipsis when cut.
          shortName: shortenText(organizationName, 100),
        });
        // The first admin's invitation ran out or was lost: a new one replaces it, with the name
        // and organisation given now, as inviteMember's re-issue does (found by review: a typo in
        // the first run could not be corrected, and no operation renames a member).
        const invited = waiting.find((member) => member.email === email);
        if (invited) {
          return this.invitations.reissueInvitation(
            manager,
            invited,
            { fullName, organizationId: organization.id },
            null,
            { expiredInvitations: expired, by: 'admin:invite' },
          );
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
        const issued = await this.invitations.issueInvitation(manager, member.id, null);
        await this.audit.record(manager, {
          actorId: null,
          action: 'accounts.admin_invited',
          entityType: 'member',
          entityId: member.id,
          summary: {
            email,
            fullName,
            organizationId: organization.id,
            by: 'admin:invite',
            ...(expired ? { expiredInvitations: expired } : {}),
          },
        });
        return { ...issued, member };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_member_email')) throw EMAIL_TAKEN();
      // Created meanwhile by someone else: run the command again to join it.
      if (isOrganizationNameTaken(error)) throw ORGANIZATION_EXISTS();
      throw error;
    }
  }
}
