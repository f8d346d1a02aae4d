import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import {
  Clock,
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  randomToken,
  sha256Hex,
} from '@council/core';
import { AccountsReason, SessionRevocation, SessionRevocationReason } from './accounts.errors';
import { AuthSessionEntity } from '../persistence/auth-session.entity';
import { MemberEntity, MemberStatus } from '../persistence/member.entity';
import { RefreshTokenEntity } from '../persistence/refresh-token.entity';
import { AccessTokenService } from './access-token.service';
import { loginEmail } from './email';
import { KNOWN_ADDRESS_MS, LoginThrottle } from './login-throttle';
import { PasswordHasher, assertNewPassword } from './password-hasher';

const DAY_MS = 24 * 60 * 60 * 1000;
// A session unused for 30 days ends; every refresh pushes that back, never past 90 days from the
// log-in (ASVS 7.3.2: an absolute lifetime, then the password again).
export const REFRESH_TOKEN_TTL_MS = 30 * DAY_MS;
export const SESSION_MAX_LIFETIME_MS = 90 * DAY_MS;
// A session started this long ago has ended and no longer makes its address known to the log-in
// throttle: nothing reads it any more (the audit log names sessions by id only), so it is removed.
export const SESSION_RECORD_RETENTION_MS = Math.max(SESSION_MAX_LIFETIME_MS, KNOWN_ADDRESS_MS);

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  memberId: string;
  // Not served (AuthPayload has no such field): for the audit entry of the command that started it.
  sessionId: string;
}

const INVALID_CREDENTIALS = () =>
  new UnauthenticatedError(AccountsReason.INVALID_CREDENTIALS, 'Invalid e-mail or password');
const ACCOUNT_NOT_ACTIVE = () =>
  new UnauthenticatedError(AccountsReason.ACCOUNT_NOT_ACTIVE, 'This account is not active');
const INVALID_REFRESH = () =>
  new UnauthenticatedError(
    AccountsReason.INVALID_REFRESH_TOKEN,
    'Invalid or expired refresh token',
  );

