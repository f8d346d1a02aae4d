import { registerEnumType } from '@nestjs/graphql';
import {
  ActionItemStatus,
  AgendaChangeKind,
  AgendaItemKind,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingOrder,
  MeetingStatus,
  MinutesStatus,
} from '@council/meetings';

registerEnumType(MeetingFormat, { name: 'MeetingFormat' });
registerEnumType(MeetingStatus, { name: 'MeetingStatus' });
registerEnumType(MeetingOrder, {
  name: 'MeetingOrder',
  description: 'By the start: newest first (the default), or soonest first',
});
registerEnumType(AgendaItemKind, { name: 'AgendaItemKind' });
registerEnumType(AgendaChangeKind, { name: 'AgendaChangeKind' });
registerEnumType(AttendanceStatus, { name: 'AttendanceStatus' });
registerEnumType(MinutesStatus, { name: 'MinutesStatus' });
registerEnumType(DecisionOutcome, { name: 'DecisionOutcome' });
registerEnumType(ActionItemStatus, { name: 'ActionItemStatus' });

export {
  ActionItemStatus,
  AgendaChangeKind,
  AgendaItemKind,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingOrder,
  MeetingStatus,
  MinutesStatus,
};
