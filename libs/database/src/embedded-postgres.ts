import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  // A directory for data kept on disk, or 'memory://' for a throw-away database.
  dataDir: string;
  // A dump made by PGlite.dumpDataDir(), to start from (tests start from a migrated template).
  loadDataDir?: Blob;
  // For command-line tools: do not keep the process alive just for the listening socket.
  unref?: boolean;
}

// PGlite (PostgreSQL compiled to WASM) served over the PostgreSQL wire protocol on loopback, so the
// ordinary `pg` driver and TypeORM use it unchanged. pglite-socket is only sound with one active
// connection: callers must use a pool of size 1 (the second slot only covers reconnects).
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
  await server.start();
  if (options.unref) (server as unknown as { server?: { unref(): void } }).server?.unref();
  const address = server.getServerConn(); // "127.0.0.1:PORT"
  let stopped = false;
  return {
    url: `postgres://postgres:postgres@${address}/postgres`,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
