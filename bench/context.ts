import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { CapturedStatement } from './sql-capture';
import type { ReplayStatement } from './baseline-server';
import { Dataset, Random } from './dataset';
import { DIST, Service, productionNodeFlags, sleep, startService } from './processes';
import { SETTINGS } from './settings';

export interface BenchContext {
  workDir: string;
  databaseUrl: string;
  jwtSecret: string;
  db: Client;
  random: Random;
  dataset: Dataset;
  // The API as deployed: production settings, every safeguard and the request log on.
  api: Service;
}

// The API built in dist/, started as in production against the bench database.
export function startApi(
  context: Pick<BenchContext, 'workDir' | 'databaseUrl' | 'jwtSecret'>,
  name: string,
  env: Record<string, string> = {},
  preload?: string,
  pin = true,
): Promise<Service> {
  return startService({
    name,
    pin,
    script: join(DIST, 'apps/api/src/main.js'),
    nodeFlags: productionNodeFlags(),
    preload,
    readyPath: '/health/ready',
    urlPath: '/graphql',
    workDir: context.workDir,
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: context.jwtSecret,
      DATABASE_URL: context.databaseUrl,
      DB_POOL_SIZE: String(SETTINGS.poolSize),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      // Each benchmark client stands for many members (one client asks for a page hundreds of
      // times a second): the per-member limit, there to stop a runaway script, would refuse
      // them. The limit still counts every operation (README, Performance: what that costs here).
      RATE_LIMIT_OPERATIONS: '1000000',
      ...env,
    },
  });
}

// Records the SQL statements of one request sent to an instance started with the capture hook.
export async function captureStatements(
  capture: Service,
  file: string,
  send: () => Promise<void>,
): Promise<CapturedStatement[]> {
  rmSync(file, { force: true });
  rmSync(`${file}.armed`, { force: true });
  capture.child.kill('SIGUSR2');
  await waitFor(() => existsSync(`${file}.armed`));
  await send();
  await sleep(50);
  capture.child.kill('SIGUSR2');
  await waitFor(() => existsSync(file));
  await sleep(20);
  const statements = JSON.parse(readFileSync(file, 'utf8')) as CapturedStatement[];
  // JSON turns the NaN of an untimed statement into null.
  const untimed = statements.find((s) => typeof s.endedAt !== 'number' || s.endedAt === 0);
  if (untimed) {
    throw new Error(`the SQL capture could not time the statement: ${untimed.text.slice(0, 200)}`);
  }
  return statements;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the SQL capture');
    await sleep(20);
  }
}

// Statement i runs once every statement that had finished before it started has finished: the
// same sequence and the same parallelism as in the API.
export function replayPlan(statements: CapturedStatement[]): ReplayStatement[] {
  return statements.map((statement, index) => ({
    text: statement.text,
    values: statement.values,
    ...(statement.name ? { name: statement.name } : {}),
    rowCount: statement.rowCount,
    after: statements
      .slice(0, index)
      .map((other, otherIndex) => ({ other, otherIndex }))
      .filter(({ other }) => other.endedAt <= statement.startedAt)
      .map(({ otherIndex }) => otherIndex),
  }));
}
