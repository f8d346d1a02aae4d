import { LoginThrottle, MembersService, PasswordHasher } from '@council/accounts';
import { TEST_PASSWORD } from './support/test-factory';
import { Client } from 'pg';
import { untilLockWaiters } from './support/lock-waits';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token expiresAt member { id status fullName organization { id } } }
}`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { accessToken member { id status } }
}`;
const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken refreshToken }
}`;
const ME = `{ me { id status } }`;
const PREVIEW = `query($token: String!) {
  invitation(token: $token) { fullName email organization { name shortName } expiresAt }
}`;
const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { status } }`;

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSPHRASE = 'a long enough passphrase';

interface Invited {
  inviteMember: {
    token: string;
    expiresAt: string;
    member: { id: string; status: string; fullName: string; organization: { id: string } };
  };
}

describe('accounts lifecycle (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.release());

  async function invite(token: string, email: string, fullName: string, organizationId: string) {
    return t.client.ok<Invited>(INVITE, { input: { email, fullName, organizationId } }, token);
  }

  async function auditActions(memberId: string): Promise<string[]> {
    const rows: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY seq`,
      [memberId],
    );
    return rows.map((row) => row.action);
  }

  describe('log-in racing a change of the member', () => {
    // The admin's change lands while the password is being checked (argon2 takes ~tens of ms).
    function duringPasswordCheck(change: () => Promise<unknown>) {
      const hasher = t.app.get(PasswordHasher);
      const real = hasher.verify.bind(hasher);
      return jest.spyOn(hasher, 'verify').mockImplementationOnce(async (hash, password) => {
        const result = await real(hash, password);
        await change();
        return result;
      });
    }

    it('a suspension committed during the password check gives no session, even after reactivation', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const member = await t.factory.member();
      const spy = duringPasswordCheck(() =>
        t.app.get(MembersService).suspend(admin.member.id, member.id),
      );
      const login = await t.client.request<{ login: { accessToken: string } }>(LOGIN, {
        email: member.email,
        password: TEST_PASSWORD,
      });
      spy.mockRestore();
      expect(login.errors?.[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'ACCOUNT_NOT_ACTIVE',
      });
      expect(
        await t.dataSource.query(`SELECT id FROM auth_session WHERE member_id = $1`, [member.id]),
      ).toEqual([]);
      // The password was right: the attempt is struck off, not counted as a failure.
      expect(await t.app.get(LoginThrottle).countSince(member.email)).toBe(0);
      expect(await auditActions(member.id)).toEqual([
        'accounts.member_suspended',
        'accounts.login_refused',
      ]);

      await t.client.ok(REACTIVATE, { id: member.id }, admin.token);
      const again = await t.client.ok<{ login: { accessToken: string } }>(LOGIN, {
        email: member.email,
        password: TEST_PASSWORD,
      });
      expect((await t.client.ok(ME, {}, again.login.accessToken)).me.status).toBe('ACTIVE');
    });

    it('a password changed during the check refuses the old password and counts a failure', async () => {
      const member = await t.factory.member();
      const newHash = await t.app.get(PasswordHasher).hash('a quite different passphrase');
      const spy = duringPasswordCheck(() =>
        t.dataSource.query(`UPDATE member SET password_hash = $1 WHERE id = $2`, [
          newHash,
          member.id,
        ]),
      );
      const login = await t.client.request(LOGIN, {
        email: member.email,
        password: TEST_PASSWORD,
      });
      spy.mockRestore();
      expect(login.errors?.[0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'INVALID_CREDENTIALS',
      });
      expect(
        await t.dataSource.query(`SELECT id FROM auth_session WHERE member_id = $1`, [member.id]),
      ).toEqual([]);
      expect(await t.app.get(LoginThrottle).countSince(member.email)).toBe(1);
      expect(await auditActions(member.id)).toEqual(['accounts.login_failed']);
    });
  });

  describe('the last active admin', () => {
    // Every admin made so far in this file's database leaves the stage: the two made next are the
    // only active admins.
    async function onlyTwoActiveAdmins() {
      await t.dataSource.query(
        `UPDATE member SET status = 'SUSPENDED' WHERE is_admin AND status = 'ACTIVE'`,
      );
      return [
        await t.factory.signedIn({ isAdmin: true }),
        await t.factory.signedIn({ isAdmin: true }),
      ];
    }

    async function activeAdmins(): Promise<number> {
      const rows: Array<{ n: number }> = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM member WHERE is_admin AND status = 'ACTIVE'`,
      );
      return rows[0].n;
    }

    it('cannot be suspended; another admin can, while one remains', async () => {
      const [a, b] = await onlyTwoActiveAdmins();
      expect((await t.client.ok(SUSPEND, { id: b.member.id }, a.token)).suspendMember.status).toBe(
        'SUSPENDED',
      );
      // The only admin left is the actor (who cannot suspend themself) ...
      expect(await t.client.error(SUSPEND, { id: a.member.id }, a.token)).toMatchObject({
        code: 'CONFLICT',
        reason: 'CANNOT_SUSPEND_SELF',
      });
      // ... and the rule does not depend on who asks: the last admin stays active.
      const last = t.app.get(MembersService).suspend(b.member.id, a.member.id);
      await expect(last).rejects.toMatchObject({ reason: 'LAST_ADMIN' });
      expect(await activeAdmins()).toBe(1);
      expect(await auditActions(a.member.id)).not.toContain('accounts.member_suspended');

      // A member who is not an admin is suspended as before.
      const member = await t.factory.member();
      await t.client.ok(SUSPEND, { id: member.id }, a.token);
    });

    // On PostgreSQL the two transactions overlap; the embedded engine has one connection and runs
    // them one after the other (the rule still holds there).
    it('two admins suspending each other at once: one wins, one admin stays active', async () => {
      const members = t.app.get(MembersService);
      for (let round = 0; round < 5; round += 1) {
        const [a, b] = await onlyTwoActiveAdmins();
        const outcomes = await Promise.allSettled([
          members.suspend(a.member.id, b.member.id),
          members.suspend(b.member.id, a.member.id),
        ]);
        const refusals = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(refusals).toHaveLength(1);
        expect(refusals[0].reason).toMatchObject({ reason: 'LAST_ADMIN' });
        expect(await activeAdmins()).toBe(1);
      }
    });

    it('the same race over the API: the loser is refused (or already signed out)', async () => {
      for (let round = 0; round < 5; round += 1) {
        const [a, b] = await onlyTwoActiveAdmins();
        const answers = await Promise.all([
          t.client.request(SUSPEND, { id: b.member.id }, a.token),
          t.client.request(SUSPEND, { id: a.member.id }, b.token),
        ]);
        const refusals = answers.filter((answer) => answer.errors);
        expect(refusals).toHaveLength(1);
        // Refused by the rule, or (when the winner committed before the loser's request was
        // authenticated) because the loser's session was revoked by their suspension.
        expect(['LAST_ADMIN', 'SESSION_INVALID']).toContain(
          refusals[0].errors?.[0].extensions?.reason,
        );
        expect(await activeAdmins()).toBe(1);
      }
    });
  });

  describe('invitations', () => {
    // Two connections at once: PostgreSQL only (the embedded engine runs requests one by one).
    (process.env.DATABASE_URL ? it : it.skip)(
      'answers a double submit of a new address with an invitation and a re-issue, not EMAIL_TAKEN',
      async () => {
        const admin = await t.factory.signedIn({ isAdmin: true });
        const organization = await t.factory.organization();
        for (let round = 0; round < 5; round += 1) {
          const input = {
            email: `twice-${round}@council.test`,
            fullName: 'Дважды',
            organizationId: organization.id,
          };
          const answers = await Promise.all(
            [1, 2].map(() => t.client.request<Invited>(INVITE, { input }, admin.token)),
          );
          expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
          const [first, second] = answers.map((answer) => answer.data!.inviteMember);
          expect(second.member.id).toBe(first.member.id);
          expect((await auditActions(first.member.id)).sort()).toEqual([
            'accounts.invitation_reissued',
            'accounts.member_invited',
          ]);
        }
      },
    );

    it('re-issues an expired invitation to a member still invited, with the new name and organisation', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const [first, second] = [await t.factory.organization(), await t.factory.organization()];
      const issued = await invite(admin.token, 'late@council.test', 'Опоздавший', first.id);
      t.clock.advance(8 * DAY_MS);
      expect(
        await t.client.error(ACCEPT, {
          input: { token: issued.inviteMember.token, password: PASSPHRASE },
        }),
      ).toMatchObject({ reason: 'INVALID_INVITATION' });

      const reissued = await invite(
        admin.token,
        'Late@Council.test',
        'Опоздавший Вновь',
        second.id,
      );
      expect(reissued.inviteMember.token).not.toBe(issued.inviteMember.token);
      expect(reissued.inviteMember.member).toEqual({
        id: issued.inviteMember.member.id,
        status: 'INVITED',
        fullName: 'Опоздавший Вновь',
        organization: { id: second.id },
      });
      expect(new Date(reissued.inviteMember.expiresAt).getTime()).toBe(
        t.clock.now().getTime() + 7 * DAY_MS,
      );
      const accepted = await t.client.ok(ACCEPT, {
        input: { token: reissued.inviteMember.token, password: PASSPHRASE },
      });
      expect(accepted.acceptInvitation.member).toEqual({
        id: issued.inviteMember.member.id,
        status: 'ACTIVE',
      });
      expect(await auditActions(issued.inviteMember.member.id)).toEqual([
        'accounts.member_invited',
        'accounts.invitation_reissued',
        'accounts.invitation_accepted',
      ]);
    });

    // Found by review: an expired invitation and a pending one looked the same (both INVITED).
    it('tells whoever may invite when each invitation runs out, expired ones included; nobody else', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const viewer = await t.factory.signedIn();
      const organization = await t.factory.organization();
      const early = await invite(
        admin.token,
        'expiry-early@council.test',
        'Ранний',
        organization.id,
      );
      t.clock.advance(8 * DAY_MS);
      const fresh = await invite(
        admin.token,
        'expiry-fresh@council.test',
        'Свежий',
        organization.id,
      );
      const EXPIRIES = `{ members(status: INVITED, first: 100) {
        edges { node { id invitationExpiresAt } } } }`;
      const expiries = async (token: string) =>
        Object.fromEntries(
          (await t.client.ok(EXPIRIES, {}, token)).members.edges.map((edge: any) => [
            edge.node.id,
            edge.node.invitationExpiresAt,
          ]),
        );
      const seen = await expiries(admin.token);
      expect(seen[early.inviteMember.member.id]).toBe(early.inviteMember.expiresAt);
      expect(new Date(seen[early.inviteMember.member.id]).getTime()).toBeLessThan(
        t.clock.now().getTime(),
      );
      expect(seen[fresh.inviteMember.member.id]).toBe(fresh.inviteMember.expiresAt);
      const unseen = await expiries(viewer.token);
      expect([unseen[early.inviteMember.member.id], unseen[fresh.inviteMember.member.id]]).toEqual([
        null,
        null,
      ]);
      // A re-issue moves it; once accepted, there is none.
      const again = await invite(
        admin.token,
        'expiry-early@council.test',
        'Ранний',
        organization.id,
      );
      expect((await expiries(admin.token))[early.inviteMember.member.id]).toBe(
        again.inviteMember.expiresAt,
      );
      await t.client.ok(ACCEPT, {
        input: { token: again.inviteMember.token, password: PASSPHRASE },
      });
      const [{ invitationExpiresAt }] = (
        await t.client.ok(
          `{ members(status: ACTIVE, first: 100) { edges { node { id invitationExpiresAt } } } }`,
          {},
          admin.token,
        )
      ).members.edges
        .map((edge: any) => edge.node)
        .filter((node: any) => node.id === early.inviteMember.member.id);
      expect(invitationExpiresAt).toBeNull();
    });

    // The page that accepts an invitation greets the invitee before they choose a password.
    it('shows the holder of a live invitation who it is for, and nothing once it cannot be accepted', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization('Кластер «Ёлки» — УК');
      const first = await invite(
        admin.token,
        'Preview@Council.test',
        'Ёлкина Анна 𝔄',
        organization.id,
      );
      const memberId = first.inviteMember.member.id;
      const preview = async (token: string) => t.client.request(PREVIEW, { token });
      const refused = async (token: string) => {
        const answer = await preview(token);
        expect(answer.data).toBeNull();
        return answer.errors?.[0].extensions;
      };

      const entriesBefore = await auditActions(memberId);
      expect((await preview(first.inviteMember.token)).data).toEqual({
        invitation: {
          fullName: 'Ёлкина Анна 𝔄',
          email: 'preview@council.test',
          organization: { name: 'Кластер «Ёлки» — УК', shortName: 'Кластер «Ёлки» — УК' },
          expiresAt: first.inviteMember.expiresAt,
        },
      });
      // Reading it records nothing and uses nothing up.
      expect(await auditActions(memberId)).toEqual(entriesBefore);
      // Names only: the public preview leads nowhere else in the council.
      expect(
        (
          await t.client.request(
            `query($token: String!) {
            invitation(token: $token) { organization { members { totalCount } } } }`,
            {
              token: first.inviteMember.token,
            },
          )
        ).errors?.[0].extensions,
      ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });

      // Re-issued with another name: the old token shows nothing, the new one the new name.
      const second = await invite(
        admin.token,
        'preview@council.test',
        'Ёлкина Анна Сергеевна',
        organization.id,
      );
      expect(await refused(first.inviteMember.token)).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'INVALID_INVITATION',
      });
      expect((await preview(second.inviteMember.token)).data?.invitation).toMatchObject({
        fullName: 'Ёлкина Анна Сергеевна',
      });

      // A made-up token is refused as a used one; an empty one is an input mistake.
      expect(await refused('not-a-token')).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'INVALID_INVITATION',
      });
      expect(await refused('')).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { token: ['token must be 1 to 200 characters long'] },
        fieldReasons: { token: 'INVALID_LENGTH' },
      });

      await t.client.ok(ACCEPT, {
        input: { token: second.inviteMember.token, password: PASSPHRASE },
      });
      expect(await refused(second.inviteMember.token)).toMatchObject({
        reason: 'INVALID_INVITATION',
      });

      // Expired: shown until the instant it runs out, not after.
      const late = await invite(
        admin.token,
        'preview-late@council.test',
        'Поздний',
        organization.id,
      );
      t.clock.set(new Date(new Date(late.inviteMember.expiresAt).getTime() - 1));
      expect((await preview(late.inviteMember.token)).data?.invitation).toMatchObject({
        fullName: 'Поздний',
      });
      t.clock.advance(1);
      expect(await refused(late.inviteMember.token)).toMatchObject({
        reason: 'INVALID_INVITATION',
      });
    });

    it('a re-issued invitation ends the earlier ones that were still valid', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization();
      const first = await invite(admin.token, 'lost@council.test', 'Потерявший', organization.id);
      const second = await invite(admin.token, 'lost@council.test', 'Потерявший', organization.id);
      t.clock.advance(1000);
      expect(
        await t.client.error(ACCEPT, {
          input: { token: first.inviteMember.token, password: PASSPHRASE },
        }),
      ).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });
      await t.client.ok(ACCEPT, {
        input: { token: second.inviteMember.token, password: PASSPHRASE },
      });
    });

    it('lets only the last inviter or an admin invite a pending address again', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization();
      const other = await t.factory.organization();
      const leaders = await t.factory.leadership();
      const secretary = leaders.secretary.token;
      const byAdmin = await invite(admin.token, 'alice@council.test', 'Алиса', organization.id);
      // The secretary would receive the token of an address the admin invited: refused, unchanged.
      expect(
        await t.client.error(
          INVITE,
          {
            input: {
              email: 'alice@council.test',
              fullName: 'Кто Угодно',
              organizationId: other.id,
            },
          },
          secretary,
        ),
      ).toMatchObject({ code: 'CONFLICT', reason: 'INVITED_BY_ANOTHER' });
      const [row] = await t.dataSource.query(
        'SELECT full_name, organization_id FROM member WHERE id = $1',
        [byAdmin.inviteMember.member.id],
      );
      expect(row).toEqual({ full_name: 'Алиса', organization_id: organization.id });
      await t.client.ok(ACCEPT, {
        input: { token: byAdmin.inviteMember.token, password: PASSPHRASE },
      });

      // The secretary may issue their own invitation again, and an admin may too.
      const bySecretary = await invite(secretary, 'bob@council.test', 'Боб', organization.id);
      const again = await invite(secretary, 'bob@council.test', 'Боб', organization.id);
      expect(again.inviteMember.member.id).toBe(bySecretary.inviteMember.member.id);
      const byAdminAgain = await invite(admin.token, 'bob@council.test', 'Боб', other.id);
      expect(byAdminAgain.inviteMember.member.organization).toEqual({ id: other.id });
    });

    it("keeps an active or suspended member's e-mail, or an invited admin's, taken", async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization();
      const active = await t.factory.member();
      const suspended = await t.factory.member();
      await t.client.ok(SUSPEND, { id: suspended.id }, admin.token);
      // An admin still invited (admin:invite) is not re-issued through the API.
      const invitedAdmin = await t.factory.member({
        status: 'INVITED' as never,
        isAdmin: true,
      });
      for (const email of [active.email, suspended.email, invitedAdmin.email]) {
        const taken = await t.client.error(
          INVITE,
          { input: { email, fullName: 'Двойник', organizationId: organization.id } },
          admin.token,
        );
        expect(taken).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
        expect(taken.error.extensions?.fields).toEqual({ email: [expect.any(String)] });
      }
    });

    it('suspending an invited member ends their invitation; after reactivation a new one is needed', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization();
      const leaked = await invite(admin.token, 'leak@council.test', 'Утечка', organization.id);
      const memberId = leaked.inviteMember.member.id;
      await t.client.ok(SUSPEND, { id: memberId }, admin.token);
      expect(
        (await t.client.ok(REACTIVATE, { id: memberId }, admin.token)).reactivateMember,
      ).toEqual({ status: 'INVITED' });
      t.clock.advance(1000);
      expect(
        await t.client.error(ACCEPT, {
          input: { token: leaked.inviteMember.token, password: 'attacker passphrase' },
        }),
      ).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_INVITATION' });

      const fresh = await invite(admin.token, 'leak@council.test', 'Утечка', organization.id);
      expect(fresh.inviteMember.member.id).toBe(memberId);
      await t.client.ok(ACCEPT, {
        input: { token: fresh.inviteMember.token, password: PASSPHRASE },
      });
    });
  });

  describe('passwords', () => {
    async function invitedToken(email: string): Promise<string> {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization();
      return (await invite(admin.token, email, 'Ёжик', organization.id)).inviteMember.token;
    }

    it('logs in with the passphrase typed in NFD after it was set in NFC', async () => {
      const token = await invitedToken('unicode-pw@council.test');
      const nfc = 'ёлка и йод café 2026'.normalize('NFC');
      await t.client.ok(ACCEPT, { input: { token, password: nfc } });
      const nfd = nfc.normalize('NFD');
      expect(nfd).not.toBe(nfc);
      const login = await t.client.request(LOGIN, {
        email: 'unicode-pw@council.test',
        password: nfd,
      });
      expect(login.errors).toBeUndefined();
    });

    it('counts the length in code points, the same in the input check and the domain', async () => {
      const token = await invitedToken('lengths@council.test');
      // 11 letters typed decomposed (22 UTF-16 units): too short.
      const elevenLetters = 'ё'.normalize('NFD').repeat(11);
      const short = await t.client.error(ACCEPT, { input: { token, password: elevenLetters } });
      expect(short.code).toBe('BAD_USER_INPUT');
      expect(short.error.extensions?.fields).toHaveProperty('password');
      // 257 code points: too long.
      const long = await t.client.error(ACCEPT, { input: { token, password: 'x'.repeat(257) } });
      expect(long.error.extensions?.fields).toHaveProperty('password');
      // 200 emoji are 400 UTF-16 units but 200 characters: accepted, and it logs in.
      const emoji = '🔐'.repeat(200);
      await t.client.ok(ACCEPT, { input: { token, password: emoji } });
      const login = await t.client.request(LOGIN, {
        email: 'lengths@council.test',
        password: emoji,
      });
      expect(login.errors).toBeUndefined();
    });
  });
});

