import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import {
  InvitationsService,
  MemberEntity,
  MemberStatus,
  MembersService,
  OrganizationEntity,
  OrganizationsService,
  SessionService,
} from '@council/accounts';
import type { InvitationPreview, SessionTokens } from '@council/accounts';
import { Principal, rolesFor } from '@council/access';
import { NotFoundError } from '@council/core';
import { Can, ClientIp, CurrentPrincipal, Public } from '../auth/auth.decorators';
import { toConnection } from '../graphql/connection.type';
import { Permission, Role } from '../graphql/enums';
import type { GraphQLContext } from '../graphql/loaders';
import { PaginationArgs } from '../graphql/pagination.args';
import {
  AcceptInvitationInput,
  ChangePasswordInput,
  CreateOrganizationInput,
  InvitationArgs,
  InviteMemberInput,
  LoginInput,
  MembersArgs,
  UpdateOrganizationArgs,
} from './accounts.inputs';
import { AuthPayloadType, InvitationPreviewType, InvitationType } from './auth-payload.type';
import { MemberConnection, MemberType } from './member.type';
import { OrganizationType } from './organization.type';

@Resolver(() => AuthPayloadType)
export class AuthResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly invitations: InvitationsService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadType)
  login(@Args('input') input: LoginInput, @ClientIp() ip: string): Promise<SessionTokens> {
    return this.sessions.login(input.email, input.password, ip);
  }

  @Public()
  @Mutation(() => AuthPayloadType)
  refreshSession(@Args('refreshToken') refreshToken: string): Promise<SessionTokens> {
    return this.sessions.refresh(refreshToken);
  }

  @Can(Permission.MANAGE_OWN_SESSION)
  @Mutation(() => Boolean)
  logout(
    @CurrentPrincipal() principal: Principal,
    @Args('refreshToken') refreshToken: string,
  ): Promise<boolean> {
    return this.sessions.logout(principal.memberId, refreshToken);
  }

  @Can(Permission.MANAGE_OWN_SESSION)
  @Mutation(() => Boolean, {
    description: "Sets a new password, given the current one; the member's other sessions end",
  })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ChangePasswordInput,
    @ClientIp() ip: string,
  ): Promise<boolean> {
    return this.sessions.changePassword(principal, input.currentPassword, input.newPassword, ip);
  }

  @Public()
  @Mutation(() => AuthPayloadType)
  acceptInvitation(
    @Args('input') input: AcceptInvitationInput,
    @ClientIp() ip: string,
  ): Promise<SessionTokens> {
    return this.invitations.accept(input.token, input.password, ip);
  }

  @Public()
  @Query(() => InvitationPreviewType, {
    description:
      'Who an invitation token is for, while it can still be accepted (UNAUTHENTICATED with reason INVALID_INVITATION otherwise, as acceptInvitation answers)',
  })
  invitation(@Args() args: InvitationArgs): Promise<InvitationPreview> {
    return this.invitations.preview(args.token);
  }

  @ResolveField(() => MemberType)
  member(
    @Parent() payload: SessionTokens,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity> {
    return context.loaders.member(payload.memberId);
  }
}

