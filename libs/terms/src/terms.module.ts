import { Module } from '@nestjs/common';
import { AuditModule } from '@council/audit';
import { TermsService } from './terms.service';

@Module({
  imports: [AuditModule],
  providers: [TermsService],
  exports: [TermsService],
})
export class TermsModule {}