describe('suspension ends every session for good (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const REFRESH = `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`;

  it('keeps a session from before a suspension dead after reactivation, and audits both', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const member = await t.factory.member();
    const session = (await t.client.ok(LOGIN, { email: member.email, password: TEST_PASSWORD }))
      .login;
    await t.client.ok(SUSPEND, { id: member.id }, admin.token);
    await t.client.ok(REACTIVATE, { id: member.id }, admin.token);
    expect((await t.client.error(ME, {}, session.accessToken)).code).toBe('UNAUTHENTICATED');
    expect((await t.client.error(REFRESH, { token: session.refreshToken })).code).toBe(
      'UNAUTHENTICATED',
    );
    const actions = await t.dataSource.query(
      `SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'accounts.member_%' ORDER BY seq`,
      [member.id],
    );
    expect(actions.map((row: { action: string }) => row.action)).toEqual([
      'accounts.member_suspended',
      'accounts.member_reactivated',
    ]);
  });

  it('refuses a live session whose member left ACTIVE, even if it was never revoked', async () => {
    const member = await t.factory.signedIn();
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [
      member.member.id,
    ]);
    expect((await t.client.error(ME, {}, member.token)).reason).toBe('SESSION_INVALID');
  });
});

// Accepting an invitation and inviting the same member again (or suspending them) both lock the
// member and the invitation; in opposite orders they deadlock. Two connections at once: PostgreSQL
// only (the embedded engine has one connection).
if (process.env.DATABASE_URL) {
  describe('lock order between accepting an invitation and a re-issue (e2e)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('accepting waits for the member before it locks the invitation', async () => {
      const admin = await t.factory.signedIn({ isAdmin: true });
      const organization = await t.factory.organization('Кластер порядка блокировок');
      const invited = await t.client.ok(
        INVITE,
        {
          input: {
            email: 'lock-order@council.test',
            fullName: 'Порядок',
            organizationId: organization.id,
          },
        },
        admin.token,
      );
      const memberId = invited.inviteMember.member.id;
      const side = new Client({ connectionString: t.database.url });
      await side.connect();
      try {
        // What a re-issue does first: the member row.
        await side.query('BEGIN');
        await side.query('SELECT id FROM member WHERE id = $1 FOR UPDATE', [memberId]);
        const accepting = t.client.request(ACCEPT, {
          input: { token: invited.inviteMember.token, password: PASSPHRASE },
        });
        await untilLockWaiters(side, 1);
        // Then the invitation rows: this waited for the accept (holding them) before the fix.
        await side.query(
          `UPDATE invitation SET expires_at = expires_at WHERE member_id = $1 AND accepted_at IS NULL`,
          [memberId],
        );
        await side.query('COMMIT');
        const accepted = await accepting;
        expect(accepted.errors).toBeUndefined();
      } finally {
        await side.end();
      }
    });
  });
}

