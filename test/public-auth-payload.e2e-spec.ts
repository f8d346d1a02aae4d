import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// AuthPayload.member is a Member: every Member field must answer under the public mutations too.
// A client that reuses its Member fragment (which asks invitationExpiresAt) on login fails the whole
// log-in under Apollo Client's default error policy, and on refreshSession loses the rotated token.
const MEMBER = `id fullName status roles invitationExpiresAt organization { id }`;
const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken refreshToken member { ${MEMBER} } }
}`;
const REFRESH = `mutation($token: String!) {
  refreshSession(refreshToken: $token) { accessToken refreshToken member { ${MEMBER} } }
}`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { accessToken member { ${MEMBER} } }
}`;

describe('public mutations answer every Member field (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('login { member { invitationExpiresAt } } answers without an error', async () => {
    const member = await t.factory.member();
    const response = await t.client.request(LOGIN, {
      email: member.email,
      password: TEST_PASSWORD,
    });
    expect(response.errors).toBeUndefined();
    expect((response.data as any).login).toMatchObject({
      accessToken: expect.any(String),
      member: { id: member.id, status: 'ACTIVE', invitationExpiresAt: null },
    });
  });

  it('refreshSession { member { invitationExpiresAt } } answers without an error', async () => {
    const member = await t.factory.member();
    const login = await t.client.request<{ login: { refreshToken: string } }>(
      `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { refreshToken } }`,
      { email: member.email, password: TEST_PASSWORD },
    );
    const response = await t.client.request(REFRESH, { token: login.data!.login.refreshToken });
    expect(response.errors).toBeUndefined();
    expect((response.data as any).refreshSession).toMatchObject({
      refreshToken: expect.any(String),
      member: { id: member.id, invitationExpiresAt: null },
    });
  });

  it('acceptInvitation { member { invitationExpiresAt } } answers without an error', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const { inviteMember } = await t.client.ok<{ inviteMember: { token: string } }>(
      INVITE,
      {
        input: {
          email: `invited-${Date.now()}@council.test`,
          fullName: 'Приглашённый Участник',
          organizationId: admin.member.organizationId,
        },
      },
      admin.token,
    );
    const response = await t.client.request(ACCEPT, {
      input: { token: inviteMember.token, password: 'a long enough passphrase' },
    });
    expect(response.errors).toBeUndefined();
    expect((response.data as any).acceptInvitation.member).toMatchObject({
      status: 'ACTIVE',
      invitationExpiresAt: null,
    });
  });
});
