import 'reflect-metadata';
import { inspect } from 'node:util';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@council/config';
import { DEMO_PASSWORD } from './seed/demo-data';
import { startServer } from './server';

// Orchestrators kill a process that is still running 10 s after SIGTERM (Kubernetes' default
// grace period is 30 s, Docker's 10 s): leave before that, on our terms.
const SHUTDOWN_DEADLINE_MS = 9_500;

async function main(): Promise<void> {
  // A log reader that goes away (a log shipper that crashed, `| head`) makes writes fail with
  // EPIPE: unheard, that error ended the process, and pino's flush on exit then retried its
  // buffered lines forever, leaving a process that holds the port and answers nothing. The portal
  // goes on serving, its log lost (pino stops writing at its own first EPIPE).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const logger = new Logger('Council Portal');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const running = server;
  const database = config.isEmbeddedDatabase
    ? `embedded PostgreSQL in ${config.DATA_DIR}/pglite`
    : 'PostgreSQL (DATABASE_URL)';
  const lines = [
    '',
    `  Council Portal is running: ${running.url}`,
    `  Database: ${database}`,
    `  Health: ${running.url.replace('/graphql', '/health/ready')}`,
  ];
  if (!config.hasSafeguards) {
    lines.push(
      '  SAFEGUARDS=off: no armor, cost or token limits, no one-login rule, no operation rate limit, no request log (for benchmarks only)',
    );
  }
  if (running.seed?.skipped) {
    lines.push(`  ${running.seed.skipped}.`);
  } else if (running.seed) {
    lines.push(`  Demo log-ins (password for all: ${DEMO_PASSWORD}):`);
    for (const login of running.seed.logins)
      lines.push(`    ${login.email.padEnd(36)} ${login.description}`);
    if (config.isProduction) {
      logger.warn(
        'SEED_DEMO in production: the demo accounts, whose password is published, can log in (for a demonstration only, never in service)',
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  logger.log(`listening on ${running.url}`);

  // Nest's shutdown hooks re-raise the signal before PGlite is closed, so we handle signals here:
  // readiness goes 503 while requests are still served (SHUTDOWN_DRAIN_MS), then the server stops
  // accepting, in-flight requests finish, connections close, then the embedded engine. Whatever
  // happens, the process is gone SHUTDOWN_DEADLINE_MS after the signal.
  let exiting = false;
  const shutdown = (signal: string) => {
    if (exiting) return;
    exiting = true;
    logger.log(`${signal} received, shutting down`);
    const force = setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS} ms, exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    running.stop({ drainMs: config.SHUTDOWN_DRAIN_MS }).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // The terminal that ran `npm start` closed: Node's default would end the process at once, with
  // no drain and the embedded engine's files not closed.
  process.on('SIGHUP', () => shutdown('SIGHUP'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    // Not String(): a thrown plain object (seen once when Ctrl-C interrupted a first start) read
    // "[object Object]".
    `Start-up failed: ${error instanceof Error ? error.message : inspect(error)}\n`,
  );
  process.exit(1);
});
