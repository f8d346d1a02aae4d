import { ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessModule } from '@council/access';
import { AppConfig } from '@council/config';
import { AuthGuard } from './auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { OperationRateGuard } from './operation-rate.guard';

@Module({
  imports: [
    PassportModule,
    AccessModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ limit: config.RATE_LIMIT_OPERATIONS, ttl: config.RATE_LIMIT_WINDOW_MS }],
        setHeaders: false,
        // Operations only: health probes are never refused.
        skipIf: (context: ExecutionContext) =>
          !config.hasSafeguards || context.getType<string>() !== 'graphql',
      }),
    }),
  ],
  // AuthGuard runs the rate guard after authenticating, whatever the outcome.
  providers: [JwtStrategy, OperationRateGuard, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
