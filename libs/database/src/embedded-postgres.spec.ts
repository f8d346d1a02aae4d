import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMBEDDED_LOCK_STALE_MS,
  EmbeddedDatabaseInUseError,
  EmbeddedPostgres,
  startEmbeddedPostgres,
} from './embedded-postgres';

// One data directory open in one process at a time: a second engine on the same files would read
// a stale copy and could overwrite the first one's writes.
describe('startEmbeddedPostgres on a data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'council-embedded-lock-'));
  const dataDir = join(root, 'pglite');
  const lockDir = `${dataDir}.lock`;
  let open: EmbeddedPostgres | undefined;

  afterEach(async () => {
    await open?.stop();
    open = undefined;
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second opening while the first is open, and opens again once it is stopped', async () => {
    open = await startEmbeddedPostgres({ dataDir });
    await open.db.exec(`CREATE TABLE note (text text); INSERT INTO note VALUES ('до остановки')`);
    expect(existsSync(lockDir)).toBe(true);

    const second = startEmbeddedPostgres({ dataDir });
    await expect(second).rejects.toThrow(EmbeddedDatabaseInUseError);
    await expect(second).rejects.toThrow(`the embedded database in ${dataDir} is open in another`);
    // The refusal left the first opening and its lock as they were.
    expect(existsSync(lockDir)).toBe(true);
    expect((await open.db.query('SELECT text FROM note')).rows).toEqual([{ text: 'до остановки' }]);

    await open.stop();
    open = undefined;
    expect(existsSync(lockDir)).toBe(false);

    open = await startEmbeddedPostgres({ dataDir });
    expect((await open.db.query('SELECT text FROM note')).rows).toEqual([{ text: 'до остановки' }]);
  }, 60_000);

  // Found by review: a holder paused for longer than the stale period (Ctrl-Z, a sleeping laptop)
  // lost its lock to another process and, resumed, went on with no lock at all.
  it('takes its lock back once it is free again after losing it', async () => {
    open = await startEmbeddedPostgres({ dataDir, lockRefreshMs: 1_000 });
    const until = async (condition: () => boolean) => {
      for (let waited = 0; !condition(); waited += 100) {
        if (waited > 20_000) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    // Another process took the lock over (as it would a stale one) and holds it.
    rmSync(lockDir, { recursive: true });
    mkdirSync(lockDir);
    const foreign = statSync(lockDir).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // Still the other process's: this one does not take a lock that is held.
    expect(statSync(lockDir).mtimeMs).toBe(foreign);
    // It exits: the lock is this one's again, and a third opening is refused.
    rmSync(lockDir, { recursive: true });
    await until(() => existsSync(lockDir));
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(EmbeddedDatabaseInUseError);
    await open.stop();
    open = undefined;
    expect(existsSync(lockDir)).toBe(false);
  }, 60_000);

  it('refuses a lock another process keeps fresh, and takes over one left by a crash', async () => {
    // What another process holding the directory leaves: the lock, refreshed moments ago.
    mkdirSync(lockDir);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(EmbeddedDatabaseInUseError);
    expect(existsSync(lockDir)).toBe(true);

    // What a process killed while holding it leaves: the lock, no longer refreshed.
    const past = new Date(Date.now() - EMBEDDED_LOCK_STALE_MS - 1_000);
    utimesSync(lockDir, past, past);
    open = await startEmbeddedPostgres({ dataDir });
    expect((await open.db.query('SELECT text FROM note')).rows).toEqual([{ text: 'до остановки' }]);
    expect(existsSync(lockDir)).toBe(true);
  }, 60_000);
});
