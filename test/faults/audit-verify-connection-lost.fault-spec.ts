import { spawn } from 'node:child_process';
import { chainHash } from '@council/audit-chain';
import { ApiProcess, BUILT_AUDIT_VERIFY, REPO_ROOT } from './support/api-process';
import {
  FaultDatabase,
  createFaultDatabase,
  queryRows,
  withClient,
} from './support/fault-database';
import { TcpProxy } from './support/tcp-proxy';

// Found by review: a connection lost while audit:verify walked the chain crashed the process on
// pg's unhandled 'error' event, with a stack trace and exit code 1, the code for "chain broken": a
// monitoring job would have reported tampering for a database restart. It is exit 2, "could not
// verify", with one line.
const ENTRIES = 100_000;

describe('fault: audit:verify loses its database connection mid-walk', () => {
  let database: FaultDatabase | undefined;
  let proxy: TcpProxy | undefined;

  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('exits 2 ("could not verify") with one line and no stack trace', async () => {
    database = await createFaultDatabase('verify_lost');
    const api = await ApiProcess.start({ databaseUrl: database.url }); // migrates the schema
    await api.kill();
    // A valid chain long enough for the walk to take a while.
    const [last] = await queryRows<{ last_seq: string; hash: string }>(
      database.url,
      'SELECT seq::text AS last_seq, hash FROM audit_entry ORDER BY audit_entry.seq DESC LIMIT 1',
    );
    let prev = last.hash;
    let seq = BigInt(last.last_seq);
    const columns: string[][] = [[], [], [], []];
    for (let index = 0; index < ENTRIES; index += 1) {
      seq += 1n;
      const content = {
        seq: seq.toString(),
        occurredAt: new Date('2027-01-01T00:00:00.000Z'),
        actorId: null,
        action: 'test.filler',
        entityType: null,
        entityId: null,
        summary: { index, note: 'заполнитель журнала' },
      };
      const hash = chainHash(prev, content);
      columns[0].push(content.seq);
      columns[1].push(JSON.stringify(content.summary));
      columns[2].push(prev);
      columns[3].push(hash);
      prev = hash;
    }
    await withClient(database.url, (client) =>
      client.query(
        `INSERT INTO audit_entry (seq, occurred_at, action, summary, prev_hash, hash)
         SELECT s, '2027-01-01T00:00:00Z', 'test.filler', su::jsonb, p, h
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS x(s, su, p, h)`,
        columns,
      ),
    );

    const target = new URL(database.url);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const child = spawn(process.execPath, [BUILT_AUDIT_VERIFY], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: proxy.urlFor(database.url) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    // Cut once the verifier is reading the log.
    const name = database.name;
    const deadline = Date.now() + 20_000;
    let reading = false;
    while (!reading && Date.now() < deadline) {
      const rows = await queryRows<{ n: number }>(
        database.url,
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'council-portal audit:verify'
            AND query LIKE '%FROM audit_entry%'`,
        [name],
      );
      reading = rows[0].n > 0;
      if (!reading) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(reading).toBe(true);
    proxy.cut('reset');
    const code = await exited;

    expect(stdout).toBe('');
    expect(stderr).toMatch(/^audit:verify failed: .+\n$/);
    expect(stderr).not.toMatch(/\n\s+at |Unhandled 'error' event/);
    expect(code).toBe(2);
  });
});
