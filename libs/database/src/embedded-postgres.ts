import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Logger } from '@nestjs/common';
import { lock } from 'proper-lockfile';

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

// A lock left by a process that died without releasing it is taken over this long after its last
// refresh (the holder refreshes it every half of that).
// PGlite runs in the event loop's thread, so a long statement (or its first start on a loaded
// machine) can hold the refresh back for many seconds: a minute leaves room for that.
export const EMBEDDED_LOCK_STALE_MS = 60_000;
const EMBEDDED_LOCK_REFRESH_MS = 5_000;

// Another process (a running portal, a command-line tool) has the data directory open.
export class EmbeddedDatabaseInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `the embedded database in ${dataDir} is open in another process (a running portal or ` +
        `command). Stop that process and try again, or set DATABASE_URL to use a PostgreSQL ` +
        `server. A lock left by a process that crashed clears by itself within ` +
        `${EMBEDDED_LOCK_STALE_MS / 1000} seconds.`,
    );
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

// PGlite keeps no lock of its own: two processes opening one data directory would each run their
// own engine on the same files, and the second would read a stale copy and could overwrite the
// first's writes. The directory is locked for as long as it is open (a `<dataDir>.lock` directory
// kept fresh while held, released on stop and on exit).
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lock(dataDir, {
      stale: EMBEDDED_LOCK_STALE_MS,
      update: EMBEDDED_LOCK_REFRESH_MS,
      retries: 0,
      // Only when another process has taken the lock over (this one was blocked for longer than
      // the stale period): stopping a running portal would do more harm than the warning.
      onCompromised: (error) =>
        new Logger('EmbeddedPostgres').error(
          `the lock on ${dataDir} was lost (${error.message}); another process may open it`,
        ),
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED')
      throw new EmbeddedDatabaseInUseError(dataDir);
    throw error;
  }
}

// PGlite (PostgreSQL compiled to WASM) served over the PostgreSQL wire protocol on loopback, so the
// ordinary `pg` driver and TypeORM use it unchanged. pglite-socket is only sound with one active
// connection: callers must use a pool of size 1 (the second slot only covers reconnects).
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  let unlock: (() => Promise<void>) | undefined;
  if (!options.dataDir.startsWith('memory://')) {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    await server.start();
  } catch (error) {
    await db?.close();
    await unlock?.();
    throw error;
  }
  if (options.unref) (server as unknown as { server?: { unref(): void } }).server?.unref();
  const address = server.getServerConn(); // "127.0.0.1:PORT"
  let stopped = false;
  return {
    url: `postgres://postgres:postgres@${address}/postgres`,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
        await db.close();
      } finally {
        // A lock taken over meanwhile (onCompromised) is already released.
        await unlock?.().catch((error: { code?: string }) => {
          if (error.code !== 'ERELEASED') throw error;
        });
      }
    },
  };
}
