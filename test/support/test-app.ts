import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@council/config';
import { ManualClock } from '@council/core';
import { GraphQLClient, TestDatabase, acquireTestDatabase } from '@council/testing';
import { createApp } from '../../apps/api/src/bootstrap';
import { TestFactory } from './test-factory';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF';

export interface TestApp {
  app: INestApplication;
  client: GraphQLClient;
  clock: ManualClock;
  dataSource: DataSource;
  database: TestDatabase;
  factory: TestFactory;
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: ManualClock;
  logDestination?: DestinationStream;
  // The URL the app connects with, given its fresh database (default: the database's own URL, as
  // its owner): test/app-role.e2e-spec.ts connects as a role that owns nothing.
  appDatabaseUrl?: (database: TestDatabase) => Promise<string>;
}

// The real application on its own fresh database, listening on a loopback port: tests talk to it
// over HTTP like any client, and may also reach its services (app.get) for domain-level tests.
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await acquireTestDatabase();
  let databaseUrl = database.url;
  try {
    if (options.appDatabaseUrl) databaseUrl = await options.appDatabaseUrl(database);
  } catch (error) {
    await database.release();
    throw error;
  }
  const clock = options.clock ?? new ManualClock();
  const { app, baseUrl } = await listeningApp(databaseUrl, database.isEmbedded, clock, options);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const factory = new TestFactory(app, dataSource);
  return {
    app,
    clock,
    dataSource,
    database,
    baseUrl,
    client: new GraphQLClient(`${baseUrl}/graphql`, (token) => factory.renewedToken(token)),
    factory,
    async close() {
      await app.close();
      await database.release();
    },
  };
}

async function listeningApp(
  databaseUrl: string,
  embedded: boolean,
  clock: ManualClock,
  options: Pick<TestAppOptions, 'env' | 'logDestination'>,
): Promise<{ app: INestApplication; baseUrl: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: embedded ? '1' : '4',
    JWT_SECRET: TEST_JWT_SECRET,
    // Specs drive hundreds of operations a second with one token; test/operation-rate.e2e-spec.ts
    // holds the limit itself.
    RATE_LIMIT_OPERATIONS: '1000000',
    ...options.env,
  });
  const app = await createApp({
    config,
    databaseUrl,
    jwtSecret: TEST_JWT_SECRET,
    clock,
    logDestination: options.logDestination,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

export interface OtherInstance {
  app: INestApplication;
  client: GraphQLClient;
  clock: ManualClock;
}

// A second API instance on the first one's database, with a clock of its own (two servers behind
// one load balancer). Closed by the caller, before the first.
export async function startAnotherInstance(
  first: TestApp,
  clock: ManualClock,
): Promise<OtherInstance> {
  const { app, baseUrl } = await listeningApp(
    first.database.url,
    first.database.isEmbedded,
    clock,
    {},
  );
  return {
    app,
    clock,
    client: new GraphQLClient(`${baseUrl}/graphql`, (token) =>
      first.factory.renewedToken(token, clock),
    ),
  };
}
