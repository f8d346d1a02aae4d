import { Client } from 'pg';
import { AUDIT_APPEND_LOCK } from '@council/audit';

// Resolves once at least `count` sessions of this database wait for a lock (`where`: only those of
// its waits that match, a condition on pg_locks l and pg_stat_activity a): a test that holds a
// lock on a side connection lets the requests under test reach it before going on. Fails after
// 15 s, naming what it waited for (a request that failed before the lock never arrives).
export async function untilLockWaiters(side: Client, count: number, where = 'true'): Promise<void> {
  const deadline = Date.now() + 15_000;
  const waiting = async () => {
    // Inside a transaction, pg_stat_activity is read once and kept: a session that connected
    // later (a new pool connection) would never be seen waiting.
    await side.query('SELECT pg_stat_clear_snapshot()');
    return (
      await side.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.datname = current_database() AND (${where})`,
      )
    ).rows[0].n as number;
  };
  for (let seen = await waiting(); seen < count; seen = await waiting()) {
    if (Date.now() > deadline) {
      throw new Error(`waited 15 s for ${count} lock waiter(s) (${where}); saw ${seen}`);
    }
    await new Promise((done) => setTimeout(done, 20));
  }
}

// Runs `request` while a side connection holds what `hold` takes (in a transaction); once
// `waiters` of the request's statements wait for it, their backends are ended, as a connection
// lost mid-statement. The request's answer. Two connections at once: PostgreSQL only.
export async function answerLostWhileWaiting<T>(
  databaseUrl: string,
  hold: (side: Client) => Promise<unknown>,
  request: () => Promise<T>,
  waiters = 1,
): Promise<T> {
  const side = new Client({ connectionString: databaseUrl });
  await side.connect();
  try {
    await side.query('BEGIN');
    await hold(side);
    const answer = request();
    await untilLockWaiters(side, waiters);
    // By pg_stat_activity: a row lock's waiter waits on a transaction id, whose pg_locks row
    // names no database.
    await side.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND pid <> pg_backend_pid()`,
    );
    return await answer;
  } finally {
    await side.query('ROLLBACK').catch(() => undefined);
    await side.end();
  }
}

// Forces one interleaving of two commands: with the audit log's append lock held on a side
// connection, `first` starts and reaches the lock, then `second` starts and reaches it (or a lock
// `first` holds); then the lock is let go and both finish. What each came to, in that order. Two
// connections at once: PostgreSQL only.
export async function inLineAtTheAuditLog<A, B>(
  databaseUrl: string,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[A, B]> {
  const side = new Client({ connectionString: databaseUrl });
  await side.connect();
  try {
    await side.query('BEGIN');
    await side.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
    const firstDone = first();
    await untilLockWaiters(side, 1);
    const secondDone = second();
    await untilLockWaiters(side, 2);
    await side.query('COMMIT');
    return await Promise.all([firstDone, secondDone]);
  } finally {
    await side.end();
  }
}
