import { Field, ID, ObjectType } from '@nestjs/graphql';
import { MemberType } from '../accounts/member.type';
import { Connection } from '../graphql/connection.type';
import { ActionItemStatus } from './meetings.enums';
import { MeetingType } from './meeting.type';

@ObjectType('ActionItem', { description: 'An action item of approved minutes, followed up' })
export class ActionItemType {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  assigneeId: string;

  @Field(() => MemberType)
  assignee?: MemberType;

  @Field({ description: 'Calendar date (YYYY-MM-DD) in the council’s time zone' })
  dueOn: string;

  @Field(() => ActionItemStatus)
  status: ActionItemStatus;

  @Field({ description: 'Not done and due before today (council time zone)' })
  isOverdue?: boolean;

  meetingId: string;

  @Field(() => MeetingType)
  meeting?: MeetingType;

  @Field(() => ID)
  agendaItemId: string;
}

export const ActionItemConnection = Connection(ActionItemType, 'ActionItem');
