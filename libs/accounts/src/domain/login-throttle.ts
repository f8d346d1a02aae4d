import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { Clock, RateLimitedError } from '@council/core';
import { LoginFailureEntity } from '../persistence/login-failure.entity';

export const LOGIN_FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 20;

// Counts failed log-ins (successes do not count) per e-mail and per client address over a sliding
// 15-minute window. The counts live in PostgreSQL, so all API instances share them.
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - LOGIN_FAILURE_WINDOW_MS);
    const rows: Array<{ by_email: number; by_ip: number; oldest: Date | null }> =
      await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email,
                count(*) FILTER (WHERE ip = $2)::int AS by_ip,
                min(occurred_at) AS oldest
           FROM login_failure
          WHERE occurred_at > $3 AND (email = $1 OR ip = $2)`,
        [email, ip, since],
      );
    const { by_email: byEmail, by_ip: byIp, oldest } = rows[0];
    if (byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP) {
      const retryAt = (oldest ? new Date(oldest).getTime() : Date.now()) + LOGIN_FAILURE_WINDOW_MS;
      throw new RateLimitedError(
        'TOO_MANY_LOGIN_ATTEMPTS',
        'Too many failed log-in attempts; try again later',
        Math.max(1, Math.ceil((retryAt - this.clock.now().getTime()) / 1000)),
      );
    }
  }

  async recordFailure(manager: EntityManager, email: string, ip: string): Promise<void> {
    await manager.insert(LoginFailureEntity, { email, ip, occurredAt: this.clock.now() });
    // Old rows no longer count; prune a few so the table stays small without a scheduler.
    await manager.query(
      `DELETE FROM login_failure WHERE id IN (
         SELECT id FROM login_failure WHERE occurred_at < $1 ORDER BY id LIMIT 100)`,
      [new Date(this.clock.now().getTime() - 24 * 60 * 60 * 1000)],
    );
  }

  countSince(email: string): Promise<number> {
    const since = new Date(this.clock.now().getTime() - LOGIN_FAILURE_WINDOW_MS);
    return this.dataSource
      .getRepository(LoginFailureEntity)
      .countBy({ email, occurredAt: MoreThan(since) });
  }
}
