import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { isTimeZone } from '@council/config';
import { MEETING_LIMITS, MeetingsReason } from '@council/meetings';
import { PaginationArgs } from '../graphql/pagination.args';
import { IfGiven } from '../graphql/if-given';
import {
  ActionItemStatus,
  AgendaItemKind,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingOrder,
  MeetingStatus,
  MinutesStatus,
} from './meetings.enums';
import { IS_DATE_TIME } from '../graphql/date-time.scalar';
import { TextField } from '../graphql/text-length';
import { FollowsDomainRule } from '../graphql/domain-rule';
import { IsId } from '../graphql/is-id';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

// A duration, a vote count or a base version out of range is INVALID_NUMBER, as the domain answers
// it (assertDuration, assertCount, assertBaseVersion).
const A_NUMBER = { context: { reason: MeetingsReason.INVALID_NUMBER } };

// The domain's rule for a meeting's zone (the one for the council's, isTimeZone), with the other
// input checks.
const IsMeetingTimeZone = () =>
  FollowsDomainRule({
    name: 'isMeetingTimeZone',
    maxLength: 64,
    accepts: isTimeZone,
    message: 'timeZone must be an IANA time zone such as Europe/Moscow',
    reason: MeetingsReason.INVALID_TIME_ZONE,
  });

@InputType()
export class ScheduleMeetingInput {
  @TextField(1, MEETING_LIMITS.title)
  @IsString()
  title: string;

  @Field({ description: 'The start, with its offset (e.g. 2026-03-20T11:00:00+03:00)' })
  @IsDate(IS_DATE_TIME)
  startsAt: Date;

  @TextField(1, MEETING_LIMITS.location)
  @IsString()
  location: string;

  @Field(() => MeetingFormat)
  @IsEnum(MeetingFormat)
  format: MeetingFormat;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone of the meeting (default: the council’s)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsMeetingTimeZone()
  timeZone?: string | null;
}

@InputType()
export class UpdateMeetingInput {
  @TextField(1, MEETING_LIMITS.title, { nullable: true })
  @IfGiven()
  @IsString()
  title?: string;

  @Field(() => Date, { nullable: true })
  @IfGiven()
  @IsDate(IS_DATE_TIME)
  startsAt?: Date;

  @TextField(1, MEETING_LIMITS.location, { nullable: true })
  @IfGiven()
  @IsString()
  location?: string;

  @Field(() => MeetingFormat, { nullable: true })
  @IfGiven()
  @IsEnum(MeetingFormat)
  format?: MeetingFormat;

  @Field(() => String, { nullable: true })
  @IfGiven()
  @IsString()
  @MaxLength(64)
  @IsMeetingTimeZone()
  timeZone?: string;
}

@InputType()
export class AddAgendaItemInput {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @TextField(1, MEETING_LIMITS.title)
  @IsString()
  title: string;

  @TextField(0, MEETING_LIMITS.description, { nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => ID, { description: 'The member who presents the item' })
  @IsId()
  presenterId: string;

  @Field(() => Int)
  @IsInt()
  @Min(MEETING_LIMITS.minDurationMinutes, A_NUMBER)
  @Max(MEETING_LIMITS.maxDurationMinutes, A_NUMBER)
  durationMinutes: number;

  @Field(() => AgendaItemKind)
  @IsEnum(AgendaItemKind)
  kind: AgendaItemKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The election the item is about: only for an item of kind ELECTION',
  })
  @IsOptional()
  @IsId()
  electionId?: string | null;
}

@InputType({
  description: 'Fields left out stay as they are; null clears the description or the election',
})
export class UpdateAgendaItemInput {
  @TextField(1, MEETING_LIMITS.title, { nullable: true })
  @IfGiven()
  @IsString()
  title?: string;

  @TextField(0, MEETING_LIMITS.description, { nullable: true })
  @IsOptional()
  @IsString()
  description?: string | null;

  @Field(() => ID, { nullable: true })
  @IfGiven()
  @IsId()
  presenterId?: string;

  @Field(() => Int, { nullable: true })
  @IfGiven()
  @IsInt()
  @Min(MEETING_LIMITS.minDurationMinutes, A_NUMBER)
  @Max(MEETING_LIMITS.maxDurationMinutes, A_NUMBER)
  durationMinutes?: number;

  @Field(() => AgendaItemKind, { nullable: true })
  @IfGiven()
  @IsEnum(AgendaItemKind)
  kind?: AgendaItemKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The election the item is about (kind ELECTION only); null: none',
  })
  @IsOptional()
  @IsId()
  electionId?: string | null;
}

@InputType()
export class AttendanceInput {
  @Field(() => ID)
  @IsId()
  memberId: string;

  @Field(() => AttendanceStatus)
  @IsEnum(AttendanceStatus)
  status: AttendanceStatus;
}

@InputType()
export class DecisionInput {
  @TextField(1, MEETING_LIMITS.decisionText)
  @IsString()
  text: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, A_NUMBER)
  @Max(MEETING_LIMITS.maxVotes, A_NUMBER)
  votesFor: number;

  @Field(() => Int)
  @IsInt()
  @Min(0, A_NUMBER)
  @Max(MEETING_LIMITS.maxVotes, A_NUMBER)
  votesAgainst: number;

  @Field(() => Int)
  @IsInt()
  @Min(0, A_NUMBER)
  @Max(MEETING_LIMITS.maxVotes, A_NUMBER)
  votesAbstained: number;

  @Field(() => DecisionOutcome)
  @IsEnum(DecisionOutcome)
  outcome: DecisionOutcome;
}

