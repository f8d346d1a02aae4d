import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { createValidationPipe } from './graphql/validation.pipe';

// Builds the configured application (used by main.ts and by the end-to-end tests).
export async function createApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const { config } = options;
  const express = app.getHttpAdapter().getInstance();
  express.disable('x-powered-by');
  express.set('trust proxy', config.TRUST_PROXY);
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  app.use(
    '/graphql',
    (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      // Answers carry members' data: never cached by browsers or proxies.
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
  );
  if (config.CORS_ORIGINS) {
    app.enableCors({
      origin: config.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
      credentials: false,
    });
  }
  app.useGlobalPipes(createValidationPipe());
  return app;
}
