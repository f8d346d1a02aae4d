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
import type { GraphQLResolveInfo } from 'graphql';
import { Permission, Principal } from '@council/access';
import type { MemberEntity } from '@council/accounts';
import {
  AgendaChangeEntity,
  AttendanceEntity,
  MeetingEntity,
  MeetingsService,
  MinutesView,
  Quorum,
  localStartOf,
} from '@council/meetings';
import type { AgendaItemView } from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { Can, CurrentPrincipal, principalOf } from '../auth/auth.decorators';
import { ConnectionShape, toConnection } from '../graphql/connection.type';
import { PaginationArgs } from '../graphql/pagination.args';
import type { GraphQLContext } from '../graphql/loaders';
import { selectsField } from '../graphql/selection';
import {
  CancelMeetingArgs,
  MeetingsArgs,
  ScheduleMeetingInput,
  UpdateMeetingArgs,
} from './meetings.inputs';
import {
  AgendaChangeConnection,
  AgendaItemType,
  AttendanceType,
  MeetingConnection,
  MeetingType,
  QuorumType,
} from './meeting.type';
import { MinutesType } from './minutes.type';

@Resolver(() => MeetingType)
export class MeetingsResolver {
  constructor(private readonly meetingsService: MeetingsService) {}

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => MeetingConnection, {
    description: 'Newest first unless order says otherwise; from inclusive, to exclusive',
  })
  async meetings(@CurrentPrincipal() principal: Principal, @Args() args: MeetingsArgs) {
    return toConnection(await this.meetingsService.list(principal, args));
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => MeetingType, {
    nullable: true,
    description:
      'NOT_FOUND (never null) for an unknown id or a meeting the caller may not see: a draft, for members',
  })
  meeting(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<MeetingEntity> {
    return this.meetingsService.get(principal, id);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType)
  scheduleMeeting(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ScheduleMeetingInput,
  ): Promise<MeetingEntity> {
    return this.meetingsService.schedule(principal, input);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType)
  updateMeeting(
    @CurrentPrincipal() principal: Principal,
    @Args() args: UpdateMeetingArgs,
  ): Promise<MeetingEntity> {
    return this.meetingsService.update(principal, args.id, args.input);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType)
  cancelMeeting(
    @CurrentPrincipal() principal: Principal,
    @Args() args: CancelMeetingArgs,
  ): Promise<MeetingEntity> {
    return this.meetingsService.cancel(principal, args.id, args.reason);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType, {
    description: 'PUBLISHED → HELD once started (recording attendance after the start does it too)',
  })
  markMeetingHeld(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<MeetingEntity> {
    return this.meetingsService.markHeld(principal, id);
  }

  // Field resolvers below run once per meeting of a page: without parameter decorators Nest hands
  // each method to graphql-js as it is (source, args, context), with no pipes and no extra
  // promises per field.
  @ResolveField(() => String)
  startsAtLocal(meeting: MeetingEntity): string {
    return localStartOf(meeting);
  }

  @ResolveField(() => [AgendaItemType])
  agenda(
    meeting: MeetingEntity,
    _: unknown,
    context: GraphQLContext,
    info: GraphQLResolveInfo,
  ): Promise<AgendaItemView[]> {
    const loaders = context.loaders.meetings;
    return (selectsField(info, 'presenter') ? loaders.agendaWithPresenters : loaders.agenda).load(
      meeting.id,
    );
  }

  @ResolveField(() => AgendaChangeConnection)
  async agendaChanges(
    @Parent() meeting: MeetingEntity,
    @Args() page: PaginationArgs,
    @Context() context: GraphQLContext,
  ): Promise<ConnectionShape<AgendaChangeEntity>> {
    return toConnection(await context.loaders.meetings.agendaChanges(page).load(meeting.id));
  }

  // Attendance and quorum depend on who asks: members read what approved minutes record while an
  // amendment is pending (attendance-views.ts in libs/meetings).
  @ResolveField(() => [AttendanceType])
  attendance(
    meeting: MeetingEntity,
    _: unknown,
    context: GraphQLContext,
  ): Promise<AttendanceEntity[]> {
    return context.loaders.meetings.seenAttendance(principalOf(context.req), meeting);
  }

  @ResolveField(() => [MemberType], {
    nullable: true,
    description:
      'Who may be recorded at the meeting and counts towards its quorum, by name: the members active at its start once it is held, the active members until then; null once it is cancelled, or for a meeting held before the roll was kept',
  })
  async roll(
    meeting: MeetingEntity,
    _: unknown,
    context: GraphQLContext,
  ): Promise<MemberEntity[] | null> {
    const ids = await context.loaders.meetings.rollOf(meeting);
    return ids === null ? null : context.loaders.memberList(ids);
  }

  @ResolveField(() => QuorumType, { nullable: true })
  quorum(meeting: MeetingEntity, _: unknown, context: GraphQLContext): Promise<Quorum | null> {
    return context.loaders.meetings.seenQuorum(principalOf(context.req), meeting);
  }

  @ResolveField(() => Boolean, { nullable: true })
  async quorate(
    meeting: MeetingEntity,
    _: unknown,
    context: GraphQLContext,
  ): Promise<boolean | null> {
    const quorum = await context.loaders.meetings.seenQuorum(principalOf(context.req), meeting);
    return quorum?.isQuorate ?? null;
  }

  @ResolveField(() => MinutesType, { nullable: true })
  minutes(
    @Parent() meeting: MeetingEntity,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<MinutesView | null> {
    return context.loaders.meetings.minutesFor(principal).load(meeting.id);
  }
}
