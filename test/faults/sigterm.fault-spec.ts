import { ApiProcess } from './support/api-process';
import { sleep, waitFor } from './support/deadline';
import {
  FaultDatabase,
  TableLock,
  appBackends,
  createFaultDatabase,
  lockTable,
} from './support/fault-database';
import { getStatus, summarise } from './support/http';
import { startLoad } from './support/load';

// RL-04: SIGTERM while the API is busy, as an orchestrator stops a container.
const DRAIN_MS = 1500;
const EXIT_DEADLINE_MS = 10_000;
const READ = '{ me { id } members(first: 3) { totalCount } }';

describe('fault: SIGTERM under load', () => {
  let database: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let lock: TableLock | undefined;

  beforeAll(async () => {
    database = await createFaultDatabase('sigterm');
    api = await ApiProcess.start({
      databaseUrl: database.url,
      env: {
        DB_POOL_SIZE: '4',
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        DB_LOCK_TIMEOUT_MS: '8000',
        DB_STATEMENT_TIMEOUT_MS: '8000',
      },
    });
  });

  afterAll(async () => {
    await lock?.release();
    await api?.kill();
    await database?.drop();
  });

  it('finishes the requests accepted before the signal, turns readiness 503 first, exits within 10 s with its connections closed', async () => {
    const token = await api!.login();
    const readyUrl = `${api!.baseUrl}/health/ready`;
    const readiness: Array<{ status: number | 'unreachable'; at: number }> = [];
    let polling = true;
    const poller = (async () => {
      for (const deadline = Date.now() + 20_000; polling && Date.now() < deadline;) {
        readiness.push(await getStatus(readyUrl, 1000));
        await sleep(25);
      }
    })();
    const load = startLoad({
      workers: 4,
      maxDurationMs: 20_000,
      send: () => api!.graphql(READ, {}, { token, timeoutMs: 15_000 }),
      pauseAfterFailureMs: 50,
    });
    await sleep(800);

    // Two slow requests, parked inside PostgreSQL behind a lock: still running at the signal,
    // and (released after the drain period) still running when the server stops accepting.
    lock = await lockTable(database!.url, 'organization');
    const parked = [0, 1].map(() =>
      api!.graphql('{ organizations { id name } }', {}, { token, timeoutMs: 15_000 }),
    );
    await waitFor(
      'two requests waiting on the lock',
      async () =>
        (await appBackends(database!.name)).filter((backend) => backend.waitEventType === 'Lock')
          .length >= 2,
      { timeoutMs: 5000 },
    );

    const signalAt = Date.now();
    api!.signal('SIGTERM');
    await sleep(DRAIN_MS + 1000);
    const releasedAt = Date.now();
    await lock.release();
    const exit = await api!.waitForExit(EXIT_DEADLINE_MS + 2000);
    polling = false;
    await poller;
    const outcomes = await load.stop();
    const parkedOutcomes = await Promise.all(parked);

    // Exits on its own, in time, after the slow requests were answered.
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalAt).toBeLessThan(EXIT_DEADLINE_MS);
    expect(exit.at).toBeGreaterThan(releasedAt);
    expect(summarise(parkedOutcomes)).toEqual({ ok: 2 });

    // Every request sent before the signal was answered successfully.
    const acceptedBefore = outcomes.filter((outcome) => outcome.startedAt < signalAt);
    expect(acceptedBefore.length).toBeGreaterThan(4);
    expect(summarise(acceptedBefore)).toEqual({ ok: acceptedBefore.length });
    // Requests were still served during the drain period.
    expect(
      outcomes.filter((o) => o.kind === 'ok' && o.startedAt > signalAt + 200).length,
    ).toBeGreaterThan(0);

    // Readiness: 200 before the signal, then 503 while still answering, only then unreachable.
    expect(readiness.filter((probe) => probe.at < signalAt).map((probe) => probe.status)).toEqual(
      readiness.filter((probe) => probe.at < signalAt).map(() => 200),
    );
    const afterSignal = readiness.filter((probe) => probe.at > signalAt + 100);
    const firstUnreachable = afterSignal.findIndex((probe) => probe.status === 'unreachable');
    const notReady = afterSignal.slice(0, firstUnreachable === -1 ? undefined : firstUnreachable);
    expect(notReady.length).toBeGreaterThan(0);
    expect(new Set(notReady.map((probe) => probe.status))).toEqual(new Set([503]));
    expect(notReady[notReady.length - 1].at - signalAt).toBeGreaterThanOrEqual(DRAIN_MS - 200);

    // Its database sessions are gone.
    await waitFor(
      'no app session left',
      async () => (await appBackends(database!.name)).length === 0,
      { timeoutMs: 2000 },
    );
    expect(api!.logs).not.toContain('shutdown did not finish');
  });
});
