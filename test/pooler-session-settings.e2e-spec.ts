import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';
import { queryOnce, withDatabase } from '@council/testing';
import { prepareSchema } from '../apps/api/src/database/migrate';

// Found by review: behind PgBouncer (Debian's 1.18), the start-up parameters the portal sends
// (statement_timeout, lock_timeout, idle_in_transaction_session_timeout, and options with its
// TimeZone and DateStyle) are refused unless `ignore_startup_parameters` lists them, and then
// silently dropped: the portal started with no server-side timeout, and on a database whose
// DateStyle is not ISO read every timestamp as null (`meetings` answered INTERNAL_SERVER_ERROR,
// `/health/ready` 200). This proxy drops them the way PgBouncer does. PostgreSQL only.
const DROPPED = new Set([
  'options',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
]);

function stripStartupParameters(packet: Buffer): Buffer {
  const protocol = packet.readInt32BE(4);
  if (protocol !== 196608) return packet; // SSLRequest, CancelRequest: as they are
  const fields = packet
    .subarray(8, packet.length - 1)
    .toString('utf8')
    .split('\0');
  const kept: string[] = [];
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (!DROPPED.has(fields[index])) kept.push(fields[index], fields[index + 1]);
  }
  const body = Buffer.from(`${kept.join('\0')}\0\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(protocol, 4);
  return Buffer.concat([header, body]);
}

async function startStrippingProxy(target: URL): Promise<Server> {
  const server = createServer((client: Socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    let first = true;
    let pending = Buffer.alloc(0);
    client.on('data', (chunk) => {
      if (!first) return void upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 4 || pending.length < pending.readInt32BE(0)) return;
      first = false;
      const length = pending.readInt32BE(0);
      upstream.write(stripStartupParameters(pending.subarray(0, length)));
      if (pending.length > length) upstream.write(pending.subarray(length));
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

(process.env.DATABASE_URL ? describe : describe.skip)(
  'behind a connection pooler that drops the start-up parameters (e2e)',
  () => {
    const serverUrl = process.env.DATABASE_URL!;
    const database = `council_pooler_${Date.now().toString(36)}_${process.pid}`;
    let proxy: Server;
    const admin = (sql: string, url = serverUrl) => queryOnce(url, sql);
    const settingsThrough = (url: string) => ({
      url,
      poolSize: 2,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 15000,
      lockTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 10000,
    });
    let pooledUrl: string;

    beforeAll(async () => {
      await admin(`CREATE DATABASE "${database}"`);
      await admin(`ALTER DATABASE "${database}" SET DateStyle = 'SQL, DMY'`);
      proxy = await startStrippingProxy(new URL(serverUrl));
      const url = new URL(withDatabase(serverUrl, database));
      url.port = String((proxy.address() as AddressInfo).port);
      url.hostname = '127.0.0.1';
      pooledUrl = url.toString();
    });
    afterAll(async () => {
      await new Promise((resolve) => proxy?.close(resolve));
      await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    });

    it('refuses to start, naming each setting that did not apply and how to set it', async () => {
      for (const mode of ['run', 'check'] as const) {
        const error = await prepareSchema(settingsThrough(pooledUrl), mode).then(
          () => undefined,
          (reason: Error) => reason,
        );
        expect(error?.message).toMatch(/did not apply/);
        for (const name of [
          'statement_timeout',
          'lock_timeout',
          'idle_in_transaction_session_timeout',
          'DateStyle',
        ]) {
          expect(error?.message).toContain(name);
        }
        expect(error?.message).toMatch(/ALTER ROLE/);
      }
      // Nothing was migrated: the check comes first.
      await expect(
        admin('SELECT 1 FROM typeorm_migrations', withDatabase(serverUrl, database)),
      ).rejects.toThrow(/does not exist/);
    });

    it('starts once the settings are the role’s or the database’s own', async () => {
      const own = withDatabase(serverUrl, database);
      await admin(`ALTER DATABASE "${database}" SET DateStyle = 'ISO'`, own);
      await admin(`ALTER DATABASE "${database}" SET TimeZone = 'UTC'`, own);
      await admin(`ALTER DATABASE "${database}" SET statement_timeout = 15000`, own);
      await admin(`ALTER DATABASE "${database}" SET lock_timeout = 5000`, own);
      await admin(
        `ALTER DATABASE "${database}" SET idle_in_transaction_session_timeout = 10000`,
        own,
      );
      await expect(prepareSchema(settingsThrough(pooledUrl), 'run')).resolves.toBeUndefined();
    }, 60_000);
  },
);
