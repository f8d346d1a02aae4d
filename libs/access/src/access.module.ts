import { Module } from '@nestjs/common';
import { TermsModule } from '@council/terms';
import { AccessService } from './access.service';

@Module({
  imports: [TermsModule],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
