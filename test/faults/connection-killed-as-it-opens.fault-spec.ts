import type { Socket } from 'node:net';
import { ApiProcess } from './support/api-process';
import { sleep, waitFor } from './support/deadline';
import { FaultDatabase, createFaultDatabase, serverUrl } from './support/fault-database';
import { TcpProxy } from './support/tcp-proxy';

// A session terminated as it opens (pg_terminate_backend, a server shutting down in fast mode):
// PostgreSQL's ReadyForQuery and its FATAL 57P01 arrive in one packet. pg-pool hands the new
// connection to TypeORM on ReadyForQuery, and TypeORM listens for its errors only a microtask
// later: the FATAL, parsed in the same synchronous loop, is an 'error' event with no listener,
// which ends the process. Under load with sessions killed every 400 ms this happened within 20 s;
// here a proxy appends the FATAL to the first ReadyForQuery of each new connection.

function fatal57P01(): Buffer {
  const fields = Buffer.concat([
    Buffer.from('SFATAL\0VFATAL\0C57P01\0'),
    Buffer.from('Mterminating connection due to administrator command\0\0'),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

// Each connection's server messages (a type byte, then a length that counts itself) are held up to
// the first ReadyForQuery, which goes to the app with a FATAL 57P01 in the same write; then the
// connection ends.
function terminatedAtFirstReadyForQuery() {
  let pending = Buffer.alloc(0);
  let ended = false;
  return (chunk: Buffer, client: Socket): void => {
    if (ended) return;
    pending = Buffer.concat([pending, chunk]);
    for (let at = 0; at + 5 <= pending.length;) {
      const end = at + 1 + pending.readInt32BE(at + 1);
      if (end > pending.length) break;
      if (pending[at] === 0x5a /* ReadyForQuery */) {
        ended = true;
        client.end(Buffer.concat([pending.subarray(0, end), fatal57P01()]));
        return;
      }
      at = end;
    }
  };
}

describe('fault: a session terminated as it opens', () => {
  let database: FaultDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    database = await createFaultDatabase('killed_as_opens');
    const server = new URL(serverUrl());
    proxy = await TcpProxy.start({
      host: server.hostname,
      port: Number(server.port || 5432),
    });
    api = await ApiProcess.start({ databaseUrl: proxy.urlFor(database.url) });
  });

  afterAll(async () => {
    await api?.kill();
    await proxy?.close();
    await database?.drop();
  });

  it('fails the request that needed it, and the process goes on serving', async () => {
    const token = await api!.login();
    // The connections open now are cut: the pool must open new ones, each terminated as it opens.
    proxy!.serverFilter = terminatedAtFirstReadyForQuery;
    proxy!.cut('reset');
    proxy!.restore();
    await sleep(200);
    const during = await api!.graphql('{ me { id } }', {}, { token, timeoutMs: 10_000 });
    expect(during.kind).not.toBe('ok');
    await sleep(500);
    expect(api!.isRunning).toBe(true);

    proxy!.serverFilter = undefined;
    await waitFor(
      'a request that succeeds again',
      async () => (await api!.graphql('{ me { id } }', {}, { token })).kind === 'ok',
      { timeoutMs: 10_000 },
    );
    expect((await api!.readiness()).status).toBe(200);
    expect(api!.logs).not.toContain("Unhandled 'error' event");
  });
});
