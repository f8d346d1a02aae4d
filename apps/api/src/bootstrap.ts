import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { corsOriginsOf } from '@council/config';
import { AppModule, AppModuleOptions } from './app.module';
import { graphqlBodyErrors, noStore, onlyGetAndPost } from './graphql/http-guards';
import { createValidationPipe } from './graphql/validation.pipe';
import { createLogging } from './logging';

// A client must send a request's headers within 20 s and the whole request within 30 s (a 100 kB
// body on the slowest link takes a few seconds); Node's defaults, 60 s and 300 s, let a client that
// drips its request a byte at a time hold a socket for five minutes.
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 30_000;

// Builds the configured application (used by main.ts and by the end-to-end tests).
export async function createApp(options: AppModuleOptions): Promise<INestApplication> {
  const logging = createLogging(options.config, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(options, logging.module),
    {
      bodyParser: false,
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  const { config } = options;
  const server: Server = app.getHttpServer();
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.maxConnections = config.MAX_CONNECTIONS;
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  express.set('trust proxy', config.TRUST_PROXY);
  // The usual security headers on every answer (nosniff, no framing, no referrer, HSTS…). The
  // content security policy only in production: in development GraphiQL loads its scripts from a CDN.
  express.use(helmet({ contentSecurityPolicy: config.isProduction }));
  // First, so that requests refused before GraphQL (413, malformed JSON, 405) have their line too;
  // the operation is named from the parsed body when the response finishes.
  if (logging.requestLog) express.use(logging.requestLog);
  express.use('/graphql', noStore);
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  express.use('/graphql', graphqlBodyErrors);
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: corsOriginsOf(config.CORS_ORIGINS),
      credentials: false,
      // The id a user can quote to support, readable by the portal's own pages.
      exposedHeaders: ['X-Request-Id'],
    });
  }
  express.use('/graphql', onlyGetAndPost);
  app.useGlobalPipes(createValidationPipe());
  return app;
}