describe('changing one’s password (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
  const NEW_PASSWORD = 'новая длинная парольная фраза';

  it('needs the current password, ends the other sessions, and the new one logs in', async () => {
    const member = await t.factory.member();
    const login = async (password: string) =>
      t.client.request<{ login: { accessToken: string } }>(LOGIN, {
        email: member.email,
        password,
      });
    const here = (await login(TEST_PASSWORD)).data!.login;
    const elsewhere = (await login(TEST_PASSWORD)).data!.login;

    const wrong = await t.client.error(
      CHANGE,
      { input: { currentPassword: 'not my password', newPassword: NEW_PASSWORD } },
      here.accessToken,
    );
    expect(wrong).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WRONG_PASSWORD' });
    expect(
      await t.client.error(
        CHANGE,
        { input: { currentPassword: TEST_PASSWORD, newPassword: 'short' } },
        here.accessToken,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    // A lone surrogate would be hashed as U+FFFD, and other passwords would then match.
    const malformed = await t.client.error(
      CHANGE,
      { input: { currentPassword: TEST_PASSWORD, newPassword: '\ud800' + NEW_PASSWORD } },
      here.accessToken,
    );
    expect(malformed.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CHARACTERS',
      fields: { newPassword: [expect.any(String)] },
    });

    const changed = await t.client.ok(
      CHANGE,
      { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } },
      here.accessToken,
    );
    expect(changed.changePassword).toBe(true);
    // This session goes on; the other one has ended; the old password no longer works.
    expect((await t.client.ok(ME, {}, here.accessToken)).me.id).toBe(member.id);
    expect((await t.client.error(ME, {}, elsewhere.accessToken)).code).toBe('UNAUTHENTICATED');
    expect((await login(TEST_PASSWORD)).errors?.[0].extensions?.reason).toBe('INVALID_CREDENTIALS');
    expect((await login(NEW_PASSWORD)).errors).toBeUndefined();
    const actions = await t.dataSource.query(
      `SELECT action FROM audit_entry WHERE entity_id = $1 AND action LIKE 'accounts.password%'
        ORDER BY seq`,
      [member.id],
    );
    expect(actions.map((row: { action: string }) => row.action)).toEqual([
      'accounts.password_change_failed',
      'accounts.password_changed',
    ]);
  });

  it('counts wrong current passwords with failed log-ins: no way around the throttle', async () => {
    const member = await t.factory.signedIn();
    for (let guess = 0; guess < 5; guess += 1) {
      const refused = await t.client.error(
        CHANGE,
        { input: { currentPassword: `guess ${guess} of many`, newPassword: NEW_PASSWORD } },
        member.token,
      );
      expect(refused.reason).toBe('WRONG_PASSWORD');
    }
    const blocked = await t.client.error(
      CHANGE,
      { input: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD } },
      member.token,
    );
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });

  // Found by review: the second of a double-submitted form found the hash changed by the first and
  // called the right current password wrong, counting a failed log-in against the member.
  it('answers a double submit with one change and a conflict, never a wrong password', async () => {
    const member = await t.factory.signedIn();
    const answers = await Promise.all(
      ['первая новая парольная фраза', 'вторая новая парольная фраза'].map((newPassword) =>
        t.client.request<any>(
          CHANGE,
          { input: { currentPassword: TEST_PASSWORD, newPassword } },
          member.token,
        ),
      ),
    );
    const outcomes = answers.map((answer) => answer.errors?.[0].extensions?.reason ?? 'OK');
    expect(outcomes).toContain('OK');
    expect(outcomes).not.toContain('WRONG_PASSWORD');
    const failures = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry
        WHERE entity_id = $1 AND action = 'accounts.password_change_failed'`,
      [member.member.id],
    );
    expect(failures[0].n).toBe(0);
  });

  // Found by review: logouts of one session at once each recorded one.
  it('records one logout for a session logged out several times at once', async () => {
    const member = await t.factory.signedIn();
    const { login } = await t.client.ok(LOGIN, {
      email: member.member.email,
      password: TEST_PASSWORD,
    });
    const LOGOUT = `mutation($token: String!) { logout(refreshToken: $token) }`;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        t.client.request<any>(LOGOUT, { token: login.refreshToken }, login.accessToken),
      ),
    );
    // Each is answered true, or, arriving after one has ended the session, refused by it.
    for (const answer of answers) {
      expect(String(answer.data?.logout ?? answer.errors?.[0].extensions?.code)).toMatch(
        /^(true|UNAUTHENTICATED)$/,
      );
    }
    expect(answers.some((answer) => answer.data?.logout === true)).toBe(true);
    const logouts = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'accounts.logout' AND actor_id = $1`,
      [member.member.id],
    );
    expect(logouts[0].n).toBe(1);
  });
});

