import { Module } from '@nestjs/common';
import { AccountsModule } from '@council/accounts';
import { TermsModule } from '@council/terms';
import { AccessService } from './access.service';

@Module({
  imports: [AccountsModule, TermsModule],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
