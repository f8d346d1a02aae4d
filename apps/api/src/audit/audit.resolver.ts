import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEntryEntity, AuditService } from '@council/audit';
import { Permission } from '@council/access';
import { MemberEntity } from '@council/accounts';
import { Can } from '../auth/auth.decorators';
import { toConnection } from '../graphql/connection.type';
import type { GraphQLContext } from '../graphql/loaders';
import { AuditLogArgs } from './audit-log.args';
import { MemberType } from '../accounts/member.type';
import { AuditEntryConnection, AuditEntryType } from './audit-entry.type';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

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
}
