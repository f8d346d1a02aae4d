import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Clock, RateLimitedError } from '@council/core';
import { LoginFailureEntity } from '../persistence/login-failure.entity';

export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

// The class of the advisory locks taken on an e-mail's and an address's counts (the two-key form
// of pg_advisory_xact_lock, so they never meet the audit log's one-key lock).
const LOGIN_COUNT_LOCK = 0x1091;

// Counts failed log-ins (successes do not count) per e-mail and per client address over a sliding
// 15-minute window. The counts live in PostgreSQL, so all API instances share them.
//
// An attempt is recorded as a failure before its password is checked, under a lock on its e-mail
// and its address, and struck off when the password proves right: attempts sent at once would
// otherwise all pass the check while their hashes are computed, before the first failure is
// recorded.
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  // TOO_MANY_REQUESTS, or the id of the attempt, counted as a failure until released.
  async reserveAttempt(email: string, ip: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      // In this order by every log-in ('email:' sorts before 'ip:'): no deadlock.
      for (const key of [`email:${email}`, `ip:${ip}`]) {
        await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          LOGIN_COUNT_LOCK,
          key,
        ]);
      }
      const now = this.clock.now();
      const rows: Array<{ by_email: number; by_ip: number; oldest: Date | null }> =
        await manager.query(
          `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email,
                  count(*) FILTER (WHERE ip = $2)::int AS by_ip,
                  min(occurred_at) AS oldest
             FROM login_failure
            WHERE occurred_at > $3 AND (email = $1 OR ip = $2)`,
          [email, ip, new Date(now.getTime() - LOGIN_FAILURE_WINDOW_MS)],
        );
      const { by_email: byEmail, by_ip: byIp, oldest } = rows[0];
      if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
        const retryAt =
          (oldest ? new Date(oldest).getTime() : now.getTime()) + LOGIN_FAILURE_WINDOW_MS;
        throw new RateLimitedError(
          'TOO_MANY_LOGIN_ATTEMPTS',
          'Too many failed log-in attempts; try again later',
          Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)),
        );
      }
      const inserted: Array<{ id: string }> = await manager.query(
        `INSERT INTO login_failure (email, ip, occurred_at) VALUES ($1, $2, $3) RETURNING id`,
        [email, ip, now],
      );
      // Old rows no longer count; prune a few so the table stays small without a scheduler.
      await manager.query(
        `DELETE FROM login_failure WHERE id IN (
           SELECT id FROM login_failure WHERE occurred_at < $1 ORDER BY id LIMIT 100)`,
        [new Date(now.getTime() - 24 * 60 * 60 * 1000)],
      );
      return String(inserted[0].id);
    });
  }

  // The password was right: the attempt is not a failure.
  async releaseAttempt(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.delete(LoginFailureEntity, { id: attemptId });
  }

  countSince(email: string): Promise<number> {
    const since = new Date(this.clock.now().getTime() - LOGIN_FAILURE_WINDOW_MS);
    return this.dataSource
      .getRepository(LoginFailureEntity)
      .countBy({ email, occurredAt: MoreThan(since) });
  }
}
