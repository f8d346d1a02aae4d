import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MemberType } from '../accounts/member.type';
import { ActionItemStatus, DecisionOutcome, MinutesStatus } from './meetings.enums';

@ObjectType('Decision')
export class DecisionType {
  @Field()
  text: string;

  @Field(() => Int)
  votesFor: number;

  @Field(() => Int)
  votesAgainst: number;

  @Field(() => Int)
  votesAbstained: number;

  @Field(() => DecisionOutcome)
  outcome: DecisionOutcome;
}

@ObjectType('MinutesActionItem', { description: 'An action item as the minutes record it' })
export class MinutesActionItemType {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  assigneeId: string;

  @Field(() => MemberType)
  assignee?: MemberType;

  @Field({ description: 'Calendar date (YYYY-MM-DD) in the council’s time zone' })
  dueOn: string;

  @Field(() => ActionItemStatus, {
    nullable: true,
    description:
      'Tracked once the minutes are approved; null before, and in a version that names another assignee than the tracked item has, or once the item is withdrawn',
  })
  status?: ActionItemStatus | null;
}

@ObjectType('MinutesItem')
export class MinutesItemType {
  @Field(() => ID)
  agendaItemId: string;

  @Field()
  agendaItemTitle: string;

  @Field(() => Int)
  position: number;

  @Field()
  discussion: string;

  @Field(() => [DecisionType])
  decisions: DecisionType[];

  @Field(() => [MinutesActionItemType])
  actionItems: MinutesActionItemType[];
}

@ObjectType('MinutesAttendance', { description: 'Attendance as recorded in this version' })
export class MinutesAttendanceType {
  @Field(() => Int, { nullable: true })
  activeMembers: number | null;

  present: string[];
  absent: string[];
  excused: string[];

  @Field(() => Int)
  presentCount?: number;

  @Field(() => [MemberType], { name: 'present' })
  presentMembers?: MemberType[];

  @Field(() => [MemberType], { name: 'absent' })
  absentMembers?: MemberType[];

  @Field(() => [MemberType], { name: 'excused' })
  excusedMembers?: MemberType[];
}

// What a version of the minutes holds, shared by Minutes (the version a caller sees) and
// MinutesVersion (an entry of the history).
@ObjectType({ isAbstract: true })
export abstract class MinutesContentType {
  @Field(() => Int)
  version: number;

  @Field()
  isAmendment: boolean;

  @Field()
  isApproved: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 (hex) of canonicalContent: the seal, present once approved',
  })
  contentHash: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the previous version: the versions form one chain',
  })
  previousHash: string | null;

  @Field({ description: 'The canonical serialisation the seal is computed over' })
  canonicalContent: string;

  @Field(() => [MinutesItemType])
  items: MinutesItemType[];

  @Field(() => MinutesAttendanceType)
  attendance: MinutesAttendanceType;

  savedById: string;

  @Field(() => MemberType)
  savedBy?: MemberType;

  @Field()
  savedAt: Date;

  approvedById: string | null;

  @Field(() => MemberType, { nullable: true })
  approvedBy?: MemberType | null;

  @Field(() => Date, { nullable: true })
  approvedAt: Date | null;
}

@ObjectType('MinutesReturn', {
  description: 'A time submitted minutes were returned to the secretary, with the comments',
})
export class MinutesReturnType {
  @Field(() => Int, { description: 'The version returned' })
  version: number;

  @Field()
  comment: string;

  returnedById: string;

  @Field(() => MemberType)
  returnedBy?: MemberType;

  @Field()
  returnedAt: Date;
}

@ObjectType('MinutesVersion')
export class MinutesVersionType extends MinutesContentType {
  @Field(() => ID)
  id: string;

  @Field(() => [MinutesReturnType], {
    description:
      'Each time this version was returned, oldest first: the review trail (leadership only: empty for members)',
  })
  returns?: MinutesReturnType[];
}

@ObjectType('Minutes')
export class MinutesType extends MinutesContentType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  meetingId: string;

  @Field(() => MinutesStatus)
  status: MinutesStatus;

  @Field(() => Int, {
    nullable: true,
    description: 'The latest approved version (members read this one)',
  })
  approvedVersion: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'An amendment of approved minutes awaits approval (leadership only: null for members)',
  })
  hasPendingAmendment: boolean | null;

  submittedById: string | null;

  @Field(() => MemberType, { nullable: true })
  submittedBy?: MemberType | null;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'The last comment the minutes were returned with',
  })
  returnComment: string | null;

  returnedById: string | null;

  @Field(() => MemberType, { nullable: true })
  returnedBy?: MemberType | null;

  @Field(() => Date, { nullable: true })
  returnedAt: Date | null;

  @Field(() => [MinutesVersionType], {
    description: 'Oldest first: every approved version; the leadership also sees drafts',
  })
  history?: MinutesVersionType[];
}
