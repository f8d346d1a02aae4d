import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  // How often the data directory's lock is refreshed (and, once lost, tried again); tests shorten it.
  lockRefreshMs?: number;
}

// A lock left by a process that died without releasing it is taken over this long after its last
// refresh (the holder refreshes it every few seconds). PGlite runs in the event loop's thread, so a
// long statement (or its first start on a loaded machine) can hold the refresh back for many
// seconds: a minute leaves room for that.
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
//
// A holder that stops running for longer than the stale period (a paused process, a sleeping
// machine) finds its lock taken over or removed when it resumes. Stopping a portal that is serving
// would do more harm than good: it says so and takes the lock back as soon as it is free again.
class DataDirLock {
  private readonly logger = new Logger('EmbeddedPostgres');
  private unlock?: () => Promise<void>;
  private retry?: NodeJS.Timeout;
  private released = false;

  constructor(
    private readonly dataDir: string,
    private readonly refreshMs = EMBEDDED_LOCK_REFRESH_MS,
  ) {}

  async acquire(): Promise<void> {
    try {
      this.unlock = await lock(this.dataDir, {
        stale: EMBEDDED_LOCK_STALE_MS,
        update: this.refreshMs,
        retries: 0,
        onCompromised: (error) => this.lost(error),
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'ELOCKED') {
        throw new EmbeddedDatabaseInUseError(this.dataDir);
      }
      throw error;
    }
  }

  async release(): Promise<void> {
    this.released = true;
    clearTimeout(this.retry);
    // A lock lost meanwhile is already released.
    await this.unlock?.().catch((error: { code?: string }) => {
      if (error.code !== 'ERELEASED') throw error;
    });
  }

  private lost(error: Error): void {
    this.unlock = undefined;
    this.logger.error(
      `the lock on ${this.dataDir} was lost (${error.message}); another process may open it ` +
        `until this one takes it back`,
    );
    this.retakeSoon();
  }

  private retakeSoon(): void {
    if (this.released) return;
    this.retry = setTimeout(() => {
      if (this.released) return;
      this.acquire().then(
        () => this.logger.log(`the lock on ${this.dataDir} is held again`),
        () => this.retakeSoon(),
      );
    }, this.refreshMs);
    this.retry.unref();
  }
}

// PGlite (PostgreSQL compiled to WASM) served over the PostgreSQL wire protocol on a private Unix
// socket (loopback on Windows), so the ordinary `pg` driver and TypeORM use it unchanged. pglite-socket is only sound with one active
// connection: callers must use a pool of size 1 (the second slot only covers reconnects).
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  let dataDirLock: DataDirLock | undefined;
  if (!options.dataDir.startsWith('memory://')) {
    mkdirSync(options.dataDir, { recursive: true });
    dataDirLock = new DataDirLock(options.dataDir, options.lockRefreshMs);
    await dataDirLock.acquire();
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  // pglite-socket asks for no password, and its parser loops forever on a malformed length (8
  // bytes, "7fffffff 00030000", hold the event loop): on a loopback port any local process could
  // read the database or wedge the portal. So a Unix socket in a directory only this user may enter
  // (mkdtemp makes it 0700). Windows, where pg does not reach a server that way, keeps loopback.
  const socketDir =
    process.platform === 'win32' ? undefined : mkdtempSync(join(tmpdir(), 'council-pglite-'));
  const removeSocketDir = () => {
    if (socketDir) rmSync(socketDir, { recursive: true, force: true });
  };
  try {
    db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
    server = new PGLiteSocketServer(
      socketDir
        ? { db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 2 }
        : { db, host: '127.0.0.1', port: 0, maxConnections: 2 },
    );
    await server.start();
  } catch (error) {
    await db?.close();
    removeSocketDir();
    await dataDirLock?.release();
    throw error;
  }
  if (options.unref) (server as unknown as { server?: { unref(): void } }).server?.unref();
  let stopped = false;
  return {
    url: socketDir
      ? `postgres://postgres:postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`
      : `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await server.stop();
        await db.close();
      } finally {
        removeSocketDir();
        await dataDirLock?.release();
      }
    },
  };
}