// A right password whose log-in (or password change) then fails on the database, here a lock
// timeout behind another transaction, changed nothing: its throttle attempt is struck off, so
// retries, which the error allows, cannot lock the member out. Two connections at once:
// PostgreSQL only.
if (process.env.DATABASE_URL) {
  describe('a right password failing on a database error is not a failed guess (e2e)', () => {
    let t: TestApp;
    let side: Client;
    beforeAll(async () => {
      t = await createTestApp({ env: { DB_LOCK_TIMEOUT_MS: '300' } });
      side = new Client({ connectionString: t.database.url });
      await side.connect();
    });
    afterAll(async () => {
      await side.end();
      await t.close();
    });

    const attempts = async (email: string): Promise<number> =>
      (
        await t.dataSource.query('SELECT count(*)::int AS n FROM login_failure WHERE email = $1', [
          email,
        ])
      )[0].n;
    // Another transaction holds the member's row (a slow suspension, say) while `request` runs.
    const whileMemberLocked = async <T>(memberId: string, request: () => Promise<T>) => {
      await side.query('BEGIN');
      try {
        await side.query('SELECT 1 FROM member WHERE id = $1 FOR UPDATE', [memberId]);
        return await request();
      } finally {
        await side.query('ROLLBACK');
      }
    };

    it('log-in: five timeouts leave no attempt, and the sixth try gets in', async () => {
      const member = await t.factory.member();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const refused = await whileMemberLocked(member.id, () =>
          t.client.error(LOGIN, { email: member.email, password: TEST_PASSWORD }),
        );
        expect(refused).toMatchObject({
          code: 'INTERNAL_SERVER_ERROR',
          reason: 'DATABASE_TIMEOUT',
        });
        expect(refused.error.extensions?.retryable).toBe(true);
      }
      expect(await attempts(member.email)).toBe(0);
      const again = await t.client.ok(LOGIN, { email: member.email, password: TEST_PASSWORD });
      expect(again.login.accessToken).toEqual(expect.any(String));
    });

    it('password change: a timeout leaves no attempt; a wrong password still counts', async () => {
      const { member, token } = await t.factory.signedIn();
      const change = (currentPassword: string) =>
        t.client.error(
          `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`,
          { input: { currentPassword, newPassword: 'совсем новая парольная фраза' } },
          token,
        );
      const refused = await whileMemberLocked(member.id, () => change(TEST_PASSWORD));
      expect(refused).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', reason: 'DATABASE_TIMEOUT' });
      expect(await attempts(member.email)).toBe(0);
      expect(await change('не тот пароль совсем')).toMatchObject({ reason: 'WRONG_PASSWORD' });
      expect(await attempts(member.email)).toBe(1);
    });
  });
}
