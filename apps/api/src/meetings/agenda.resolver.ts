import { Args, ID, Mutation, ResolveField, Resolver } from '@nestjs/graphql';
import { MemberEntity } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { isUuid } from '@council/core';
import type { ElectionEntity } from '@council/elections';
import {
  AgendaChangeEntity,
  AgendaItemEntity,
  AgendaService,
  AttendanceEntity,
  AttendanceService,
  MeetingEntity,
} from '@council/meetings';
import type { AgendaItemView, FieldChange } from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { ElectionType } from '../elections/election.type';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { GraphQLContext } from '../graphql/loaders';
import {
  AddAgendaItemInput,
  RecordAttendanceArgs,
  ReorderAgendaArgs,
  UpdateAgendaItemArgs,
} from './meetings.inputs';
import {
  AgendaChangeType,
  AgendaFieldChangeType,
  AgendaItemType,
  AttendanceType,
  MeetingType,
} from './meeting.type';

@Resolver(() => AgendaItemType)
export class AgendaResolver {
  constructor(private readonly agendaService: AgendaService) {}

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => AgendaItemType)
  addAgendaItem(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: AddAgendaItemInput,
  ): Promise<AgendaItemEntity> {
    return this.agendaService.add(principal, input);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => AgendaItemType)
  updateAgendaItem(
    @CurrentPrincipal() principal: Principal,
    @Args() args: UpdateAgendaItemArgs,
  ): Promise<AgendaItemEntity> {
    return this.agendaService.update(principal, args.id, args.input);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType)
  removeAgendaItem(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<MeetingEntity> {
    return this.agendaService.remove(principal, id);
  }

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType, { description: 'itemIds: the full new order of the agenda' })
  reorderAgenda(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ReorderAgendaArgs,
  ): Promise<MeetingEntity> {
    return this.agendaService.reorder(principal, args.meetingId, args.itemIds);
  }

  @Can(Permission.PUBLISH_AGENDA)
  @Mutation(() => MeetingType, { description: 'Makes the meeting visible to every member' })
  publishAgenda(
    @CurrentPrincipal() principal: Principal,
    @Args('meetingId', { type: () => ID }) meetingId: string,
  ): Promise<MeetingEntity> {
    return this.agendaService.publish(principal, meetingId);
  }

  // Once per agenda item of a page: without parameter decorators Nest hands the method to graphql-js
  // as it is (source, args, context), with no pipes and no extra promises per field.
  @ResolveField(() => MemberType, { nullable: true })
  presenter(
    item: AgendaItemView,
    _: unknown,
    context: GraphQLContext,
  ): MemberEntity | Promise<MemberEntity | null> {
    // Attached by the agendaWithPresenters loader when the page asked for presenters.
    return item.presenter ?? context.loaders.optionalMember(item.presenterId);
  }

  // Every member may see every election, so a member who sees the agenda sees its election too.
  @ResolveField(() => ElectionType, {
    nullable: true,
    description: 'The election an item of kind ELECTION is about, when it names one',
  })
  election(
    item: AgendaItemView,
    _: unknown,
    context: GraphQLContext,
  ): Promise<ElectionEntity | null> | null {
    return item.electionId === null
      ? null
      : context.loaders.elections.elections.load(item.electionId);
  }
}

@Resolver(() => AgendaChangeType)
export class AgendaChangeResolver {
  @ResolveField(() => MemberType, { nullable: true })
  changedBy(
    change: AgendaChangeEntity,
    _: unknown,
    context: GraphQLContext,
  ): Promise<MemberEntity | null> {
    return context.loaders.optionalMember(change.changedBy);
  }
}

// The members and elections a change refers to, through the request's loaders (one query for a
// whole page of changes); null for any other field, or for a value no longer there.
@Resolver(() => AgendaFieldChangeType)
export class AgendaFieldChangeResolver {
  @ResolveField(() => MemberType, { nullable: true, description: 'The presenter before' })
  fromMember(change: FieldChange, _: unknown, context: GraphQLContext) {
    return memberOf(change, change.from, context);
  }

  @ResolveField(() => MemberType, { nullable: true, description: 'The presenter after' })
  toMember(change: FieldChange, _: unknown, context: GraphQLContext) {
    return memberOf(change, change.to, context);
  }

  @ResolveField(() => ElectionType, { nullable: true, description: 'The election named before' })
  fromElection(change: FieldChange, _: unknown, context: GraphQLContext) {
    return electionOf(change, change.from, context);
  }

  @ResolveField(() => ElectionType, { nullable: true, description: 'The election named after' })
  toElection(change: FieldChange, _: unknown, context: GraphQLContext) {
    return electionOf(change, change.to, context);
  }
}

function memberOf(
  change: FieldChange,
  id: string | null,
  context: GraphQLContext,
): Promise<MemberEntity | null> | null {
  // Not optionalMember: it answers NOT_FOUND for an id no member has; `from`/`to` are plain text
  // with no foreign key, so a value no longer there (or not an id) is null, as the comment says.
  return change.field === 'presenterId' && id !== null && isUuid(id)
    ? context.loaders.members.load(id)
    : null;
}

function electionOf(
  change: FieldChange,
  id: string | null,
  context: GraphQLContext,
): Promise<ElectionEntity | null> | null {
  return change.field === 'electionId' && id !== null && isUuid(id)
    ? context.loaders.elections.elections.load(id)
    : null;
}

@Resolver(() => AttendanceType)
export class AttendanceResolver {
  constructor(private readonly attendanceService: AttendanceService) {}

  @Can(Permission.MANAGE_MEETINGS)
  @Mutation(() => MeetingType, {
    description: 'Merges entries into the attendance; after the start it makes the meeting HELD',
  })
  recordAttendance(
    @CurrentPrincipal() principal: Principal,
    @Args() args: RecordAttendanceArgs,
  ): Promise<MeetingEntity> {
    return this.attendanceService.record(principal, args.meetingId, args.entries);
  }

  // Once per attendee: Nest's fast path, as for AgendaItem.presenter.
  @ResolveField(() => MemberType)
  member(attendance: AttendanceEntity, _: unknown, context: GraphQLContext): Promise<MemberEntity> {
    return context.loaders.member(attendance.memberId);
  }
}
