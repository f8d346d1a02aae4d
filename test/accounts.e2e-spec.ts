import {
  LoginThrottle,
  MAX_PENDING_PER_IP,
  MemberStatus,
  PasswordHasher,
  SESSION_RECORD_RETENTION_MS,
} from '@council/accounts';
import { QueryCounter } from '@council/database';
import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken refreshToken member { id email } }
}`;
const ME = `{ me { id email fullName status roles organization { name } } }`;
const REFRESH = `mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }`;

describe('accounts and sessions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  // A test that moved the clock and failed must not leave the next ones at its instant.
  afterEach(() => t.clock.release());

  async function login(email: string, password = TEST_PASSWORD, ip?: string) {
    return t.client.request<{
      login: { accessToken: string; refreshToken: string; member: { id: string } };
    }>(LOGIN, { email, password }, undefined, ip ? { 'x-forwarded-for': ip } : {});
  }

  it('logs in (e-mail case-insensitively) and answers me', async () => {
    const member = await t.factory.member({ fullName: 'Зинаида Ёлкина-Мюллер 🌿' });
    const response = await login(member.email.toUpperCase());
    expect(response.errors).toBeUndefined();
    const me = await t.client.ok(ME, {}, response.data!.login.accessToken);
    expect(me.me).toMatchObject({
      id: member.id,
      fullName: 'Зинаида Ёлкина-Мюллер 🌿',
      status: 'ACTIVE',
      roles: ['MEMBER'],
    });
  });

  // A log-in is a run of round trips, each waiting its turn on a busy server (the morning of a
  // meeting): the throttle's reservation (begin, lock, one statement, commit), the member, the
  // housekeeping of old sessions (while the password is hashed), then begin, the member locked,
  // the attempt struck off, the session with its first refresh token, the audit entry (lock, one
  // statement) and commit; then the member the answer asks for.
  it('logs in with 14 statements', async () => {
    const member = await t.factory.member();
    QueryCounter.reset();
    const response = await login(member.email);
    expect(response.errors).toBeUndefined();
    expect(QueryCounter.count).toBe(14);
    const [session] = await t.dataSource.query(
      `SELECT s.created_ip, count(r.id)::int AS tokens FROM auth_session s
         JOIN refresh_token r ON r.session_id = s.id WHERE s.member_id = $1 GROUP BY s.id`,
      [member.id],
    );
    expect(session).toEqual({ created_ip: expect.any(String), tokens: 1 });
  });

  it('gives the same error for a wrong password and an unknown e-mail', async () => {
    const member = await t.factory.member();
    const wrong = await login(member.email, 'not the password at all');
    const unknown = await login('nobody-here@council.test', 'not the password at all');
    expect(wrong.errors?.[0].extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'INVALID_CREDENTIALS',
    });
    expect(unknown.errors?.[0].extensions).toEqual(wrong.errors?.[0].extensions);
    expect(unknown.errors?.[0].message).toBe(wrong.errors?.[0].message);
    expect(wrong.data).toBeNull();
  });

  it('throttles an e-mail after 5 failures in 15 minutes, even for the right password', async () => {
    const member = await t.factory.member();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await login(member.email, 'wrong password!!');
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await login(member.email);
    expect(blocked.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    t.clock.advance(15 * 60 * 1000 + 1000);
    const later = await login(member.email);
    expect(later.errors).toBeUndefined();
    t.clock.release();
  });

  it('does not count successful log-ins towards the throttle', async () => {
    const member = await t.factory.member();
    for (let attempt = 0; attempt < 7; attempt += 1) {
      expect((await login(member.email)).errors).toBeUndefined();
    }
  });

  it('rotates refresh tokens; a reused token ends the whole session', async () => {
    const member = await t.factory.member();
    const first = (await login(member.email)).data!.login;
    const second = (await t.client.ok(REFRESH, { token: first.refreshToken })).refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await t.client.ok(ME, {}, second.accessToken);
    const audited = await t.dataSource.query(
      `SELECT action FROM audit_entry WHERE actor_id = $1 ORDER BY seq`,
      [member.id],
    );
    expect(audited.map((row: { action: string }) => row.action)).toEqual([
      'accounts.login',
      'accounts.session_refreshed',
    ]);

    const reused = await t.client.error(REFRESH, { token: first.refreshToken });
    expect(reused).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    // The family is revoked: the newest refresh token and its access token stop working too.
    expect((await t.client.error(REFRESH, { token: second.refreshToken })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.client.error(ME, {}, second.accessToken)).code).toBe('UNAUTHENTICATED');
  });

  it('ends a session 90 days after the log-in, however often it is refreshed', async () => {
    const member = await t.factory.member();
    const DAY = 24 * 60 * 60 * 1000;
    const start = Date.now();
    t.clock.set(new Date(start));
    let tokens = (await login(member.email)).data!.login;
    for (const day of [25, 50, 75, 89]) {
      t.clock.set(new Date(start + day * DAY));
      tokens = (await t.client.ok(REFRESH, { token: tokens.refreshToken })).refreshSession;
    }
    t.clock.set(new Date(start + 90 * DAY - 5 * 60 * 1000));
    tokens = (await t.client.ok(REFRESH, { token: tokens.refreshToken })).refreshSession;
    await t.client.ok(ME, {}, tokens.accessToken);
    // Past the absolute lifetime: the refresh token and the session's access token stop working.
    t.clock.set(new Date(start + 90 * DAY + 60 * 1000));
    expect(await t.client.error(REFRESH, { token: tokens.refreshToken })).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'INVALID_REFRESH_TOKEN',
    });
    expect((await t.client.error(ME, {}, tokens.accessToken)).code).toBe('UNAUTHENTICATED');
    t.clock.release();
  });

  it('removes sessions past retention, with their refresh tokens, at later log-ins', async () => {
    const member = await t.factory.member();
    const DAY = 24 * 60 * 60 * 1000;
    // Far enough back that these are the oldest sessions of the database, the first to go.
    const start = Date.now() - 400 * DAY;
    const sessionsOf = async (): Promise<Array<{ day: number; tokens: number }>> =>
      (
        await t.dataSource.query(
          `SELECT s.created_at, count(r.id)::int AS tokens
             FROM auth_session s LEFT JOIN refresh_token r ON r.session_id = s.id
            WHERE s.member_id = $1 GROUP BY s.id ORDER BY s.created_at`,
          [member.id],
        )
      ).map((row: { created_at: Date; tokens: number }) => ({
        day: Math.round((new Date(row.created_at).getTime() - start) / DAY),
        tokens: row.tokens,
      }));
    try {
      t.clock.set(new Date(start));
      const first = (await login(member.email)).data!.login;
      t.clock.set(new Date(start + DAY));
      await t.client.ok(REFRESH, { token: first.refreshToken });
      t.clock.set(new Date(start + 10 * DAY));
      await login(member.email);
      expect(await sessionsOf()).toEqual([
        { day: 0, tokens: 2 },
        { day: 10, tokens: 1 },
      ]);

      // 90 days after the first: it is still kept (its address is still known to the throttle).
      t.clock.set(new Date(start + 90 * DAY - 60 * 1000));
      await login(member.email);
      expect((await sessionsOf()).map((s) => s.day)).toEqual([0, 10, 90]);

      // Past retention, the next log-in (anyone's) removes it and its two refresh tokens.
      t.clock.set(new Date(start + 90 * DAY + 60 * 1000));
      const other = await t.factory.member();
      expect((await login(other.email)).errors).toBeUndefined();
      expect(await sessionsOf()).toEqual([
        { day: 10, tokens: 1 },
        { day: 90, tokens: 1 },
      ]);
      const orphans = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM refresh_token r
          WHERE NOT EXISTS (SELECT 1 FROM auth_session s WHERE s.id = r.session_id)`,
      );
      expect(orphans[0].n).toBe(0);
      expect(SESSION_RECORD_RETENTION_MS).toBe(90 * DAY);
    } finally {
      t.clock.release();
    }
  });

  it('logs out: the refresh token and the access token stop working', async () => {
    const member = await t.factory.member();
    const session = (await login(member.email)).data!.login;
    const out = await t.client.ok(
      `mutation($t: String!) { logout(refreshToken: $t) }`,
      { t: session.refreshToken },
      session.accessToken,
    );
    expect(out.logout).toBe(true);
    expect((await t.client.error(REFRESH, { token: session.refreshToken })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await t.client.error(ME, {}, session.accessToken)).code).toBe('UNAUTHENTICATED');
  });

  it('invites a member, who accepts once and is logged in', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const organization = await t.factory.organization('Композитный кластер (тест)');
    const invited = await t.client.ok(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token expiresAt member { id status } } }`,
      {
        input: {
          email: 'Новый.Участник@council.test',
          fullName: 'Новый Участник',
          organizationId: organization.id,
        },
      },
      admin.token,
    );
    expect(invited.inviteMember.member.status).toBe('INVITED');
    const expiresIn = new Date(invited.inviteMember.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken member { email status } } }`;
    const short = await t.client.error(ACCEPT, {
      input: { token: invited.inviteMember.token, password: 'short' },
    });
    expect(short.code).toBe('BAD_USER_INPUT');
    expect(short.error.extensions?.fields).toHaveProperty('password');

    // A made-up or used token is refused before any password is hashed (the operation is public).
    const hashes = jest.spyOn(t.app.get(PasswordHasher), 'hash');
    const madeUp = await t.client.error(ACCEPT, {
      input: { token: 'x'.repeat(43), password: 'a long enough passphrase' },
    });
    expect(madeUp).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
    expect(hashes).not.toHaveBeenCalled();

    const accepted = await t.client.ok(ACCEPT, {
      input: { token: invited.inviteMember.token, password: 'a long enough passphrase' },
    });
    expect(hashes).toHaveBeenCalledTimes(1);
    expect(accepted.acceptInvitation.member).toEqual({
      email: 'новый.участник@council.test',
      status: 'ACTIVE',
    });
    await t.client.ok(ME, {}, accepted.acceptInvitation.accessToken);

    const again = await t.client.error(ACCEPT, {
      input: { token: invited.inviteMember.token, password: 'another long passphrase' },
    });
    expect(again).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
    expect(hashes).toHaveBeenCalledTimes(1);
    hashes.mockRestore();
    expect(
      (await login('новый.участник@council.test', 'a long enough passphrase')).errors,
    ).toBeUndefined();
  });

  it('locks a suspended member out at once, and lets them back after reactivation', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const member = await t.factory.member();
    const session = (await login(member.email)).data!.login;
    await t.client.ok(ME, {}, session.accessToken);

    const suspended = await t.client.ok(SUSPEND, { id: member.id }, admin.token);
    expect(suspended.suspendMember.status).toBe(MemberStatus.SUSPENDED);
    expect((await t.client.error(ME, {}, session.accessToken)).code).toBe('UNAUTHENTICATED');
    expect((await t.client.error(REFRESH, { token: session.refreshToken })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login(member.email)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    await t.client.ok(
      `mutation($id: ID!) { reactivateMember(memberId: $id) { status } }`,
      { id: member.id },
      admin.token,
    );
    expect((await login(member.email)).errors).toBeUndefined();
  });

  it('refuses me without a token', async () => {
    const response = await t.client.request(ME);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeNull();
  });

  it('names the invalid field in BAD_USER_INPUT and changes nothing', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM member');
    const result = await t.client.error(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
      {
        input: {
          email: 'not-an-email',
          fullName: 'X',
          organizationId: '00000000-0000-4000-8000-000000000000',
        },
      },
      admin.token,
    );
    expect(result.code).toBe('BAD_USER_INPUT');
    expect(result.error.extensions?.fields).toHaveProperty('email');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM member')).toEqual(before);
  });

  it('refuses a query nested deeper than the limit', async () => {
    const member = await t.factory.signedIn();
    let selection = 'id';
    for (let depth = 0; depth < 12; depth += 1)
      selection = `organization { members { edges { node { ${selection} } } } }`;
    const response = await t.client.request(`{ me { ${selection} } }`, {}, member.token);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data).toBeUndefined();
  });

  it('reports readiness when the database is reachable', async () => {
    const response = await fetch(`${t.baseUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });
});

describe('log-in throttle per client address (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  });
  afterAll(() => t.close());

  it('refuses a 21st failure from one address across many e-mails, and not another address', async () => {
    const attempt = (email: string, ip: string, password = 'definitely wrong') =>
      t.client.request(LOGIN, { email, password }, undefined, { 'x-forwarded-for': ip });
    for (let index = 0; index < 20; index += 1) {
      const response = await attempt(`spray-${index}@council.test`, '203.0.113.7');
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const member = await t.factory.member();
    expect(
      (await attempt(member.email, '203.0.113.7', TEST_PASSWORD)).errors?.[0].extensions?.code,
    ).toBe('TOO_MANY_REQUESTS');
    expect((await attempt(member.email, '198.51.100.2', TEST_PASSWORD)).errors).toBeUndefined();
  });

  // Found by review: the hint was taken from the oldest failure of the e-mail or the address,
  // here another e-mail's, so a client that waited as told was refused again for 14 minutes.
  it('tells a refused log-in when the count that refused it lets it in again', async () => {
    const attempt = (email: string, password = 'definitely wrong') =>
      t.client.request(LOGIN, { email, password }, undefined, {
        'x-forwarded-for': '203.0.113.50',
      });
    const member = await t.factory.member();
    t.clock.set('2031-05-05T09:00:00Z');
    await attempt('someone-else@council.test');
    t.clock.advance(14 * 60 * 1000);
    for (let guess = 0; guess < 5; guess += 1) await attempt(member.email);
    const refused = await attempt(member.email, TEST_PASSWORD);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 15 * 60,
    });
    t.clock.advance(15 * 60 * 1000 - 1000);
    expect((await attempt(member.email, TEST_PASSWORD)).errors?.[0].extensions).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 1,
    });
    t.clock.advance(1000);
    expect((await attempt(member.email, TEST_PASSWORD)).errors).toBeUndefined();
    t.clock.release();
  });

  it("does not let strangers' guesses lock a member out of an address they have used", async () => {
    const attempt = (email: string, ip: string, password = 'a stranger guessing') =>
      t.client.request(LOGIN, { email, password }, undefined, { 'x-forwarded-for': ip });
    const chair = await t.factory.member();
    expect((await attempt(chair.email, '198.51.100.10', TEST_PASSWORD)).errors).toBeUndefined();
    expect((await attempt(chair.email, '198.51.100.20', TEST_PASSWORD)).errors).toBeUndefined();
    for (let guess = 0; guess < 5; guess += 1) {
      const response = await attempt(chair.email, '203.0.113.66');
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    // From the chair's office: in. From the guesser's address, or one never used: refused.
    expect((await attempt(chair.email, '198.51.100.10', TEST_PASSWORD)).errors).toBeUndefined();
    for (const ip of ['203.0.113.66', '192.0.2.99']) {
      expect((await attempt(chair.email, ip, TEST_PASSWORD)).errors?.[0].extensions?.code).toBe(
        'TOO_MANY_REQUESTS',
      );
    }
    // The known address has 5 attempts of its own, and no more.
    for (let guess = 0; guess < 5; guess += 1) {
      const response = await attempt(chair.email, '198.51.100.10');
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(
      (await attempt(chair.email, '198.51.100.10', TEST_PASSWORD)).errors?.[0].extensions?.code,
    ).toBe('TOO_MANY_REQUESTS');
    // And 10 for the e-mail in all: the other known address is closed too, for the window.
    expect(
      (await attempt(chair.email, '198.51.100.20', TEST_PASSWORD)).errors?.[0].extensions?.code,
    ).toBe('TOO_MANY_REQUESTS');
  });

  // Found by review: the session acceptInvitation starts kept no address, so a member who joined
  // by invitation (and stayed in by refreshing) had no known address to be let in from.
  it('knows the address an invitation was accepted from', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const organization = await t.factory.organization('Кластер приглашённых (тест)');
    const invited = await t.client.ok(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
      {
        input: {
          email: 'joined.by.invitation@council.test',
          fullName: 'Приглашённый Участник',
          organizationId: organization.id,
        },
      },
      admin.token,
    );
    const password = 'a long enough passphrase';
    const accepted = await t.client.request(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }`,
      { input: { token: invited.inviteMember.token, password } },
      undefined,
      { 'x-forwarded-for': '198.51.100.30' },
    );
    expect(accepted.errors).toBeUndefined();
    const attempt = (ip: string, typed: string) =>
      t.client.request(
        LOGIN,
        { email: 'joined.by.invitation@council.test', password: typed },
        undefined,
        { 'x-forwarded-for': ip },
      );
    for (let guess = 0; guess < 5; guess += 1) {
      const response = await attempt('203.0.113.67', 'a stranger guessing');
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect((await attempt('198.51.100.30', password)).errors).toBeUndefined();
    expect((await attempt('192.0.2.98', password)).errors?.[0].extensions?.code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('counts guesses sent at once: 5 of 20 simultaneous wrong passwords for one e-mail are checked', async () => {
    const member = await t.factory.member();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.client.request(LOGIN, { email: member.email, password: 'parallel guess' }, undefined, {
          'x-forwarded-for': '192.0.2.50',
        }),
      ),
    );
    const codes = answers.map((answer) => answer.errors?.[0].extensions?.code);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(15);
    expect(await t.app.get(LoginThrottle).countSince(member.email)).toBe(5);
  });

  it('bounds the guesses an address has in flight: 30 of 40 at once are checked, then none', async () => {
    const attempt = (index: number) =>
      t.client.request(
        LOGIN,
        { email: `parallel-${index}@council.test`, password: 'parallel guess' },
        undefined,
        { 'x-forwarded-for': '192.0.2.60' },
      );
    // No check ends before all 40 are in: an attempt that ended would free its place for another
    // (the bound is on guesses in flight), so the count would depend on the machine's speed.
    const hasher = t.app.get(PasswordHasher);
    const check = hasher.verifyAgainstDummy.bind(hasher);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let checking = 0;
    const held = jest.spyOn(hasher, 'verifyAgainstDummy').mockImplementation(async (password) => {
      checking += 1;
      await gate;
      return check(password);
    });
    try {
      let answered = 0;
      const sent = Array.from({ length: 40 }, (_, index) =>
        attempt(index).finally(() => (answered += 1)),
      );
      for (let waited = 0; checking + answered < 40 && waited < 300; waited += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(checking).toBe(MAX_PENDING_PER_IP);
      release();
      const codes = (await Promise.all(sent)).map((answer) => answer.errors?.[0].extensions?.code);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(MAX_PENDING_PER_IP);
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(
        40 - MAX_PENDING_PER_IP,
      );
    } finally {
      release();
      held.mockRestore();
    }
    // Past the 20 failures, nothing more from that address.
    expect((await attempt(99)).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('lets 25 members behind one address log in at once (right passwords are not failures)', async () => {
    const members = await Promise.all(Array.from({ length: 25 }, () => t.factory.member()));
    const answers = await Promise.all(
      members.map((member) =>
        t.client.request(LOGIN, { email: member.email, password: TEST_PASSWORD }, undefined, {
          'x-forwarded-for': '192.0.2.70',
        }),
      ),
    );
    expect(answers.map((answer) => answer.errors)).toEqual(members.map(() => undefined));
    expect(
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure WHERE ip = $1`, [
          '192.0.2.70',
        ])
      )[0].n,
    ).toBe(0);
  });

  it('takes the address the proxy saw, not one a client writes in front of it', async () => {
    const attempt = (forged: string) =>
      t.client.request(
        LOGIN,
        { email: `forger-${forged}@council.test`, password: 'definitely wrong' },
        undefined,
        { 'x-forwarded-for': `${forged}, 198.51.100.77` },
      );
    for (let index = 0; index < 20; index += 1) {
      expect((await attempt(`10.9.0.${index}`)).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    expect((await attempt('10.9.1.1')).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('allows only one login per request document (aliases cannot multiply guesses)', async () => {
    const member = await t.factory.member();
    const response = await t.client.request(
      `mutation { a: login(input: { email: "${member.email}", password: "guess one" }) { accessToken } b: login(input: { email: "${member.email}", password: "guess two" }) { accessToken } }`,
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.app.get(LoginThrottle).countSince(member.email)).toBe(0);
  });
});
