import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { MemberEntity } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { NotFoundError } from '@council/core';
import { ActionItemEntity, ActionItemsService, MeetingEntity } from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import { toConnection } from '../graphql/connection.type';
import type { GraphQLContext } from '../graphql/loaders';
import { ActionItemConnection, ActionItemType } from './action-item.type';
import { ActionItemsArgs, UpdateActionItemArgs } from './meetings.inputs';
import { MeetingType } from './meeting.type';

@Resolver(() => ActionItemType)
export class ActionItemsResolver {
  constructor(private readonly items: ActionItemsService) {}

  @Can(Permission.TRACK_ACTION_ITEMS)
  @Query(() => [ActionItemType], {
    description:
      'Action items of approved minutes assigned to me: open first, soonest due first; at most 500, open ones before the latest done ones',
  })
  myActionItems(@CurrentPrincipal() principal: Principal): Promise<ActionItemEntity[]> {
    return this.items.mine(principal);
  }

  @Can(Permission.TRACK_ACTION_ITEMS)
  @Query(() => ActionItemConnection, {
    description:
      'Every action item of approved minutes (the follow-up list), soonest due first; by state and assignee',
  })
  async actionItems(@Args() args: ActionItemsArgs) {
    return toConnection(
      await this.items.list(args, { statuses: args.status, assigneeId: args.assigneeId }),
    );
  }

  @Can(Permission.TRACK_ACTION_ITEMS)
  @Mutation(() => ActionItemType, { description: 'By the assignee or the secretary' })
  updateActionItem(
    @CurrentPrincipal() principal: Principal,
    @Args() args: UpdateActionItemArgs,
  ): Promise<ActionItemEntity> {
    return this.items.update(principal, args.id, args.status);
  }

  @ResolveField(() => Boolean)
  isOverdue(@Parent() item: ActionItemEntity): boolean {
    return this.items.isOverdue(item);
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
