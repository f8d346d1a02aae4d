import { setTimeout as delay } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import { AppConfig, resolveJwtSecret } from '@council/config';
import { Clock } from '@council/core';
import { EmbeddedPostgres, databaseSettingsFrom, startEmbeddedPostgres } from '@council/database';
import { createApp } from './bootstrap';
import { DEMO_DATA_LOCK, prepareSchema, withStartupLock } from './database/migrate';
import { Lifecycle } from './health/health.controller';
import { DemoSeeder, DemoSeedResult } from './seed/demo-seeder';

export interface RunningServer {
  app: INestApplication;
  url: string;
  embedded?: EmbeddedPostgres;
  seed?: DemoSeedResult;
  // Graceful: readiness answers 503 at once; with drainMs the server keeps serving that long (a
  // load balancer notices and stops routing here), then stops accepting, lets the requests in
  // flight finish (Apollo's drain) and closes the database pool.
  stop(options?: { drainMs?: number }): Promise<void>;
}

// Start-up in order: database (embedded when no DATABASE_URL), migrations (or their check), the
// app, demo data once.
export async function startServer(config: AppConfig, clock?: Clock): Promise<RunningServer> {
  const jwtSecret = resolveJwtSecret(config);
  const embedded = config.isEmbeddedDatabase
    ? await startEmbeddedPostgres({ dataDir: config.embeddedDataDir })
    : undefined;
  try {
    const databaseUrl = embedded?.url ?? config.DATABASE_URL!;
    const settings = databaseSettingsFrom(config, databaseUrl);
    await prepareSchema(settings, config.MIGRATIONS_AT_START);
    const app = await createApp({ config, databaseUrl, jwtSecret, clock });
    const seedDemo = () => app.get(DemoSeeder).seedOnce();
    // Instances starting together on one server load the demo once; the others wait, then find it
    // loaded. An embedded data directory is opened by one process only (and by one connection).
    const seed = !config.shouldSeedDemo
      ? undefined
      : embedded
        ? await seedDemo()
        : await withStartupLock(settings, DEMO_DATA_LOCK, seedDemo);
    await app.listen(config.PORT, config.HOST);
    const address = (app.getHttpServer() as import('node:http').Server).address() as {
      port: number;
    };
    let stopping: Promise<void> | undefined;
    return {
      app,
      embedded,
      seed,
      url: `http://${config.urlHost}:${address.port}/graphql`,
      stop(options = {}) {
        stopping ??= (async () => {
          app.get(Lifecycle).isShuttingDown = true;
          if (options.drainMs) await delay(options.drainMs);
          await app.close();
          await embedded?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
