import { ApiProcess } from './support/api-process';
import { sleep, waitFor } from './support/deadline';
import {
  FaultDatabase,
  TableLock,
  appBackends,
  createFaultDatabase,
  lockTable,
  terminateAppBackends,
} from './support/fault-database';
import { summarise, uncleanFailures } from './support/http';
import { startLoad } from './support/load';

// RL-01: pg_terminate_backend on the app's sessions in the middle of a load.
const READ = '{ me { id } members(first: 5) { totalCount edges { node { id fullName } } } }';
const POOL_SIZE = 4;

describe('fault: the app’s database sessions are killed mid-load', () => {
  let database: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let lock: TableLock | undefined;
  let token: string;

  beforeAll(async () => {
    database = await createFaultDatabase('kill');
    api = await ApiProcess.start({
      databaseUrl: database.url,
      env: { DB_POOL_SIZE: String(POOL_SIZE), DB_LOCK_TIMEOUT_MS: '10000' },
    });
    token = await api.login();
  });

  afterAll(async () => {
    await lock?.release();
    await api?.kill();
    await database?.drop();
  });

  it('fails only requests in flight, cleanly, and serves the next ones within a second', async () => {
    const { pid } = api!;
    const load = startLoad({
      workers: 6,
      maxDurationMs: 10_000,
      send: () => api!.graphql(READ, {}, { token, timeoutMs: 5000 }),
    });
    await sleep(1000);
    const killedAt = Date.now();
    const killed = await terminateAppBackends(database!.name);
    await sleep(2500);
    const outcomes = await load.stop();

    expect(killed).toBeGreaterThan(0);
    const failures = outcomes.filter((outcome) => outcome.kind !== 'ok');
    // Only what was in flight (or raced the kill on a pool connection about to learn it died).
    expect(failures.filter((outcome) => outcome.startedAt > killedAt + 1000)).toEqual([]);
    expect(failures.length).toBeLessThanOrEqual(6 + POOL_SIZE);
    expect(uncleanFailures(failures)).toEqual([]);
    expect(
      outcomes.filter((outcome) => outcome.endedAt < killedAt && outcome.kind !== 'ok'),
    ).toEqual([]);
    const afterASecond = outcomes.filter((outcome) => outcome.startedAt >= killedAt + 1000);
    expect(afterASecond.length).toBeGreaterThan(10);
    expect(summarise(afterASecond)).toEqual({ ok: afterASecond.length });
    // Same process, still ready.
    expect(api!.isRunning).toBe(true);
    expect(api!.pid).toBe(pid);
    expect((await api!.readiness()).status).toBe(200);
  });

  it('answers a request whose session dies under it with DATABASE_UNAVAILABLE, even in the authentication guard', async () => {
    // A lock held by another session parks the guard's per-request query (principalFor reads
    // `member`) inside PostgreSQL: these requests are certainly in flight when their sessions die.
    lock = await lockTable(database!.url, 'member');
    const parked = Array.from({ length: POOL_SIZE }, () =>
      api!.graphql('{ me { id email roles } }', {}, { token, timeoutMs: 15_000 }),
    );
    await waitFor(
      `${POOL_SIZE} app sessions waiting on the lock`,
      async () =>
        (await appBackends(database!.name)).filter((backend) => backend.waitEventType === 'Lock')
          .length >= POOL_SIZE,
      { timeoutMs: 5000 },
    );
    const killedAt = Date.now();
    expect(await terminateAppBackends(database!.name)).toBeGreaterThanOrEqual(POOL_SIZE);
    const outcomes = await Promise.all(parked);
    await lock.release();

    expect(uncleanFailures(outcomes, ['DATABASE_UNAVAILABLE'])).toEqual([]);
    // Fail closed: nothing of the member was served, and the token was not called bad.
    for (const outcome of outcomes) {
      expect(outcome.data ?? null).toBeNull();
      expect(outcome.errors?.[0]?.extensions?.code).not.toBe('UNAUTHENTICATED');
    }
    // The next request succeeds within a second of the kill.
    const next = await waitFor(
      'a successful request after the kill',
      async () => {
        const outcome = await api!.graphql('{ me { id } }', {}, { token, timeoutMs: 1000 });
        return outcome.kind === 'ok' ? outcome : undefined;
      },
      { timeoutMs: 1000, intervalMs: 20 },
    );
    expect(next.endedAt - killedAt).toBeLessThan(1000);
    expect(api!.isRunning).toBe(true);
  });
});
