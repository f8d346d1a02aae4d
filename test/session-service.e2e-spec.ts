import { DomainError } from '@council/core';
import { MAX_FAILURES_PER_EMAIL, SessionService } from '@council/accounts';
import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The session rules at the service level (no HTTP), against a real database.
describe('SessionService: refresh rotation and reuse detection', () => {
  let t: TestApp;
  let sessions: SessionService;
  beforeAll(async () => {
    t = await createTestApp();
    sessions = t.app.get(SessionService);
  });
  afterAll(() => t.close());
  // A test that moved the clock and failed must not leave the next ones at its instant.
  afterEach(() => t.clock.release());

  const reasonOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'resolved';
    } catch (error) {
      return error instanceof DomainError ? error.reason : 'other';
    }
  };

  it('rotates: each refresh returns a new token and uses up the old one', async () => {
    const member = await t.factory.member();
    const first = await sessions.login(member.email, TEST_PASSWORD, '127.0.0.1');
    const second = await sessions.refresh(first.refreshToken);
    const third = await sessions.refresh(second.refreshToken);
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    const rows = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE used_at IS NULL)::int AS unused, count(*)::int AS total
         FROM refresh_token r JOIN auth_session s ON s.id = r.session_id WHERE s.member_id = $1`,
      [member.id],
    );
    expect(rows[0]).toEqual({ unused: 1, total: 3 });
  });

  it('detects reuse and revokes the whole family, audited', async () => {
    const member = await t.factory.member();
    const first = await sessions.login(member.email, TEST_PASSWORD, '127.0.0.1');
    const second = await sessions.refresh(first.refreshToken);
    expect(await reasonOf(sessions.refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(await reasonOf(sessions.refresh(second.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const [session] = await t.dataSource.query(
      `SELECT revoked_reason FROM auth_session WHERE member_id = $1`,
      [member.id],
    );
    expect(session.revoked_reason).toBe('REFRESH_TOKEN_REUSED');
    const [entry] = await t.dataSource.query(
      `SELECT action, actor_id, summary FROM audit_entry ORDER BY seq DESC LIMIT 1`,
    );
    // Whoever presented the copy is unknown: the member is named, not made the actor.
    expect(entry).toEqual({
      action: 'accounts.refresh_token_reused',
      actor_id: null,
      summary: { memberId: member.id },
    });
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const member = await t.factory.member();
    const first = await sessions.login(member.email, TEST_PASSWORD, '127.0.0.1');
    const outcomes = await Promise.all([
      reasonOf(sessions.refresh(first.refreshToken)),
      reasonOf(sessions.refresh(first.refreshToken)),
    ]);
    expect(outcomes.sort()).toEqual(['REFRESH_TOKEN_REUSED', 'resolved']);
  });

  it('refuses an expired refresh token and an unknown one', async () => {
    const member = await t.factory.member();
    const first = await sessions.login(member.email, TEST_PASSWORD, '127.0.0.1');
    t.clock.advance(31 * 24 * 3600 * 1000);
    expect(await reasonOf(sessions.refresh(first.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    t.clock.release();
    expect(await reasonOf(sessions.refresh('no-such-token'))).toBe('INVALID_REFRESH_TOKEN');
  });

  // Found by review: an unreadable stored hash (or a failing check) answered "wrong password",
  // recorded a failure and, after five, locked the member out, with nothing logged.
  it('answers a stored hash argon2 cannot read as a server error, not as a failed guess', async () => {
    const member = await t.factory.member();
    await t.dataSource.query(
      `UPDATE member SET password_hash = 'imported$md5$1a2b' WHERE id = $1`,
      [member.id],
    );
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    for (let attempt = 0; attempt < MAX_FAILURES_PER_EMAIL + 1; attempt += 1) {
      expect(await reasonOf(sessions.login(member.email, TEST_PASSWORD, '127.0.0.9'))).toBe(
        'other',
      );
    }
    const [failures] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM login_failure WHERE email = $1`,
      [member.email],
    );
    expect(failures.n).toBe(0);
    const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(after.n).toBe(before.n);
  });

  it('answers an unreadable stored hash in changePassword as a server error too, counting nothing', async () => {
    const member = await t.factory.member();
    await sessions.login(member.email, TEST_PASSWORD, '127.0.0.9');
    const [{ id: sessionId }] = await t.dataSource.query(
      `SELECT id FROM auth_session WHERE member_id = $1`,
      [member.id],
    );
    await t.dataSource.query(
      `UPDATE member SET password_hash = 'imported$md5$1a2b' WHERE id = $1`,
      [member.id],
    );
    for (let attempt = 0; attempt < MAX_FAILURES_PER_EMAIL; attempt += 1) {
      const change = sessions.changePassword(
        { memberId: member.id, sessionId },
        TEST_PASSWORD,
        'a brand new password 2026',
        '127.0.0.9',
      );
      expect(await reasonOf(change)).toBe('other');
    }
    const [failures] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM login_failure WHERE email = $1`,
      [member.email],
    );
    expect(failures.n).toBe(0);
  });
});
