import { domainToASCII } from 'node:url';
import { OrganizationNameFold1765800000000 as Fold } from '../migrations/1765800000000-OrganizationNameFold';
import { runMigrationStep } from './support/migration-steps';
import { TestApp, createTestApp } from './support/test-app';
import { MEETING, stagedMeeting } from './support/meetings-fixtures';
import { ACCEPT, SUSPEND } from './support/accounts';

// Organisations and member administration, as an operator (ADMIN) and the council's executive
// secretary use them.
const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name shortName } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, input: $input) { id name shortName } }`;
const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token member { id email status organization { id name } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken member { id } } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { status organization { name } } }`;
const PASSWORD = 'a long enough passphrase';

describe('organisations and member administration (e2e)', () => {
  let t: TestApp;
  let leadership: Promise<Awaited<ReturnType<TestApp['factory']['leadership']>>> | undefined;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-03-01T09:00:00Z');
  });
  const leaders_ = () => (leadership ??= t.factory.leadership());
  afterAll(() => t.close());

  const create = (token: string, name: string, shortName = name.slice(0, 100)) =>
    t.client.request(CREATE, { input: { name, shortName } }, token);

  // "ООО «Ёлочка»" and "ООО «Елочка»" (or 'ООО "Ёлочка"') are the same organisation as a Russian
  // reader (and any register) reads it. A duplicate that slipped in could not be undone: no
  // operation removes an organisation or moves an active member.
  it('refuses a name that differs from a taken one only by ё/е or by the style of its quotes', async () => {
    const { token } = await t.factory.signedIn({ isAdmin: true });
    const base = await create(token, 'ООО «Ёлочка»', 'Ёлочка');
    expect(base.errors).toBeUndefined();
    const variants = ['ООО «Елочка»', 'ООО "Ёлочка"', 'ооо “елочка”', 'ООО „Ёлочка“'];
    const answers: Record<string, unknown> = {};
    for (const variant of variants) {
      const answer = await create(token, variant, 'x');
      answers[variant] = answer.errors?.[0].extensions?.reason ?? 'CREATED';
    }
    expect(answers).toEqual(Object.fromEntries(variants.map((v) => [v, 'ORGANIZATION_EXISTS'])));
    // A rename to such a variant of another organisation's name is refused as well…
    const other = (await create(token, 'АО «Технопарк»', 'Технопарк')).data!
      .createOrganization as any;
    const clash = await t.client.error(
      UPDATE,
      { id: other.id, input: { name: 'ООО «Елочка»' } },
      token,
    );
    expect(clash).toMatchObject({ code: 'CONFLICT', reason: 'ORGANIZATION_EXISTS' });
    // …while correcting one's own name to its ё-spelling is a correction, not a clash.
    const own = (await create(token, 'Кластер Счетчиков', 'Счетчики')).data!
      .createOrganization as any;
    const fixed = await t.client.ok(
      UPDATE,
      { id: own.id, input: { name: 'Кластер Счётчиков' } },
      token,
    );
    expect(fixed.updateOrganization.name).toBe('Кластер Счётчиков');
  });

  // One mailbox, one account: an internationalised domain typed in its ASCII form (xn--…, as many
  // mail clients show it) is the address it is, and a domain with a final dot is refused (it
  // would be a second spelling of one mailbox: a second account, and a second vote).
  it('takes an IDN domain in its ASCII form, or a domain with a final dot, as the address it is', async () => {
    const leaders = await leaders_();
    const organization = await t.factory.organization();
    const invite = (email: string) =>
      t.client.request(
        INVITE,
        { input: { email, fullName: 'Иван Петров', organizationId: organization.id } },
        leaders.admin.token,
      );
    const issued = await invite('ivan@кластер.рф');
    expect(issued.errors).toBeUndefined();
    const { token } = (issued.data as any).inviteMember;
    await t.client.ok(ACCEPT, { input: { token, password: PASSWORD } });

    const outcome = (answer: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
      answer.errors?.[0].extensions?.reason ?? 'ACCEPTED';
    const seen: Record<string, unknown> = {};
    seen['invite ivan@xn--80akne1aeh.xn--p1ai'] = outcome(
      await invite('ivan@xn--80akne1aeh.xn--p1ai'),
    );
    // The member logs in with the address as their mail client shows it.
    seen['login ivan@xn--80akne1aeh.xn--p1ai'] = outcome(
      await t.client.request(LOGIN, {
        input: { email: 'ivan@xn--80akne1aeh.xn--p1ai', password: PASSWORD },
      }),
    );
    // Empty labels (a final dot, two dots in a row) are no address of a different mailbox.
    for (const email of ['ivan@кластер.рф.', 'petr@example..org', 'petr@.example.org']) {
      seen[`invite ${email}`] = outcome(await invite(email));
    }
    expect(seen).toEqual({
      'invite ivan@xn--80akne1aeh.xn--p1ai': 'EMAIL_TAKEN',
      'login ivan@xn--80akne1aeh.xn--p1ai': 'ACCEPTED',
      'invite ivan@кластер.рф.': 'INVALID_EMAIL',
      'invite petr@example..org': 'INVALID_EMAIL',
      'invite petr@.example.org': 'INVALID_EMAIL',
    });
    // A spoof hidden in the ASCII form is refused as the Unicode one is: "chаir" with a Cyrillic "а".
    const spoof = await invite(`chair@${domainToASCII('cоuncil.example')}`);
    expect(outcome(spoof)).toBe('INVALID_EMAIL');
  });

  // The migration: a database already holding such a pair stops with their names.
  it('the migration names the organisations that would clash, and changes nothing then', async () => {
    await runMigrationStep(t, new Fold(), 'down');
    await t.factory.organization('Кластер «Счётчик»');
    await t.factory.organization('Кластер "Счетчик"');
    await expect(runMigrationStep(t, new Fold(), 'up')).rejects.toThrow(
      /these clash: 'Кластер "Счетчик"' \(id [0-9a-f-]+\), 'Кластер «Счётчик»'/,
    );
    await t.dataSource.query(
      `UPDATE organization SET name = 'Кластер Юг' WHERE name = 'Кластер "Счетчик"'`,
    );
    await runMigrationStep(t, new Fold(), 'up');
  });

  it('names the field of a blank, invisible or too long name, on create and on rename', async () => {
    const { token } = await t.factory.signedIn({ isAdmin: true });
    const cases: Array<[Record<string, string>, string]> = [
      [{ name: '', shortName: 'x' }, 'name'],
      [{ name: '   \u00a0', shortName: 'x' }, 'name'],
      [{ name: '\u200b', shortName: 'x' }, 'name'],
      [{ name: '«»', shortName: 'x' }, 'name'],
      [{ name: 'Я'.repeat(301), shortName: 'x' }, 'name'],
      [{ name: 'Кластер пустой', shortName: ' ' }, 'shortName'],
    ];
    for (const [input, field] of cases) {
      const refused = await t.client.error(CREATE, { input }, token);
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(refused.error.extensions?.fields ?? {})).toEqual([field]);
    }
    const org = await t.factory.organization('Кластер для переименования');
    for (const [input, field] of cases) {
      const refused = await t.client.error(UPDATE, { id: org.id, input }, token);
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(refused.error.extensions?.fields ?? {})).toContain(field);
    }
    // 300 characters fit; NFD input, a no-break space and another case are the same name.
    expect((await create(token, 'Ж'.repeat(300), 'Ж')).errors).toBeUndefined();
    expect((await create(token, 'АО «Композит Ёж»', 'Ёж')).errors).toBeUndefined();
    for (const same of [
      'АО «Композит Ёж»'.normalize('NFD'),
      'АО\u00a0«Композит  Ёж»',
      'ао «КОМПОЗИТ ёж»',
    ]) {
      expect((await create(token, same, 'x')).errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ORGANIZATION_EXISTS',
      });
    }
    const secretary = (await leaders_()).secretary;
    expect(
      (
        await t.client.error(
          CREATE,
          { input: { name: 'Секретарская', shortName: 'С' } },
          secretary.token,
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('a rename shows everywhere, leaves sealed minutes as sealed, and a reactivated member sees the new name', async () => {
    const leaders = await leaders_();
    const organization = await t.factory.organization('ООО «Старое имя»');
    const member = await t.factory.signedIn({
      organizationId: organization.id,
      fullName: 'Член Переименованной',
    });
    const staged = await stagedMeeting(
      t,
      { secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id },
      'MINUTES_APPROVED',
      member.member.id,
    );
    const before = (await t.client.ok(MEETING, { id: staged.meetingId }, member.token)).meeting
      .minutes;
    await t.client.ok(SUSPEND, { id: member.member.id }, leaders.admin.token);
    await t.client.ok(
      UPDATE,
      { id: organization.id, input: { name: 'АО «Новое имя»' } },
      leaders.admin.token,
    );
    const back = await t.client.ok(REACTIVATE, { id: member.member.id }, leaders.admin.token);
    expect(back.reactivateMember).toEqual({
      status: 'ACTIVE',
      organization: { name: 'АО «Новое имя»' },
    });
    const login = await t.client.ok(LOGIN, {
      input: { email: member.member.email, password: 'correct horse battery staple' },
    });
    const after = (await t.client.ok(MEETING, { id: staged.meetingId }, login.login.accessToken))
      .meeting.minutes;
    // The seal covers member ids only: a rename changes neither the bytes nor the hash.
    expect(after.contentHash).toBe(before.contentHash);
    expect(after.canonicalContent).toBe(before.canonicalContent);
  });

  it('the secretary invites into any organisation, re-issues only their own invitations, never an admin’s account', async () => {
    const leaders = await leaders_();
    const [first, second] = [await t.factory.organization(), await t.factory.organization()];
    const invite = (token: string, email: string, organizationId: string) =>
      t.client.request(
        INVITE,
        { input: { email, fullName: 'Приглашённый', organizationId } },
        token,
      );
    const own = await invite(leaders.secretary.token, 'by-secretary@council.test', first.id);
    expect(own.errors).toBeUndefined();
    // Their own invitation again, into another organisation: the invitee moves before accepting.
    const moved = await invite(leaders.secretary.token, 'BY-SECRETARY@council.test ', second.id);
    expect((moved.data as any).inviteMember.member.organization.id).toBe(second.id);
    await invite(leaders.admin.token, 'by-admin@council.test', first.id);
    const taken = await t.client.error(
      INVITE,
      {
        input: { email: 'by-admin@council.test', fullName: 'Чужой', organizationId: second.id },
      },
      leaders.secretary.token,
    );
    expect(taken).toMatchObject({ code: 'CONFLICT', reason: 'INVITED_BY_ANOTHER' });
    const admin = await t.client.error(
      INVITE,
      {
        input: { email: leaders.admin.member.email, fullName: 'Админ', organizationId: second.id },
      },
      leaders.secretary.token,
    );
    expect(admin).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
    // NFD and NFC spellings of an accented local part are one address, at invite and log-in.
    const nfc = await invite(leaders.admin.token, 'josé@council.test', first.id);
    const nfd = await invite(leaders.admin.token, 'jose\u0301@council.test', first.id);
    expect((nfd.data as any).inviteMember.member.id).toBe((nfc.data as any).inviteMember.member.id);
  });

  // A typographic apostrophe (’, as phones type ' by default) or single quotes ‘…’ do not make a
  // second organisation either.
  it('refuses a name that differs from a taken one only by its apostrophe or single quotes', async () => {
    const { token } = await t.factory.signedIn({ isAdmin: true });
    const base = await create(token, "ООО 'Макдоналдс' (O'Brien's)", 'Макдоналдс');
    expect(base.errors).toBeUndefined();
    const variants = ['ООО ‘Макдоналдс’ (O’Brien’s)', "ООО ‘Макдоналдс’ (O'Brien's)"];
    const answers: Record<string, unknown> = {};
    for (const name of variants) {
      const answer = await create(token, name, 'x');
      answers[name] = answer.errors?.[0].extensions?.reason ?? 'CREATED';
    }
    expect(answers).toEqual(Object.fromEntries(variants.map((v) => [v, 'ORGANIZATION_EXISTS'])));
  });

  // Only punycode labels are turned into their script: the address is kept as written otherwise
  // (node's domainToUnicode reads a URL's host, and given the whole domain dropped what followed a
  // "/", "?" or "#", storing another address).
  it('stores an address with an xn-- label as written, not cut at a "/"', async () => {
    const leaders = await leaders_();
    const organization = await t.factory.organization();
    const answer = await t.client.ok(
      INVITE,
      {
        input: {
          email: 'anna@council.example/.xn--p1ai',
          fullName: 'Анна Иванова',
          organizationId: organization.id,
        },
      },
      leaders.admin.token,
    );
    expect(answer.inviteMember.member.email).toBe('anna@council.example/.рф');
  });
});
