import { ActionItemsResolver } from './action-items.resolver';
import {
  AgendaChangeResolver,
  AgendaFieldChangeResolver,
  AgendaResolver,
  AttendanceResolver,
} from './agenda.resolver';
import { MeetingsResolver } from './meetings.resolver';
import {
  MinutesActionItemResolver,
  MinutesAttendanceResolver,
  MinutesResolver,
  MinutesReturnResolver,
  MinutesVersionResolver,
} from './minutes.resolver';

export { MeetingLoaderServices } from './meetings.loaders';

export const MEETINGS_RESOLVERS = [
  MeetingsResolver,
  AgendaResolver,
  AgendaChangeResolver,
  AgendaFieldChangeResolver,
  AttendanceResolver,
  MinutesResolver,
  MinutesVersionResolver,
  MinutesReturnResolver,
  MinutesAttendanceResolver,
  MinutesActionItemResolver,
  ActionItemsResolver,
];
