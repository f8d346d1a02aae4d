import { ApiProcess } from './support/api-process';
import { waitFor } from './support/deadline';
import {
  FaultDatabase,
  TableLock,
  createFaultDatabase,
  lockTable,
  queryRows,
} from './support/fault-database';
import { Outcome, durationOf, summarise, uncleanFailures } from './support/http';

// RL-09: another session holds ACCESS EXCLUSIVE on a table the API needs.
const CONNECT_TIMEOUT_MS = 1000;
const MARGIN_MS = 1000;

// lock_timeout fires first: SQLSTATE 55P03.
const LOCK_FIRST = { lockTimeoutMs: 500, statementTimeoutMs: 2000 };
// statement_timeout fires first: SQLSTATE 57014.
const STATEMENT_FIRST = { lockTimeoutMs: 3000, statementTimeoutMs: 700 };

describe('fault: a table locked by another session', () => {
  let database: FaultDatabase | undefined;
  const apis: ApiProcess[] = [];
  const locks: TableLock[] = [];
  let lockFirst: ApiProcess;
  let statementFirst: ApiProcess;
  let tokens: Map<ApiProcess, string>;

  beforeAll(async () => {
    database = await createFaultDatabase('locked');
    // The first start migrates and seeds; the second finds the database ready.
    for (const timeouts of [LOCK_FIRST, STATEMENT_FIRST]) {
      apis.push(
        await ApiProcess.start({
          databaseUrl: database.url,
          env: {
            DB_POOL_SIZE: '4',
            DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
            DB_LOCK_TIMEOUT_MS: String(timeouts.lockTimeoutMs),
            DB_STATEMENT_TIMEOUT_MS: String(timeouts.statementTimeoutMs),
          },
        }),
      );
    }
    [lockFirst, statementFirst] = apis;
    tokens = new Map([
      [lockFirst, await lockFirst.login()],
      [statementFirst, await statementFirst.login()],
    ]);
  });

  afterAll(async () => {
    for (const lock of locks) await lock.release();
    for (const api of apis) await api.kill();
    await database?.drop();
  });

  async function holdLock(table: string): Promise<TableLock> {
    const lock = await lockTable(database!.url, table);
    locks.push(lock);
    return lock;
  }

  const READ_ORGANIZATIONS = '{ organizations { id name } }';

  it('fails reads by lock_timeout with DATABASE_TIMEOUT, bounded even when requests queue, and recovers on release', async () => {
    const token = tokens.get(lockFirst)!;
    const lock = await holdLock('organization');
    const single = await lockFirst.graphql(READ_ORGANIZATIONS, {}, { token, timeoutMs: 10_000 });
    expect(uncleanFailures([single], ['DATABASE_TIMEOUT'])).toEqual([]);
    expect(durationOf(single)).toBeGreaterThanOrEqual(LOCK_FIRST.lockTimeoutMs - 50);
    expect(durationOf(single)).toBeLessThan(LOCK_FIRST.lockTimeoutMs + MARGIN_MS);

    // Three times the pool: the queue for connections is bounded by the connect timeout too.
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        lockFirst.graphql(READ_ORGANIZATIONS, {}, { token, timeoutMs: 10_000 }),
      ),
    );
    expect(uncleanFailures(burst)).toEqual([]);
    expect(Math.max(...burst.map(durationOf))).toBeLessThan(
      CONNECT_TIMEOUT_MS + LOCK_FIRST.lockTimeoutMs + MARGIN_MS,
    );
    // Endpoints that do not need the table keep working meanwhile.
    expect((await lockFirst.graphql('{ me { id } }', {}, { token })).kind).toBe('ok');

    await lock.release();
    const after = await lockFirst.graphql(READ_ORGANIZATIONS, {}, { token });
    expect(after.kind).toBe('ok');
    expect(durationOf(after)).toBeLessThan(1000);
  });

  it('fails by statement_timeout with DATABASE_TIMEOUT when that comes first', async () => {
    const token = tokens.get(statementFirst)!;
    const lock = await holdLock('organization');
    const outcome = await statementFirst.graphql(
      READ_ORGANIZATIONS,
      {},
      { token, timeoutMs: 10_000 },
    );
    expect(uncleanFailures([outcome], ['DATABASE_TIMEOUT'])).toEqual([]);
    expect(durationOf(outcome)).toBeGreaterThanOrEqual(STATEMENT_FIRST.statementTimeoutMs - 50);
    expect(durationOf(outcome)).toBeLessThan(STATEMENT_FIRST.statementTimeoutMs + MARGIN_MS);
    await lock.release();
    expect((await statementFirst.graphql(READ_ORGANIZATIONS, {}, { token })).kind).toBe('ok');
  });

  it('fails closed in the authentication guard: no data, not UNAUTHENTICATED, and the token works after release', async () => {
    const token = tokens.get(lockFirst)!;
    const lock = await holdLock('auth_session');
    const outcome = await lockFirst.graphql(
      '{ me { id email roles } }',
      {},
      { token, timeoutMs: 10_000 },
    );
    expect(uncleanFailures([outcome], ['DATABASE_TIMEOUT'])).toEqual([]);
    expect(outcome.data ?? null).toBeNull();
    await lock.release();
    const after = await lockFirst.graphql('{ me { id } }', {}, { token });
    expect(after.kind).toBe('ok');
  });

  it('refuses a mutation on the locked table without changing anything, and accepts it after release', async () => {
    const token = tokens.get(lockFirst)!;
    const counts = () =>
      queryRows<{ organizations: string; entries: string }>(
        database!.url,
        `SELECT (SELECT count(*) FROM organization) AS organizations,
                (SELECT count(*) FROM audit_entry) AS entries`,
      ).then((rows) => rows[0]);
    const before = await counts();
    const create = (name: string): Promise<Outcome> =>
      lockFirst.graphql(
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
        { input: { name, shortName: name } },
        { token, timeoutMs: 10_000 },
      );

    const lock = await holdLock('organization');
    const refused = await create('Locked-table cluster');
    expect(uncleanFailures([refused], ['DATABASE_TIMEOUT'])).toEqual([]);
    await lock.release();
    expect(await counts()).toEqual(before);

    const accepted = await waitFor(
      'the same mutation to succeed after release',
      async () => {
        const outcome = await create('Locked-table cluster');
        return outcome.kind === 'ok' ? outcome : undefined;
      },
      { timeoutMs: 1000 },
    );
    expect(summarise([accepted])).toEqual({ ok: 1 });
    expect(await counts()).toEqual({
      organizations: String(Number(before.organizations) + 1),
      entries: String(Number(before.entries) + 1),
    });
  });
});
