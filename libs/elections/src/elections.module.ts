import { Module } from '@nestjs/common';
import { AuditModule } from '@council/audit';
import { TermsModule } from '@council/terms';
import { BallotsService } from './ballots.service';
import { CertificationService } from './certification.service';
import { ElectionsQueryService } from './elections-query.service';
import { ElectionsService } from './elections.service';
import { NominationsService } from './nominations.service';
import { ElectionsRepository } from './persistence/elections.repository';
import { RunoffsService } from './runoffs.service';
import { TallyService } from './tally.service';

@Module({
  imports: [AuditModule, TermsModule],
  providers: [
    ElectionsRepository,
    ElectionsService,
    NominationsService,
    BallotsService,
    TallyService,
    RunoffsService,
    CertificationService,
    ElectionsQueryService,
  ],
  exports: [
    ElectionsService,
    NominationsService,
    BallotsService,
    TallyService,
    RunoffsService,
    CertificationService,
    ElectionsQueryService,
  ],
})
export class ElectionsModule {}
