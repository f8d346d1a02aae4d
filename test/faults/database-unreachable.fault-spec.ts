import { ApiProcess } from './support/api-process';
import { sleep, waitFor } from './support/deadline';
import { FaultDatabase, createFaultDatabase, serverUrl } from './support/fault-database';
import { durationOf, summarise, uncleanFailures } from './support/http';
import { startLoad } from './support/load';
import { ProxyMode, TcpProxy } from './support/tcp-proxy';

// RL-02 without stopping the shared cluster: the app reaches PostgreSQL through a TCP proxy that
// the test cuts for a few seconds and restores.
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 1000;
// libs/database/src/data-source-options.ts: query_timeout = statement_timeout + 2000 ms.
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 2000;
const MARGIN_MS = 1000;
const READ = '{ me { id } organizations { id name } }';
const WORKERS = 6;

describe('fault: the database is unreachable for a few seconds', () => {
  let database: FaultDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let api: ApiProcess | undefined;
  let token: string;

  beforeAll(async () => {
    database = await createFaultDatabase('unreachable');
    const server = new URL(serverUrl());
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    api = await ApiProcess.start({
      databaseUrl: proxy.urlFor(database.url),
      env: {
        DB_POOL_SIZE: '4',
        DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      },
    });
    token = await api.login();
  });

  afterAll(async () => {
    await api?.kill();
    await proxy?.close();
    await database?.drop();
  });

  it.each<[Exclude<ProxyMode, 'forward'>, string, number, number]>([
    ['reset', 'connections cut and refused (the server is down)', 3000, MARGIN_MS],
    ['blackhole', 'connections cut, new ones never answered', 3000, CONNECT_TIMEOUT_MS + MARGIN_MS],
    [
      'freeze',
      'nothing flows, open connections included (a silent partition)',
      QUERY_TIMEOUT_MS + 1500,
      QUERY_TIMEOUT_MS + MARGIN_MS,
    ],
  ])(
    '%s — %s: readiness 503 and back, requests fail fast and cleanly, recovery without restart',
    async (mode, _description, outageMs, slowestFailureMs) => {
      const { pid } = api!;
      const load = startLoad({
        workers: WORKERS,
        maxDurationMs: 20_000,
        // The client's own deadline is far above the server's: a request that hangs shows up
        // as a client-timeout outcome.
        send: () => api!.graphql(READ, {}, { token, timeoutMs: 10_000 }),
        pauseAfterFailureMs: 20,
      });
      await sleep(500);

      const cutAt = Date.now();
      proxy!.cut(mode);
      const notReady = await waitFor(
        'readiness 503',
        async () => {
          const probe = await api!.readiness();
          return probe.status === 503 ? probe : undefined;
        },
        { timeoutMs: 3000 },
      );
      // Liveness never touches the database.
      expect((await api!.liveness()).status).toBe(200);
      await sleep(Math.max(0, cutAt + outageMs - Date.now()));

      const restoredAt = Date.now();
      proxy!.restore();
      const ready = await waitFor(
        'readiness 200 again',
        async () => {
          const probe = await api!.readiness();
          return probe.status === 200 ? probe : undefined;
        },
        { timeoutMs: 3000 },
      );
      await sleep(1500);
      const outcomes = await load.stop();

      // The readiness probe answers 503 within its own 1.5 s deadline, and 200 once it can.
      expect(notReady.at - cutAt).toBeLessThan(2500);
      expect(notReady.body ?? '').not.toMatch(/\bat \S+ \(|\.js:\d+|node_modules/);
      // A public probe: the driver's message (database, user, host) stays in the server's log.
      expect(JSON.parse(notReady.body ?? '')).toEqual({
        status: 'error',
        details: { database: { status: 'down' } },
      });
      expect(ready.at - restoredAt).toBeLessThan(2000);

      // During the outage: nothing succeeded, every failure is clean and retryable, none hung.
      expect(summarise(outcomes.filter((o) => o.kind === 'client-timeout'))).toEqual({});
      const failures = outcomes.filter((o) => o.kind !== 'ok');
      expect(uncleanFailures(failures)).toEqual([]);
      expect(
        outcomes.filter(
          (o) => o.kind === 'ok' && o.startedAt > cutAt + 50 && o.endedAt < restoredAt,
        ),
      ).toEqual([]);
      const failedInOutage = failures.filter((o) => o.endedAt > cutAt && o.endedAt <= restoredAt);
      // Every worker saw a request fail before the database came back: failures do not wait
      // for the outage to end.
      expect(new Set(failedInOutage.map((o) => o.worker)).size).toBe(WORKERS);
      expect(Math.max(...failures.map(durationOf))).toBeLessThanOrEqual(slowestFailureMs);

      // Back within a second of the database being reachable, in the same process.
      const recovered = outcomes.filter((o) => o.startedAt >= restoredAt + 1000);
      expect(recovered.length).toBeGreaterThan(WORKERS);
      expect(summarise(recovered)).toEqual({ ok: recovered.length });
      expect(api!.isRunning).toBe(true);
      expect(api!.pid).toBe(pid);
    },
  );
});
