import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const ME = `{ me { id } }`;
const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;

// What the operation rate limit counts besides the operations that run: those refused (a dead
// token, a missing permission), and callers without a session by the address a proxy recorded.
describe('operation rate limit: refusals and addresses (e2e)', () => {
  const LIMIT = 10;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        RATE_LIMIT_OPERATIONS: String(LIMIT),
        RATE_LIMIT_WINDOW_MS: '60000',
        TRUST_PROXY: '1',
      },
    });
  });
  afterAll(() => t.close());

  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('a refused login does not run: no failure counted, no audit entry', async () => {
    const member = await t.factory.member();
    for (let i = 0; i < LIMIT; i++) {
      await t.client.request(REFRESH, { token: `junk-${i}` }, undefined, from('203.0.113.1'));
    }
    const failuresBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`);
    const auditBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    const refused = await t.client.request(
      LOGIN,
      { input: { email: member.email, password: 'wrong password' } },
      undefined,
      from('203.0.113.1'),
    );
    expect(refused.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM login_failure`)).toEqual(
      failuresBefore,
    );
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`)).toEqual(
      auditBefore,
    );
    // Someone else behind the same address cannot log in either, whatever their password.
    const locked = await t.client.request(
      LOGIN,
      { input: { email: member.email, password: TEST_PASSWORD } },
      undefined,
      from('203.0.113.1'),
    );
    expect(locked.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    // Another address (TRUST_PROXY=1: the proxy's entry) is counted apart.
    const elsewhere = await t.client.request(
      LOGIN,
      { input: { email: member.email, password: TEST_PASSWORD } },
      undefined,
      from('203.0.113.2'),
    );
    expect(elsewhere.errors).toBeUndefined();
    // A client cannot pick its own bucket: with one proxy the last entry counts.
    const spoofed = await t.client.request(REFRESH, { token: 'junk' }, undefined, {
      'x-forwarded-for': '198.51.100.7, 203.0.113.1',
    });
    expect(spoofed.errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
  });

  it('counts operations refused at authentication (a runaway script with a dead token)', async () => {
    const codes = new Set<unknown>();
    for (let i = 0; i < LIMIT * 2; i++) {
      const answer = await t.client.request(ME, {}, 'not-a-token', from('203.0.113.9'));
      codes.add(answer.errors?.[0].extensions?.code);
    }
    expect(codes).toContain('TOO_MANY_REQUESTS');
  });

  it('counts operations a member is refused for lack of permission', async () => {
    const member = await t.factory.signedIn();
    const codes = new Set<unknown>();
    for (let i = 0; i < LIMIT * 2; i++) {
      const answer = await t.client.request(
        `{ auditLog(first: 1) { totalCount } }`,
        {},
        member.token,
      );
      codes.add(answer.errors?.[0].extensions?.code);
    }
    expect(codes).toContain('TOO_MANY_REQUESTS');
  });
});
