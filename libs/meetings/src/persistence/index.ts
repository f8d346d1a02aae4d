import { ActionItemEntity } from './action-item.entity';
import { AgendaChangeEntity } from './agenda-change.entity';
import { AgendaItemEntity } from './agenda-item.entity';
import { AttendanceEntity } from './attendance.entity';
import { MeetingEntity } from './meeting.entity';
import { MinutesApprovalEntity } from './minutes-approval.entity';
import { MinutesReturnEntity } from './minutes-return.entity';
import { MinutesVersionEntity } from './minutes-version.entity';
import { MinutesEntity } from './minutes.entity';

export {
  ActionItemEntity,
  AgendaChangeEntity,
  AgendaItemEntity,
  AttendanceEntity,
  MeetingEntity,
  MinutesApprovalEntity,
  MinutesEntity,
  MinutesReturnEntity,
  MinutesVersionEntity,
};

export const MEETINGS_ENTITIES = [
  MeetingEntity,
  AgendaItemEntity,
  AgendaChangeEntity,
  AttendanceEntity,
  MinutesEntity,
  MinutesVersionEntity,
  MinutesApprovalEntity,
  MinutesReturnEntity,
  ActionItemEntity,
];
