import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MemberEntity } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { NotFoundError } from '@council/core';
import { ActionItemEntity, ActionItemsService, MeetingEntity } from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { GraphQLContext } from '../graphql/loaders';
import { ActionItemType } from './action-item.type';
import { UpdateActionItemArgs } from './meetings.inputs';
import { MeetingType } from './meeting.type';

@Resolver(() => ActionItemType)
export class ActionItemsResolver {
  constructor(private readonly actionItems: ActionItemsService) {}

  @Can(Permission.TRACK_ACTION_ITEMS)
  @Query(() => [ActionItemType], {
    description: 'Action items of approved minutes assigned to me: open first, soonest due first',
  })
  myActionItems(@CurrentPrincipal() principal: Principal): Promise<ActionItemEntity[]> {
    return this.actionItems.mine(principal);
  }

  @Can(Permission.TRACK_ACTION_ITEMS)
  @Mutation(() => ActionItemType, { description: 'By the assignee or the secretary' })
  updateActionItem(
    @CurrentPrincipal() principal: Principal,
    @Args() args: UpdateActionItemArgs,
  ): Promise<ActionItemEntity> {
    return this.actionItems.update(principal, args.id, args.status);
  }

  @ResolveField(() => Boolean)
  isOverdue(@Parent() item: ActionItemEntity): boolean {
    return this.actionItems.isOverdue(item);
  }

  @ResolveField(() => MemberType)
  assignee(
    @Parent() item: ActionItemEntity,
    @Context() context: GraphQLContext,
  ): Promise<MemberEntity> {
    return context.loaders.member(item.assigneeId);
  }

  @ResolveField(() => MeetingType)
  async meeting(
    @Parent() item: ActionItemEntity,
    @Context() context: GraphQLContext,
  ): Promise<MeetingEntity> {
    const meeting = await context.loaders.meetings.meetings.load(item.meetingId);
    if (!meeting) throw new NotFoundError('Meeting');
    return meeting;
  }
}