@Resolver(() => MemberType)
export class MembersResolver {
  constructor(
    private readonly memberService: MembersService,
    private readonly invitations: InvitationsService,
  ) {}

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => MemberType)
  me(@CurrentPrincipal() principal: Principal): Promise<MemberEntity> {
    return this.memberService.getById(principal.memberId);
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => [Permission], {
    description:
      "What the permission table grants me now, from my roles in the current term (and a stand-in's while its seat is vacant): which actions a portal offers. It follows the roster: ask again when a term begins",
  })
  myPermissions(@CurrentPrincipal() principal: Principal): Permission[] {
    return principal.permissions();
  }

  // Every member sees every member in `members`; this reads one of them by id (NOT_FOUND when none).
  @Can(Permission.VIEW_COUNCIL)
  @Query(() => MemberType, {
    nullable: true,
    description:
      'One member by id, as `members` lists them; NOT_FOUND (never null) for an unknown id',
  })
  member(@Args('id', { type: () => ID }) id: string): Promise<MemberEntity> {
    return this.memberService.getById(id, 'id');
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => MemberConnection)
  async members(@Args() args: MembersArgs) {
    return toConnection(await this.memberService.list(args, { status: args.status }));
  }

  @Can(Permission.INVITE_MEMBER)
  @Mutation(() => InvitationType)
  inviteMember(@CurrentPrincipal() principal: Principal, @Args('input') input: InviteMemberInput) {
    return this.invitations.invite(
      {
        memberId: principal.memberId,
        mayReissueAnyInvitation: principal.can(Permission.REISSUE_ANY_INVITATION),
      },
      input,
    );
  }

  @Can(Permission.MANAGE_MEMBER_STATUS)
  @Mutation(() => MemberType)
  suspendMember(
    @CurrentPrincipal() principal: Principal,
    @Args('memberId', { type: () => ID }) memberId: string,
  ) {
    return this.memberService.suspend(principal.memberId, memberId);
  }

  @Can(Permission.MANAGE_MEMBER_STATUS)
  @Mutation(() => MemberType)
  reactivateMember(
    @CurrentPrincipal() principal: Principal,
    @Args('memberId', { type: () => ID }) memberId: string,
  ) {
    return this.memberService.reactivate(principal.memberId, memberId);
  }

  // Resolved for every member of a list: without parameter decorators Nest hands this method to
  // graphql-js as it is (source, args, context), with no pipes and no extra promises per field.
  @ResolveField(() => OrganizationType)
  async organization(
    member: MemberEntity,
    _: unknown,
    context: GraphQLContext,
  ): Promise<OrganizationEntity> {
    const organization = await context.loaders.organizations.load(member.organizationId);
    if (!organization) throw new NotFoundError('Organization');
    return organization;
  }

  // Also read under the public mutations (login, refreshSession, acceptInvitation answer with
  // AuthPayload.member) where nobody is signed in yet: no caller, nothing to show.
  @ResolveField(() => Date, { nullable: true })
  async invitationExpiresAt(
    @Parent() member: MemberEntity,
    @Context() context: GraphQLContext,
  ): Promise<Date | null> {
    const caller = context.req.user;
    if (member.status !== MemberStatus.INVITED || !caller?.can(Permission.INVITE_MEMBER)) {
      return null;
    }
    return context.loaders.invitationExpiries.load(member.id);
  }

  @ResolveField(() => [Role])
  async roles(@Parent() member: MemberEntity, @Context() context: GraphQLContext): Promise<Role[]> {
    const positions = await context.loaders.currentPositions.load(member.id);
    return [...rolesFor(member, positions)];
  }
}

@Resolver(() => OrganizationType)
export class OrganizationsResolver {
  constructor(private readonly organizationService: OrganizationsService) {}

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => [OrganizationType])
  organizations(): Promise<OrganizationEntity[]> {
    return this.organizationService.list();
  }

  @Can(Permission.MANAGE_ORGANIZATIONS)
  @Mutation(() => OrganizationType)
  createOrganization(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateOrganizationInput,
  ) {
    return this.organizationService.create(principal.memberId, input);
  }

  @Can(Permission.MANAGE_ORGANIZATIONS)
  @Mutation(() => OrganizationType, {
    description: 'Corrects a name or short name; a field left out keeps its value',
  })
  updateOrganization(
    @CurrentPrincipal() principal: Principal,
    @Args() args: UpdateOrganizationArgs,
  ) {
    return this.organizationService.update(principal.memberId, args.id, args.input);
  }

  @ResolveField(() => MemberConnection)
  async members(
    @Parent() organization: OrganizationEntity,
    @Args() page: PaginationArgs,
    @Context() context: GraphQLContext,
  ) {
    return toConnection(await context.loaders.organizationMembers(page).load(organization.id));
  }
}
