import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { MemberEntity } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import {
  ActionItemStatus,
  MinutesApprovalService,
  MinutesDraftingService,
  recordedStatus,
} from '@council/meetings';
import type {
  MinutesActionItemRecord,
  MinutesAttendanceRecord,
  MinutesReturnView,
  MinutesVersionView,
  MinutesView,
} from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { GraphQLContext } from '../graphql/loaders';
import { ApproveMinutesArgs, ReturnMinutesArgs, SaveMinutesInput } from './meetings.inputs';
import { ActionItemStatus as ActionItemStatusEnum } from './meetings.enums';
import {
  MinutesActionItemType,
  MinutesAttendanceType,
  MinutesType,
  MinutesReturnType,
  MinutesVersionType,
} from './minutes.type';

@Resolver(() => MinutesType)
export class MinutesResolver {
  constructor(
    private readonly drafting: MinutesDraftingService,
    private readonly approval: MinutesApprovalService,
  ) {}

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MinutesType, {
    description: 'A new version; a stale baseVersion is refused (CONFLICT) and nothing changes',
  })
  saveMinutes(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SaveMinutesInput,
  ): Promise<MinutesView> {
    return this.drafting.save(principal, input);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MinutesType)
  submitMinutes(
    @CurrentPrincipal() principal: Principal,
    @Args('meetingId', { type: () => ID }) meetingId: string,
  ): Promise<MinutesView> {
    return this.approval.submit(principal, meetingId);
  }

  @Can(Permission.APPROVE_MINUTES)
  @Mutation(() => MinutesType, { description: 'Back to DRAFT with the approver’s comment' })
  returnMinutes(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ReturnMinutesArgs,
  ): Promise<MinutesView> {
    return this.approval.returnToDraft(
      principal,
      args.meetingId,
      args.comment,
      args.version ?? null,
    );
  }

  @Can(Permission.APPROVE_MINUTES)
  @Mutation(() => MinutesType, { description: 'Seals the submitted version (SHA-256 contentHash)' })
  approveMinutes(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ApproveMinutesArgs,
  ): Promise<MinutesView> {
    return this.approval.approve(principal, args.meetingId, args.version ?? null);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MinutesType, {
    description: 'After approval: a new version that needs approval again',
  })
  amendMinutes(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: SaveMinutesInput,
  ): Promise<MinutesView> {
    return this.drafting.amend(principal, input);
  }

  @ResolveField(() => MemberType)
  savedBy(@Parent() minutes: MinutesView, @Context() context: GraphQLContext) {
    return context.loaders.member(minutes.savedById);
  }

  @ResolveField(() => MemberType, { nullable: true })
  approvedBy(@Parent() minutes: MinutesView, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(minutes.approvedById);
  }

  @ResolveField(() => MemberType, { nullable: true })
  submittedBy(@Parent() minutes: MinutesView, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(minutes.submittedById);
  }

  @ResolveField(() => MemberType, { nullable: true })
  returnedBy(@Parent() minutes: MinutesView, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(minutes.returnedById);
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether I may approve these minutes now: they are SUBMITTED, I approve in the chair seat (the sitting chair, or a co-chair while it is vacant or in place of a chair who drafted them), and I neither drafted nor submitted them',
  })
  async approvable(
    @Parent() minutes: MinutesView,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<boolean> {
    return (await context.loaders.meetings.decisionsFor(principal).load(minutes.id)).mayApprove;
  }

  @ResolveField(() => Boolean, {
    description:
      'Whether I may return these minutes with comments now: they are SUBMITTED and I hold the chair seat, or am a co-chair while it is vacant',
  })
  async returnable(
    @Parent() minutes: MinutesView,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<boolean> {
    return (await context.loaders.meetings.decisionsFor(principal).load(minutes.id)).mayReturn;
  }

  @ResolveField(() => [MinutesVersionType])
  history(
    @Parent() minutes: MinutesView,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<MinutesVersionView[]> {
    return context.loaders.meetings.historyFor(principal).load(minutes.id);
  }
}

@Resolver(() => MinutesVersionType)
export class MinutesVersionResolver {
  @ResolveField(() => MemberType)
  savedBy(@Parent() version: MinutesVersionView, @Context() context: GraphQLContext) {
    return context.loaders.member(version.savedById);
  }

  @ResolveField(() => MemberType, { nullable: true })
  approvedBy(@Parent() version: MinutesVersionView, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(version.approvedById);
  }

  @ResolveField(() => [MinutesReturnType])
  returns(
    @Parent() version: MinutesVersionView,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<MinutesReturnView[]> {
    return context.loaders.meetings.returnsFor(principal).load(version.id);
  }
}

@Resolver(() => MinutesReturnType)
export class MinutesReturnResolver {
  @ResolveField(() => MemberType)
  returnedBy(@Parent() minutesReturn: MinutesReturnView, @Context() context: GraphQLContext) {
    return context.loaders.member(minutesReturn.returnedById);
  }
}

@Resolver(() => MinutesAttendanceType)
export class MinutesAttendanceResolver {
  @ResolveField(() => Int)
  presentCount(@Parent() attendance: MinutesAttendanceRecord): number {
    return attendance.present.length;
  }

  @ResolveField(() => [MemberType], { name: 'present' })
  presentMembers(
    @Parent() attendance: MinutesAttendanceRecord,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity[]> {
    return context.loaders.memberList(attendance.present);
  }

  @ResolveField(() => [MemberType], { name: 'absent' })
  absentMembers(
    @Parent() attendance: MinutesAttendanceRecord,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity[]> {
    return context.loaders.memberList(attendance.absent);
  }

  @ResolveField(() => [MemberType], { name: 'excused' })
  excusedMembers(
    @Parent() attendance: MinutesAttendanceRecord,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity[]> {
    return context.loaders.memberList(attendance.excused);
  }
}

@Resolver(() => MinutesActionItemType)
export class MinutesActionItemResolver {
  @ResolveField(() => MemberType)
  assignee(@Parent() item: MinutesActionItemRecord, @Context() context: GraphQLContext) {
    return context.loaders.member(item.assigneeId);
  }

  @ResolveField(() => ActionItemStatusEnum, { nullable: true })
  async status(
    @Parent() item: MinutesActionItemRecord,
    @Context() context: GraphQLContext,
  ): Promise<ActionItemStatus | null> {
    return recordedStatus(item, await context.loaders.meetings.actionItems.load(item.id));
  }
}
