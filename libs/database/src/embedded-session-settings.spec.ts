import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';

// What the README says of the embedded engine (Reliability): DB_STATEMENT_TIMEOUT_MS,
// DB_LOCK_TIMEOUT_MS and DB_IDLE_IN_TRANSACTION_TIMEOUT_MS are sent as start-up parameters, which
// PGlite (one session, no postmaster) ignores, and even set in the session it cancels no statement
// (it runs on the event loop, with no timer signal). Should a PGlite release change either, this
// fails and the README's paragraph is due for a change. (Not set by hand either: an
// idle_in_transaction_session_timeout that expires leaves the engine answering nothing.)
describe('the PostgreSQL timeouts on the embedded engine', () => {
  let embedded: EmbeddedPostgres;
  let dataSource: DataSource;

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({ dataDir: 'memory://' });
    dataSource = new DataSource(
      buildDataSourceOptions(
        {
          url: embedded.url,
          poolSize: 1,
          connectTimeoutMs: 5000,
          statementTimeoutMs: 1500,
          lockTimeoutMs: 700,
          idleInTransactionTimeoutMs: 3000,
        },
        [],
        [],
      ),
    );
    await dataSource.initialize();
  }, 60_000);
  afterAll(async () => {
    await dataSource?.destroy();
    await embedded?.stop();
  });

  const show = async (name: string) =>
    (await dataSource.query<Array<Record<string, string>>>(`SHOW ${name}`))[0][name];

  it('are not applied from the connection settings', async () => {
    expect({
      statement_timeout: await show('statement_timeout'),
      lock_timeout: await show('lock_timeout'),
      idle_in_transaction_session_timeout: await show('idle_in_transaction_session_timeout'),
    }).toEqual({
      statement_timeout: '0',
      lock_timeout: '0',
      idle_in_transaction_session_timeout: '0',
    });
  });

  it('do not bound a statement even when set in the session', async () => {
    await dataSource.query(`SET statement_timeout = '200ms'`);
    const startedAt = Date.now();
    await expect(dataSource.query('SELECT pg_sleep(1)')).resolves.toBeDefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    await dataSource.query('RESET statement_timeout');
  });
});
