import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AccessModule } from '@council/access';
import { AccountsModule } from '@council/accounts';
import { AuditModule } from '@council/audit';
import { AppConfig, JWT_SECRET } from '@council/config';
import { Clock, SystemClock } from '@council/core';
import { buildDataSourceOptions, databaseSettingsFrom } from '@council/database';
import { MeetingsModule } from '@council/meetings';
import { ElectionsModule } from '@council/elections';
import { TermsModule } from '@council/terms';
import { MIGRATIONS } from '../../../migrations';
import { AuditResolver } from './audit/audit.resolver';
import { AuthResolver, MembersResolver, OrganizationsResolver } from './accounts/accounts.resolver';
import { AuthModule } from './auth/auth.module';
import { ENTITIES } from './database/entities';
import { ELECTIONS_RESOLVERS } from './elections/elections.resolver';
import { buildGraphQLOptions } from './graphql/graphql-config';
import { DateTimeScalar } from './graphql/date-time.scalar';
import { FreshLoadersPerMutation } from './graphql/fresh-loaders.interceptor';
import { LoaderServices } from './graphql/loaders';
import { ResolverExceptionFilter } from './graphql/resolver-exception.filter';
import { HealthModule } from './health/health.module';
import { MEETINGS_RESOLVERS, MeetingLoaderServices } from './meetings';
import { DemoMeetingsSeeder } from './seed/demo-meetings';
import { DemoSeeder } from './seed/demo-seeder';
import { SeatResolver, TermsResolver } from './terms/terms.resolver';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  clock?: Clock;
  // Where log lines go (default: stdout).
  logDestination?: DestinationStream;
}

// Settings, the secret and the clock, available to every library.
@Global()
@Module({})
class PlatformModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: JWT_SECRET, useValue: options.jwtSecret },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [AppConfig, JWT_SECRET, Clock],
    };
  }
}

@Module({
  imports: [AccountsModule, TermsModule, AccessModule, MeetingsModule, ElectionsModule],
  providers: [LoaderServices, MeetingLoaderServices],
  exports: [LoaderServices],
})
class LoadersModule {}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions, logging: Params): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        LoggerModule.forRoot(logging),
        TypeOrmModule.forRoot(
          buildDataSourceOptions(
            databaseSettingsFrom(config, options.databaseUrl),
            ENTITIES,
            MIGRATIONS,
          ),
        ),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [LoadersModule],
          inject: [LoaderServices],
          useFactory: (loaders: LoaderServices) => buildGraphQLOptions(config, loaders),
        }),
        LoadersModule,
        HealthModule,
        AuthModule,
        AuditModule,
        AccountsModule,
        TermsModule,
        AccessModule,
        MeetingsModule,
        ElectionsModule,
      ],
      providers: [
        AuthResolver,
        MembersResolver,
        OrganizationsResolver,
        TermsResolver,
        SeatResolver,
        AuditResolver,
        ...MEETINGS_RESOLVERS,
        DemoMeetingsSeeder,
        ...ELECTIONS_RESOLVERS,
        DemoSeeder,
        { provide: APP_FILTER, useClass: ResolverExceptionFilter },
        { provide: APP_INTERCEPTOR, useClass: FreshLoadersPerMutation },
        DateTimeScalar,
      ],
    };
  }
}
