import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEntryEntity, AuditService } from '@council/audit';
import { Permission, Principal } from '@council/access';
import { MemberEntity } from '@council/accounts';
import { isUuid } from '@council/core';
import { isFollowedUp, isMeetingVisibleTo } from '@council/meetings';
import { TermsService, isTermLabel } from '@council/terms';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import { TermType, toTerm } from '../terms/term.type';
import { OrganizationType } from '../accounts/organization.type';
import { ElectionType } from '../elections/election.type';
import { ActionItemType } from '../meetings/action-item.type';
import { MeetingType } from '../meetings/meeting.type';
import { AuditSubject, AuditSubjectValue, asSubject } from './audit-subject';
import { toConnection } from '../graphql/connection.type';
import type { GraphQLContext } from '../graphql/loaders';
import { AuditLogArgs } from './audit-log.args';
import { MemberType } from '../accounts/member.type';
import { AuditEntryConnection, AuditEntryType } from './audit-entry.type';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly terms: TermsService,
  ) {}

  @Can(Permission.READ_AUDIT_LOG)
  @Query(() => AuditEntryConnection, {
    description: 'Newest first; every filter given applies (from inclusive, to exclusive)',
  })
  async auditLog(@Args() args: AuditLogArgs) {
    return toConnection(await this.audit.list(args));
  }

  @ResolveField(() => MemberType, { nullable: true })
  actor(
    @Parent() entry: AuditEntryEntity,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity | null> | null {
    return entry.actorId ? context.loaders.members.load(entry.actorId) : null;
  }

  // Through the request's loaders (one statement per kind of subject for a page of entries); a
  // meeting the caller may not see (a draft, for the ADMIN) is null, as meeting(id) hides it.
  @ResolveField(() => AuditSubject, {
    nullable: true,
    description:
      'What the entry is about, as the caller may see it now; null for a session, for what no longer exists (an action item withdrawn by an amendment too), and for a meeting the caller may not see',
  })
  async subject(
    @Parent() entry: AuditEntryEntity,
    @Context() context: GraphQLContext,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<AuditSubjectValue | null> {
    const id = entry.entityId;
    if (id === null) return null;
    if (entry.entityType === 'term') {
      return isTermLabel(id) ? asSubject(toTerm(this.terms.period(id)), TermType) : null;
    }
    if (entry.entityType === null || !isUuid(id)) return null;
    // The loaders key their rows by the id as PostgreSQL writes it (lower case).
    const key = id.toLowerCase();
    const { loaders } = context;
    switch (entry.entityType) {
      case 'meeting': {
        const meeting = await loaders.meetings.meetings.load(key);
        return meeting && isMeetingVisibleTo(meeting, viewer)
          ? asSubject(meeting, MeetingType)
          : null;
      }
      case 'election':
        return asSubject(await loaders.elections.elections.load(key), ElectionType);
      case 'member':
        return asSubject(await loaders.members.load(key), MemberType);
      case 'organization':
        return asSubject(await loaders.organizations.load(key), OrganizationType);
      case 'action_item': {
        const item = await loaders.meetings.actionItems.load(key);
        return item && isFollowedUp(item) ? asSubject(item, ActionItemType) : null;
      }
      default:
        return null;
    }
  }
}
