import { Module } from '@nestjs/common';
import { AuditModule } from '@council/audit';
import { TermsModule } from '@council/terms';
import { ActionItemsService } from './action-items.service';
import { AgendaService } from './agenda.service';
import { AttendanceService } from './attendance.service';
import { MeetingsService } from './meetings.service';
import { MinutesReader } from './minutes-reader.service';
import { MinutesApprovalService } from './minutes-approval.service';
import { MinutesDraftingService } from './minutes-drafting.service';

const SERVICES = [
  MeetingsService,
  AgendaService,
  AttendanceService,
  MinutesDraftingService,
  MinutesApprovalService,
  MinutesReader,
  ActionItemsService,
];

@Module({
  imports: [AuditModule, TermsModule],
  providers: SERVICES,
  exports: SERVICES,
})
export class MeetingsModule {}
