import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Clock, RateLimitedError } from '@council/core';
import { AccountsReason } from './accounts.errors';
import { LoginFailureEntity } from '../persistence/login-failure.entity';

export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;
// Log-ins from one address whose passwords are being checked at once: room for a meeting hall
// signing in together, and a bound on the guesses an address has in flight.
export const MAX_PENDING_PER_IP = 30;
// An address a member logged in from this recently is theirs (see reserveAttempt).
export const KNOWN_ADDRESS_MS = 90 * 24 * 60 * 60 * 1000;
// A pending attempt this old died with its process: it counts as a failure.
const PENDING_LIFETIME_MS = 60 * 1000;

// The class of the advisory locks taken on an e-mail's and an address's counts (the two-key form
// of pg_advisory_xact_lock, so they never meet the audit log's one-key lock).
const LOGIN_COUNT_LOCK = 0x1091;

// The times of the failures among the rows counted that match the condition, oldest first.
function failureTimes(condition: string): string {
  return `coalesce(array_agg(occurred_at ORDER BY occurred_at)
                    FILTER (WHERE ${condition} AND NOT in_flight), '{}')`;
}

// When a count that reached its limit falls below it again: once enough of its oldest failures
// have left the window, the attempts in flight counted as they stand. A count whose attempts in
// flight alone reach its limit is worth trying again in a second: they are settled within a minute.
export function belowLimitAt(
  count: { failures: readonly Date[]; pending: number; limit: number },
  nowMs: number,
): number {
  const excess = count.failures.length + count.pending - count.limit;
  if (excess < 0) return nowMs;
  if (excess >= count.failures.length) return nowMs + 1000;
  return count.failures[excess].getTime() + LOGIN_FAILURE_WINDOW_MS;
}

