import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MemberType } from '../accounts/member.type';
import { Connection } from '../graphql/connection.type';
import type { ConnectionShape } from '../graphql/connection.type';
import {
  AgendaChangeKind,
  AgendaItemKind,
  AttendanceStatus,
  MeetingFormat,
  MeetingStatus,
} from './meetings.enums';
import { MinutesType } from './minutes.type';

@ObjectType('AgendaItem')
export class AgendaItemType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  meetingId: string;

  @Field(() => Int, { description: 'Place in the agenda, from 1' })
  position: number;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  presenterId: string | null;

  @Field(() => MemberType, { nullable: true })
  presenter?: MemberType | null;

  @Field(() => Int, { description: 'Planned duration in minutes' })
  durationMinutes: number;

  @Field(() => AgendaItemKind)
  kind: AgendaItemKind;

  electionId: string | null;
}

@ObjectType('AgendaFieldChange', {
  description:
    'One field of an item or of the meeting, before and after; fromMember/toMember and fromElection/toElection name what a presenterId or electionId change refers to',
})
export class AgendaFieldChangeType {
  @Field({
    description:
      'An item’s title, description, presenterId, durationMinutes, kind or electionId; the meeting’s title, startsAt, location, format or timeZone; or order (a reorder)',
  })
  field: string;

  @Field(() => String, {
    nullable: true,
    description:
      'As stored: ids, enum names, minutes as digits, instants in UTC (ISO 8601); for order the numbered titles',
  })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'As `from`' })
  to: string | null;
}

@ObjectType('AgendaChange', {
  description: 'A change made after the agenda was published; each raises agendaRevision',
})
export class AgendaChangeType {
  @Field(() => Int)
  revision: number;

  @Field(() => AgendaChangeKind)
  kind: AgendaChangeKind;

  @Field(() => ID, { nullable: true })
  agendaItemId: string | null;

  @Field(() => String, { nullable: true })
  itemTitle: string | null;

  @Field(() => [AgendaFieldChangeType])
  changes: AgendaFieldChangeType[];

  @Field()
  changedAt: Date;

  changedBy: string;

  @Field(() => MemberType, { name: 'changedBy', nullable: true })
  changedByMember?: MemberType | null;
}

export const AgendaChangeConnection = Connection(AgendaChangeType, 'AgendaChange');

@ObjectType('Attendance')
export class AttendanceType {
  memberId: string;

  @Field(() => MemberType)
  member?: MemberType;

  @Field(() => AttendanceStatus)
  status: AttendanceStatus;

  @Field()
  recordedAt: Date;
}

@ObjectType('Quorum')
export class QuorumType {
  @Field(() => Int)
  present: number;

  @Field(() => Int, { description: 'Members active at the start of the meeting' })
  activeMembers: number;

  @Field(() => Int, { description: 'More than half of activeMembers' })
  required: number;

  @Field()
  isQuorate: boolean;
}

@ObjectType('Meeting')
export class MeetingType {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field({ description: 'The instant the meeting starts' })
  startsAt: Date;

  @Field({ description: 'The IANA time zone the meeting is held in' })
  timeZone: string;

  @Field({
    description: 'The start in the meeting’s time zone, e.g. 2019-12-20T11:00:00.000+03:00',
  })
  startsAtLocal?: string;

  @Field()
  location: string;

  @Field(() => MeetingFormat)
  format: MeetingFormat;

  @Field(() => MeetingStatus)
  status: MeetingStatus;

  @Field(() => Int, {
    description: '0 while a draft, 1 once the agenda is published, +1 for every later change',
  })
  agendaRevision: number;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true })
  heldAt: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true })
  cancellationReason: string | null;

  presentCount: number;
  activeMembersAtStart: number | null;

  @Field(() => [AgendaItemType])
  agenda?: AgendaItemType[];

  @Field(() => AgendaChangeConnection, {
    description: 'Changes made after publication, oldest first (by revision)',
  })
  agendaChanges?: ConnectionShape<AgendaChangeType>;

  @Field(() => [AttendanceType])
  attendance?: AttendanceType[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'More than half of the members active at the start are recorded present; null until attendance is first taken or the meeting is held, and again once it is cancelled (a meeting held with nobody recorded yet is not quorate: false)',
  })
  quorate?: boolean | null;

  @Field(() => QuorumType, {
    nullable: true,
    description: 'The count behind quorate; null while quorate is',
  })
  quorum?: QuorumType | null;

  @Field(() => MinutesType, {
    nullable: true,
    description: 'Members see approved minutes only; the leadership also sees drafts',
  })
  minutes?: MinutesType | null;
}

export const MeetingConnection = Connection(MeetingType, 'Meeting');