@InputType()
export class ActionItemInput {
  @Field(() => ID, {
    nullable: true,
    description:
      'To keep an action item of the version you edited (its status follows it); an item withdrawn by an approved amendment and brought back opens anew',
  })
  @IsOptional()
  @IsId()
  id?: string | null;

  @TextField(1, MEETING_LIMITS.actionTitle)
  @IsString()
  title: string;

  @Field(() => ID)
  @IsId()
  assigneeId: string;

  @Field({ description: 'Calendar date (YYYY-MM-DD) in the council’s time zone' })
  @IsString()
  // INVALID_DATE, as the domain answers a date that does not exist (2027-02-30).
  @Matches(DATE_ONLY, {
    message: 'dueOn must be a date (YYYY-MM-DD)',
    context: { reason: 'INVALID_DATE' },
  })
  dueOn: string;
}

@InputType()
export class MinutesItemInput {
  @Field(() => ID)
  @IsId()
  agendaItemId: string;

  @TextField(0, MEETING_LIMITS.discussion, {
    description: 'Summary of the discussion (may be empty)',
  })
  @IsString()
  discussion: string;

  @Field(() => [DecisionInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MEETING_LIMITS.decisionsPerItem)
  @ValidateNested({ each: true })
  @Type(() => DecisionInput)
  decisions?: DecisionInput[] | null;

  @Field(() => [ActionItemInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MEETING_LIMITS.actionItemsPerItem)
  @ValidateNested({ each: true })
  @Type(() => ActionItemInput)
  actionItems?: ActionItemInput[] | null;
}

@InputType()
export class SaveMinutesInput {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @Field(() => Int, { description: '0 for the first draft; then the version you edited' })
  @IsInt()
  @Min(0, A_NUMBER)
  baseVersion: number;

  @Field(() => [MinutesItemInput])
  @IsArray()
  @ArrayMaxSize(MEETING_LIMITS.minutesItems)
  @ValidateNested({ each: true })
  @Type(() => MinutesItemInput)
  items: MinutesItemInput[];
}

@ArgsType()
export class MeetingsArgs extends PaginationArgs {
  @Field(() => Date, { nullable: true, description: 'Meetings starting at or after' })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Meetings starting before' })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  to?: Date;

  @Field(() => [MeetingStatus], {
    nullable: true,
    description: 'Only meetings in these states (all when omitted)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsEnum(MeetingStatus, { each: true })
  status?: MeetingStatus[];

  @Field(() => [MinutesStatus], {
    nullable: true,
    description:
      'Only meetings whose minutes are in these states, as the caller sees them (members: APPROVED only)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(MinutesStatus, { each: true })
  minutesStatus?: MinutesStatus[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only meetings with (true) or without (false) minutes the caller can read, e.g. status: [HELD], hasMinutes: false for the minutes still to write',
  })
  @IsOptional()
  @IsBoolean()
  hasMinutes?: boolean;

  @Field(() => ID, {
    nullable: true,
    description: 'Only meetings whose agenda names this election (AgendaItem.election)',
  })
  @IsOptional()
  @IsId()
  electionId?: string;

  @Field(() => MeetingOrder, { nullable: true, defaultValue: MeetingOrder.STARTS_AT_DESC })
  @IsOptional()
  @IsEnum(MeetingOrder)
  order?: MeetingOrder;
}

@ArgsType()
export class CancelMeetingArgs {
  @Field(() => ID)
  @IsId()
  id: string;

  @TextField(1, MEETING_LIMITS.reason)
  @IsString()
  reason: string;
}

// An id beside an input is checked with it, so both mistakes come in one answer; the input's
// fields are named as when it is checked alone (the validation pipe drops `input.`).
@ArgsType()
export class UpdateMeetingArgs {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => UpdateMeetingInput)
  @ValidateNested()
  @Type(() => UpdateMeetingInput)
  input: UpdateMeetingInput;
}

@ArgsType()
export class UpdateAgendaItemArgs {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => UpdateAgendaItemInput)
  @ValidateNested()
  @Type(() => UpdateAgendaItemInput)
  input: UpdateAgendaItemInput;
}

@ArgsType()
export class ReorderAgendaArgs {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @Field(() => [ID], { description: 'Every item of the agenda, in the new order' })
  @IsArray()
  @ArrayMaxSize(MEETING_LIMITS.agendaItems)
  // Each id is checked by the domain, which names the entry (itemIds.1) as graphql-js does for a
  // null one; class-validator's `each` would name only the list.
  itemIds: string[];
}

@ArgsType()
export class RecordAttendanceArgs {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @Field(() => [AttendanceInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MEETING_LIMITS.attendanceEntries)
  @ValidateNested({ each: true })
  @Type(() => AttendanceInput)
  entries: AttendanceInput[];
}

@ArgsType()
export class ReturnMinutesArgs {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @TextField(1, MEETING_LIMITS.comment)
  @IsString()
  comment: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version the comments are about: refused (STALE_VERSION) if the minutes changed since',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@ArgsType()
export class ApproveMinutesArgs {
  @Field(() => ID)
  @IsId()
  meetingId: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version the approver read: refused (STALE_VERSION) if the minutes changed since',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number | null;
}

@ArgsType()
export class ActionItemsArgs extends PaginationArgs {
  @Field(() => [ActionItemStatus], {
    nullable: true,
    description: 'Only items in these states (all when omitted)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(ActionItemStatus, { each: true })
  status?: ActionItemStatus[];

  @Field(() => ID, { nullable: true, description: "Only this member's items" })
  @IsOptional()
  @IsId()
  assigneeId?: string;
}

@ArgsType()
export class UpdateActionItemArgs {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => ActionItemStatus)
  @IsEnum(ActionItemStatus)
  status: ActionItemStatus;
}