@Injectable()
export class SessionService {
  private readonly logger = new Logger(SessionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly accessTokens: AccessTokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(emailInput: string, password: string, ip: string): Promise<SessionTokens> {
    const email = loginEmail(emailInput);
    const attemptId = await this.throttle.reserveAttempt(email, ip);
    // A read that fails (its connection lost, a timeout) is answered retryable: the attempt is
    // struck off, or each retry would leave one more pending and lock the member out.
    const member = await this.throttle.releasedOnError(attemptId, () =>
      this.dataSource
        .getRepository(MemberEntity)
        .createQueryBuilder('m')
        .addSelect('m.passwordHash')
        .where('m.email = :email', { email })
        .getOne(),
    );
    // Housekeeping while the password is hashed (it never throws).
    const pruning = this.pruneOldSessions();
    const passwordMatches = await this.throttle.releasedOnError(attemptId, () =>
      member?.passwordHash
        ? this.hasher.verify(member.passwordHash, password)
        : this.hasher.verifyAgainstDummy(password),
    );
    await pruning;

    if (!member || !passwordMatches) {
      await this.dataSource.transaction((manager) =>
        this.recordFailure(manager, attemptId, ip, member?.id ?? null),
      );
      throw INVALID_CREDENTIALS();
    }
    if (member.status !== MemberStatus.ACTIVE) {
      await this.throttle.releasedOnError(attemptId, () =>
        this.dataSource.transaction((manager) =>
          this.recordRefusal(manager, attemptId, member.id, member.status),
        ),
      );
      throw ACCOUNT_NOT_ACTIVE();
    }
    const outcome = await this.throttle.releasedOnError(attemptId, () =>
      this.dataSource.transaction(async (manager) => {
        // The member as it is now, not as it was before the (slow) password check: a suspension or a
        // password change committed meanwhile wins. The share lock makes a suspension that starts
        // now wait for this session, and then revoke it.
        const current = await this.memberWithHash(manager, member.id, 'pessimistic_read');
        if (!current || current.passwordHash !== member.passwordHash) {
          await this.recordFailure(manager, attemptId, ip, current?.id ?? null);
          return { kind: 'invalid' as const };
        }
        if (current.status !== MemberStatus.ACTIVE) {
          await this.recordRefusal(manager, attemptId, current.id, current.status);
          return { kind: 'not_active' as const };
        }
        await this.throttle.releaseAttempt(manager, attemptId);
        const tokens = await this.startSession(manager, current.id, ip);
        await this.audit.record(manager, {
          actorId: current.id,
          action: 'accounts.login',
          entityType: 'member',
          entityId: current.id,
          // The session it started: later entries (refresh, log-out) name it.
          summary: { ip, sessionId: tokens.sessionId },
        });
        return { kind: 'ok' as const, tokens };
      }),
    );
    if (outcome.kind !== 'ok') {
      throw outcome.kind === 'not_active' ? ACCOUNT_NOT_ACTIVE() : INVALID_CREDENTIALS();
    }
    return outcome.tokens;
  }

  // Housekeeping without a scheduler: each log-in attempt that passes the throttle removes up to 20
  // of the oldest sessions past retention (with their refresh tokens, by cascade), skipping any a
  // refresh holds. It runs on a connection and in a transaction of its own, so a failure here (a
  // deadlock with a refresh of one of those sessions, say) costs a log line, not the log-in.
  private async pruneOldSessions(): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM auth_session WHERE id IN (
           SELECT id FROM auth_session WHERE created_at < $1
            ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED)`,
        [new Date(this.clock.now().getTime() - SESSION_RECORD_RETENTION_MS)],
      );
    } catch (error) {
      this.logger.warn(`Old sessions were not pruned: ${(error as Error).message}`);
    }
  }

  // A wrong password (or one that no longer holds): the attempt is a failure.
  private async recordFailure(
    manager: EntityManager,
    attemptId: string,
    ip: string,
    memberId: string | null,
  ): Promise<void> {
    await this.throttle.confirmFailure(manager, attemptId);
    await this.audit.record(manager, {
      // Not the actor: whoever typed the wrong password is unknown, and often not the member.
      actorId: null,
      action: 'accounts.login_failed',
      entityType: 'member',
      entityId: memberId ?? undefined,
      // Never what was typed: the log is permanent and officers read it, and a password typed
      // into the e-mail box can look like an address. An unknown address leaves no entity id.
      summary: { ip },
    });
  }

  // The password was right, so saying why does not help an attacker guess accounts.
  private async recordRefusal(
    manager: EntityManager,
    attemptId: string,
    memberId: string,
    status: MemberStatus,
  ): Promise<void> {
    await this.throttle.releaseAttempt(manager, attemptId);
    await this.audit.record(manager, {
      actorId: memberId,
      action: 'accounts.login_refused',
      entityType: 'member',
      entityId: memberId,
      summary: { status },
    });
  }

  // Creates a session family and its first refresh token, inside the caller's transaction.
  async startSession(
    manager: EntityManager,
    memberId: string,
    ip: string | null = null,
  ): Promise<SessionTokens> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
    const refreshToken = randomToken(32);
    // The session and its first refresh token in one statement: a log-in is a run of round
    // trips, each of which waits its turn on a busy server.
    const [session]: Array<{ id: string }> = await manager.query(
      `WITH session AS (
         INSERT INTO auth_session (member_id, created_at, expires_at, created_ip)
         VALUES ($1, $2, $3, $4) RETURNING id
       )
       INSERT INTO refresh_token (session_id, token_hash, created_at, expires_at)
       SELECT id, $5, $2, $3 FROM session RETURNING session_id AS id`,
      [memberId, now, expiresAt, ip, sha256Hex(refreshToken)],
    );
    const access = this.accessTokens.issue({ memberId, sessionId: session.id }, now);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      memberId,
      sessionId: session.id,
    };
  }

  async refresh(presented: string): Promise<SessionTokens> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const stored = await manager
        .getRepository(RefreshTokenEntity)
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.tokenHash = :hash', { hash: sha256Hex(presented) })
        .getOne();
      if (!stored) return { kind: 'invalid' as const };
      const session = await manager.findOne(AuthSessionEntity, {
        where: { id: stored.sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session || session.revokedAt || session.expiresAt <= now)
        return { kind: 'invalid' as const };
      if (stored.usedAt) {
        // A used token came back: someone holds a copy. End the whole family (RFC 9700 §4.14.2).
        await manager.update(AuthSessionEntity, session.id, {
          revokedAt: now,
          revokedReason: SessionRevocation.REFRESH_TOKEN_REUSED,
        });
        await this.audit.record(manager, {
          // Not the actor: the copy may be a thief's, or the member's own stale tab.
          actorId: null,
          action: 'accounts.refresh_token_reused',
          entityType: 'auth_session',
          entityId: session.id,
          summary: { memberId: session.memberId },
        });
        return { kind: 'reused' as const };
      }
      if (stored.expiresAt <= now) return { kind: 'invalid' as const };
      const member = await manager.findOneBy(MemberEntity, { id: session.memberId });
      if (member?.status !== MemberStatus.ACTIVE) return { kind: 'invalid' as const };

      await manager.update(RefreshTokenEntity, stored.id, { usedAt: now });
      const expiresAt = new Date(
        Math.min(
          now.getTime() + REFRESH_TOKEN_TTL_MS,
          session.createdAt.getTime() + SESSION_MAX_LIFETIME_MS,
        ),
      );
      const refreshToken = await this.issueRefreshToken(manager, session.id, now, expiresAt);
      await manager.update(AuthSessionEntity, session.id, { expiresAt });
      await this.audit.record(manager, {
        actorId: member.id,
        action: 'accounts.session_refreshed',
        entityType: 'auth_session',
        entityId: session.id,
        summary: { expiresAt: expiresAt.toISOString() },
      });
      const access = this.accessTokens.issue({ memberId: member.id, sessionId: session.id }, now);
      return {
        kind: 'ok' as const,
        tokens: {
          accessToken: access.token,
          accessTokenExpiresAt: access.expiresAt,
          refreshToken,
          memberId: member.id,
          sessionId: session.id,
        },
      };
    });
    if (outcome.kind === 'ok') return outcome.tokens;
    if (outcome.kind === 'reused') {
      throw new UnauthenticatedError(
        AccountsReason.REFRESH_TOKEN_REUSED,
        'This refresh token was already used; the session is ended',
      );
    }
    throw INVALID_REFRESH();
  }

  // The member sets a new password, proving the current one (a stolen session alone cannot lock the
  // owner out); every other session of theirs ends. A wrong current password counts as a failed
  // log-in for the throttle, so this is no way around it.
  async changePassword(
    session: { memberId: string; sessionId: string },
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<boolean> {
    assertNewPassword(newPassword, 'newPassword');
    const member = await this.memberWithHash(this.dataSource.manager, session.memberId);
    if (!member?.passwordHash) throw ACCOUNT_NOT_ACTIVE();
    const attemptId = await this.throttle.reserveAttempt(member.email, ip);
    const storedHash = member.passwordHash;
    // A check that fails (an unreadable hash, argon2 itself) is the server's fault: the attempt is
    // struck off, as for a log-in, rather than left to count as a wrong guess.
    const newHash = await this.throttle.releasedOnError(attemptId, async () =>
      (await this.hasher.verify(storedHash, currentPassword))
        ? await this.hasher.hash(newPassword)
        : null,
    );
    const change = () =>
      this.dataSource.transaction(async (manager) => {
        const current = await this.memberWithHash(manager, session.memberId, 'pessimistic_write');
        if (newHash && current?.passwordHash !== member.passwordHash) {
          // The right password, changed meanwhile (a double submit): not a failed guess.
          await this.throttle.releaseAttempt(manager, attemptId);
          return 'changed_meanwhile' as const;
        }
        if (!newHash) {
          await this.throttle.confirmFailure(manager, attemptId);
          await this.audit.record(manager, {
            actorId: member.id,
            action: 'accounts.password_change_failed',
            entityType: 'member',
            entityId: member.id,
            summary: { ip },
          });
          return 'wrong' as const;
        }
        await this.throttle.releaseAttempt(manager, attemptId);
        await manager.update(MemberEntity, member.id, { passwordHash: newHash });
        const ended = await manager
          .createQueryBuilder()
          .update(AuthSessionEntity)
          .set({ revokedAt: this.clock.now(), revokedReason: SessionRevocation.PASSWORD_CHANGED })
          .where('member_id = :memberId AND id <> :sessionId AND revoked_at IS NULL', {
            memberId: member.id,
            sessionId: session.sessionId,
          })
          .execute();
        await this.audit.record(manager, {
          actorId: member.id,
          action: 'accounts.password_changed',
          entityType: 'member',
          entityId: member.id,
          summary: { ip, endedSessions: ended.affected ?? 0 },
        });
        return 'changed' as const;
      });
    // A wrong password whose failure could not be written stays pending: a failure after a minute.
    const outcome = newHash
      ? await this.throttle.releasedOnError(attemptId, change)
      : await change();
    if (outcome === 'changed_meanwhile') {
      throw new ConflictError(
        AccountsReason.PASSWORD_CHANGED_MEANWHILE,
        'The password was changed while this request ran; log in with the new one if needed',
      );
    }
    if (outcome === 'wrong') {
      throw ValidationError.field(
        'currentPassword',
        'is not your current password',
        AccountsReason.WRONG_PASSWORD,
      );
    }
    return true;
  }

  // The member with the password hash (never selected otherwise), locked when asked.
  private memberWithHash(
    manager: EntityManager,
    memberId: string,
    lock?: 'pessimistic_read' | 'pessimistic_write',
  ): Promise<MemberEntity | null> {
    const query = manager
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .addSelect('m.passwordHash')
      .where('m.id = :id', { id: memberId });
    return (lock ? query.setLock(lock) : query).getOne();
  }

  async logout(actorId: string, presented: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const stored = await manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: sha256Hex(presented) },
        relations: { session: true },
      });
      if (!stored?.session || stored.session.memberId !== actorId)
        throw new NotFoundError('Session');
      if (stored.session.revokedAt) return true;
      // Only the logout that ends the session records it: two at once find it open, and the
      // second one's update then finds it revoked.
      const ended = await manager
        .createQueryBuilder()
        .update(AuthSessionEntity)
        .set({ revokedAt: this.clock.now(), revokedReason: SessionRevocation.LOGOUT })
        .where('id = :id AND revoked_at IS NULL', { id: stored.sessionId })
        .execute();
      if (!ended.affected) return true;
      await this.audit.record(manager, {
        actorId,
        action: 'accounts.logout',
        entityType: 'auth_session',
        entityId: stored.sessionId,
      });
      return true;
    });
  }

  async revokeAllSessions(
    manager: EntityManager,
    memberId: string,
    reason: SessionRevocationReason,
  ): Promise<number> {
    const ended = await manager
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where('member_id = :memberId AND revoked_at IS NULL', { memberId })
      .execute();
    return ended.affected ?? 0;
  }

  private async issueRefreshToken(
    manager: EntityManager,
    sessionId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<string> {
    const token = randomToken(32);
    await manager.insert(RefreshTokenEntity, {
      sessionId,
      tokenHash: sha256Hex(token),
      createdAt: now,
      expiresAt,
      usedAt: null,
    });
    return token;
  }
}