// Counts failed log-ins (successes do not count) per e-mail and per client address over a sliding
// 15-minute window. The counts live in PostgreSQL, so all API instances share them.
//
// An attempt is recorded, pending, before its password is checked, under a lock on its e-mail and
// its address; it becomes a failure if the password is wrong and is struck off if it is right.
// Without that, guesses sent at once would all pass the count while their hashes are computed.
// For an e-mail a pending attempt counts as a failure (one account's guesses stay at 5); for an
// address pending attempts have their own bound, so members logging in together are not refused.
// An e-mail over its 5 still gets in from an address its member has logged in from before, with 5
// attempts of its own there and 10 for the e-mail in all: guesses from elsewhere cannot lock an
// officer out of their own office (a guesser on the same network still can, for 15 minutes).
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  // TOO_MANY_REQUESTS, or the id of the pending attempt.
  async reserveAttempt(email: string, ip: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      // Both keys in one statement, in the order of their hashes: two log-ins never wait for each
      // other's second lock, whatever the keys (and hashes) they share.
      await manager.query(
        `SELECT pg_advisory_xact_lock($1, key) FROM (
           SELECT DISTINCT hashtext(name) AS key FROM unnest($2::text[]) AS name ORDER BY 1
         ) keys`,
        [LOGIN_COUNT_LOCK, [`email:${email}`, `ip:${ip}`]],
      );
      const now = this.clock.now();
      // The counts so far, the attempt recorded pending and a few rows past any window pruned, in
      // one statement while the lock is held (a refusal below rolls the insert back). The counts do
      // not see the attempt being inserted: the statement's parts share one snapshot. The oldest
      // rows go first, through ix_login_failure_occurred_at: a few index entries, however many
      // recent failures an attacker has added; rows another reservation is pruning are skipped, so
      // no reservation (a refused one included) waits for another's prune.
      const rows: Array<{
        attempt_id: string;
        email_failures: Date[];
        email_pending: number;
        failures_here: Date[];
        pending_here: number;
        ip_failures: Date[];
        ip_pending: number;
      }> = await manager.query(
        `WITH attempt AS (
           INSERT INTO login_failure (email, ip, occurred_at, pending)
           VALUES ($1, $2, $5, true) RETURNING id
         ), pruned AS (
           DELETE FROM login_failure WHERE id IN (
             SELECT id FROM login_failure WHERE occurred_at < $6 ORDER BY occurred_at LIMIT 100
                FOR UPDATE SKIP LOCKED)
         )
         SELECT (SELECT id FROM attempt) AS attempt_id,
                ${failureTimes('email = $1')} AS email_failures,
                count(*) FILTER (WHERE email = $1 AND in_flight)::int AS email_pending,
                ${failureTimes('email = $1 AND ip = $2')} AS failures_here,
                count(*) FILTER (WHERE email = $1 AND ip = $2 AND in_flight)::int AS pending_here,
                ${failureTimes('ip = $2')} AS ip_failures,
                count(*) FILTER (WHERE ip = $2 AND in_flight)::int AS ip_pending
           FROM (SELECT email, ip, occurred_at, pending AND occurred_at > $4 AS in_flight
                   FROM login_failure
                  WHERE occurred_at > $3 AND (email = $1 OR ip = $2)) counted`,
        [
          email,
          ip,
          new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS),
          new Date(now.getTime() - PENDING_LIFETIME_MS),
          now,
          new Date(now.getTime() - 24 * 60 * 60 * 1000),
        ],
      );
      const counts = rows[0];
      // Guesses from elsewhere do not lock a member out of an address they have logged in from
      // (a session started there in the last 90 days): that address keeps its own 5, and all such
      // addresses together 5 more, so an e-mail takes at most 10 guesses in a window.
      const forEmail = counts.email_failures.length + counts.email_pending;
      const emailLimit =
        forEmail >= MAX_FAILURES_PER_EMAIL && (await this.isKnownAddress(manager, email, ip, now))
          ? 2 * MAX_FAILURES_PER_EMAIL
          : MAX_FAILURES_PER_EMAIL;
      const reached = [
        { failures: counts.ip_failures, pending: 0, limit: MAX_FAILURES_PER_IP },
        {
          failures: counts.failures_here,
          pending: counts.pending_here,
          limit: MAX_FAILURES_PER_EMAIL,
        },
        { failures: counts.email_failures, pending: counts.email_pending, limit: emailLimit },
      ].filter((count) => count.failures.length + count.pending >= count.limit);
      if (reached.length > 0 || counts.ip_pending >= MAX_PENDING_PER_IP) {
        // After failures: when every count that refused is below its limit again; while busy: a
        // moment.
        const retryAt = Math.max(
          now.getTime() + 1000,
          ...reached.map((count) => belowLimitAt(count, now.getTime())),
        );
        throw new RateLimitedError(
          AccountsReason.TOO_MANY_LOGIN_ATTEMPTS,
          'Too many failed log-in attempts; try again later',
          Math.ceil((retryAt - now.getTime()) / 1000),
        );
      }
      return String(counts.attempt_id);
    });
  }

  private async isKnownAddress(
    manager: EntityManager,
    email: string,
    ip: string,
    now: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM auth_session s JOIN member m ON m.id = s.member_id
        WHERE m.email = $1 AND s.created_ip = $2 AND s.created_at > $3 LIMIT 1`,
      [email, ip, new Date(now.getTime() - KNOWN_ADDRESS_MS)],
    );
    return rows.length > 0;
  }

  // The password was wrong: the attempt is a failure (in the transaction of its audit entry).
  async confirmFailure(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.update(LoginFailureEntity, { id: attemptId }, { pending: false });
  }

  // The password was right: the attempt is not a failure.
  async releaseAttempt(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.delete(LoginFailureEntity, { id: attemptId });
  }

  // Runs the transaction that ends an attempt whose password was right. If it fails (a lock
  // timeout, a conflict, a lost connection), the request changed nothing, so its attempt must not
  // stay as a failed guess, which retries (the error says one may be sent) would pile up into a
  // lock-out: it is struck off on its own. If even that fails, it counts as a failure after a
  // minute, like an attempt whose process died.
  async releasedOnError<T>(attemptId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.releaseAfterError(attemptId);
      throw error;
    }
  }

  private async releaseAfterError(attemptId: string): Promise<void> {
    try {
      await this.dataSource.getRepository(LoginFailureEntity).delete({ id: attemptId });
    } catch (error) {
      this.logger.warn(
        `A log-in attempt could not be struck off after an error: ${(error as Error).message}`,
      );
    }
  }

  countSince(email: string): Promise<number> {
    const since = new Date(this.clock.now().getTime() - LOGIN_FAILURE_WINDOW_MS);
    return this.dataSource
      .getRepository(LoginFailureEntity)
      .countBy({ email, occurredAt: MoreThan(since) });
  }
}
