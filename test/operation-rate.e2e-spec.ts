import { ThrottlerStorage } from '@nestjs/throttler';
import { TestApp, createTestApp } from './support/test-app';

const ME = `{ me { id } }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;

// A member is counted by who they are (any session), a caller without a session by address, each
// root field once; over the limit an operation is refused before it runs.
describe('operation rate limit (e2e)', () => {
  const LIMIT = 10;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { RATE_LIMIT_OPERATIONS: String(LIMIT), RATE_LIMIT_WINDOW_MS: '60000' },
    });
  });
  afterAll(() => t.close());

  it('refuses a member over the limit with TOO_MANY_REQUESTS and when to try again, whatever the session, and no one else', async () => {
    const busy = await t.factory.signedIn();
    const otherSession = await t.factory.tokenFor(busy.member);
    for (let i = 0; i < LIMIT / 2; i++) await t.client.ok(ME, {}, busy.token);
    for (let i = 0; i < LIMIT / 2; i++) await t.client.ok(ME, {}, otherSession);

    const refused = await t.client.error(ME, {}, otherSession);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.reason).toBe('TOO_MANY_OPERATIONS');
    const retryAfter = refused.error.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await t.client.error(ME, {}, busy.token)).code).toBe('TOO_MANY_REQUESTS');

    const calm = await t.factory.signedIn();
    expect((await t.client.ok(ME, {}, calm.token)).me.id).toBe(calm.member.id);
  });

  it('counts every root field of a request', async () => {
    const member = await t.factory.signedIn();
    const fields = Array.from({ length: LIMIT }, (_, i) => `f${i}: me { id }`).join(' ');
    const full = await t.client.request(`{ ${fields} }`, {}, member.token);
    expect(full.errors).toBeUndefined();
    expect((await t.client.error(ME, {}, member.token)).code).toBe('TOO_MANY_REQUESTS');
  });

  it('refuses a mutation over the limit before it runs: nothing changes', async () => {
    const member = await t.factory.signedIn();
    for (let i = 0; i < LIMIT; i++) await t.client.ok(ME, {}, member.token);
    const auditBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    const hashBefore = await t.dataSource.query(`SELECT password_hash FROM member WHERE id = $1`, [
      member.member.id,
    ]);

    const refused = await t.client.error(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'wrong password', newPassword: 'новый пароль совета 2027' } },
      member.token,
    );
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(
      auditBefore,
    );
    expect(
      await t.dataSource.query(`SELECT password_hash FROM member WHERE id = $1`, [
        member.member.id,
      ]),
    ).toEqual(hashBefore);
  });

  it('counts callers without a session by address, apart from members, and never limits health probes', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const answer = await t.client.error(REFRESH, { token: `not-a-token-${i}` });
      expect(answer.code).not.toBe('TOO_MANY_REQUESTS');
    }
    const refused = await t.client.error(REFRESH, { token: 'not-a-token' });
    expect(refused.code).toBe('TOO_MANY_REQUESTS');

    const member = await t.factory.signedIn();
    expect((await t.client.ok(ME, {}, member.token)).me.id).toBe(member.member.id);
    for (let i = 0; i < LIMIT * 2; i++) {
      expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    }
  });

  // Kept in each instance's memory: bounded by the limit, one entry per member.
  it('keeps one entry per member, of at most the limit and one hits, however many operations', async () => {
    const member = await t.factory.signedIn();
    for (let i = 0; i < 5 * LIMIT; i++) {
      await t.client.request(`{ a: me { id } b: me { id } }`, {}, member.token);
    }
    const storage: unknown = t.app.get(ThrottlerStorage);
    const { storage: records, hitExpirations } = storage as {
      storage: Map<string, unknown>;
      hitExpirations: Map<string, Map<string, number[]>>;
    };
    const key = `member:${member.member.id}`;
    expect([...records.keys()].filter((k) => k.includes(member.member.id))).toEqual([key]);
    const hits = [...hitExpirations.get(key)!.values()].flat();
    expect(hits.length).toBeLessThanOrEqual(LIMIT + 1);
  });
});
