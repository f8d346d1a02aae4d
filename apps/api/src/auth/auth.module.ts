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
  // In this order: the rate guard counts the caller AuthGuard found.
  providers: [
    JwtStrategy,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: OperationRateGuard },
  ],
})
export class AuthModule {}
