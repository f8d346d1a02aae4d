import { ApiProcess } from './support/api-process';
import { auditVerify } from './support/audit-verify';
import { waitFor } from './support/deadline';
import {
  FaultDatabase,
  appBackends,
  createFaultDatabase,
  queryRows,
} from './support/fault-database';
import { crashAndRestartUnderLoad } from './support/crash-restart';
import { postGraphQL } from './support/http';

// RL-03, generic part: SIGKILL in the middle of a write load, restart on the same database.
// Today's write is createOrganization (one row + its audit entry in one transaction). The
// election scenario ("200 voters cast ballots; participation rows = ballots; every acknowledged
// ballot is stored") plugs its own send/isDone and checks into crashAndRestartUnderLoad: see
// README, "Reliability".
const CREATE =
  'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name } }';
const POOL_SIZE = 4;
const WORKERS = 6;

describe('fault: SIGKILL during writes, then restart', () => {
  let database: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let restarted: ApiProcess | undefined;

  beforeAll(async () => {
    database = await createFaultDatabase('sigkill');
    api = await ApiProcess.start({
      databaseUrl: database.url,
      env: { DB_POOL_SIZE: String(POOL_SIZE) },
    });
  });

  afterAll(async () => {
    await api?.kill();
    await restarted?.kill();
    await database?.drop();
  });

  it('stores every acknowledged write, at most the in-flight ones besides, each with its audit entry', async () => {
    const token = await api!.login();
    const nameOf = (worker: number, seq: number) => `SIGKILL ${worker}-${seq}`;
    const result = await crashAndRestartUnderLoad({
      api: api!,
      workers: WORKERS,
      // The port survives the restart, so the same URL (and token) serve both processes.
      send: async (worker, seq) => ({
        ...(await postGraphQL(
          api!.graphqlUrl,
          CREATE,
          { input: { name: nameOf(worker, seq), shortName: `K${worker}-${seq}` } },
          { token, timeoutMs: 5000 },
        )),
        tag: nameOf(worker, seq),
      }),
      loadBeforeKillMs: 1500,
      downtimeMs: 500,
      loadAfterRestartMs: 1500,
    });
    restarted = result.restarted;
    expect(result.exit).toMatchObject({ signal: 'SIGKILL' });

    const stored = await queryRows<{ id: string; name: string }>(
      database!.url,
      `SELECT id, name FROM organization WHERE name LIKE 'SIGKILL %'`,
    );
    const storedById = new Map(stored.map((row) => [row.id, row.name]));
    const acknowledgedBefore = result.acknowledged.filter((o) => o.endedAt < result.killedAt);
    const acknowledgedAfter = result.acknowledged.filter((o) => o.startedAt > result.restartedAt);
    expect(acknowledgedBefore.length).toBeGreaterThan(WORKERS);
    expect(acknowledgedAfter.length).toBeGreaterThan(WORKERS);

    // Every acknowledged write is stored, as acknowledged.
    const lost = result.acknowledged.filter(
      (o) => storedById.get(o.data?.createOrganization.id) !== o.tag,
    );
    expect(lost.map((o) => o.tag)).toEqual([]);
    // Whatever else is stored was in flight when the process died (committed, answer lost).
    const acknowledgedNames = new Set(result.acknowledged.map((o) => o.tag));
    const inFlightNames = new Set(result.inFlightAtKill.map((r) => nameOf(r.worker, r.seq)));
    const unacknowledged = stored.filter((row) => !acknowledgedNames.has(row.name));
    expect(unacknowledged.filter((row) => !inFlightNames.has(row.name))).toEqual([]);
    expect(unacknowledged.length).toBeLessThanOrEqual(result.inFlightAtKill.length);

    // A write and its audit entry committed together, and the chain is intact after the crash.
    const [{ audited }] = await queryRows<{ audited: string }>(
      database!.url,
      `SELECT count(*) AS audited FROM audit_entry
        WHERE action = 'accounts.organization_created' AND summary->>'name' LIKE 'SIGKILL %'`,
    );
    expect(Number(audited)).toBe(stored.length);
    expect(await auditVerify(database!.url)).toMatchObject({ code: 0 });

    // The dead process's sessions are gone; the new one holds at most its pool.
    await waitFor(
      'at most one pool of app sessions',
      async () => (await appBackends(database!.name)).length <= POOL_SIZE,
      { timeoutMs: 3000 },
    );
  });
});
