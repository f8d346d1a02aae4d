import type { Client } from 'pg';

// Resolves once at least `count` sessions of this database wait for a lock: a test that holds a
// lock on a side connection lets the requests under test reach it before going on.
export async function untilLockWaiters(side: Client, count: number): Promise<void> {
  const waiting = async () => {
    // Inside a transaction, pg_stat_activity is read once and kept: a session that connected
    // later (a new pool connection) would never be seen waiting.
    await side.query('SELECT pg_stat_clear_snapshot()');
    return (
      await side.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.datname = current_database()`,
      )
    ).rows[0].n as number;
  };
  while ((await waiting()) < count) await new Promise((done) => setTimeout(done, 20));
}
