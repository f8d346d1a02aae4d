import { CANCEL, CREATE } from './support/elections';
import { databaseFingerprint } from './support/database-fingerprint';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Text PostgreSQL cannot store (NUL, a lone surrogate) or a screen should not show (control
// characters) is bad input wherever text is entered: BAD_USER_INPUT naming the field, nothing
// written, never an internal error.
const UNSTORABLE = ['a\u0000b', '\ud800', 'x\udc00y', 'red \u001b[31m', 'c1 \u0085'];

describe('unstorable text in every kind of input (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-06-20T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  async function expectRefused(
    document: string,
    variables: Record<string, unknown>,
    token: string | undefined,
    field: string,
  ) {
    const before = await databaseFingerprint(t);
    const refusal = await t.client.error(document, variables, token);
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(Object.keys(refusal.error.extensions?.fields ?? {})).toContain(field);
    expect(await databaseFingerprint(t)).toBe(before);
  }

  it.each(UNSTORABLE)('refuses %j in a log-in e-mail, before counting it', async (text) => {
    await expectRefused(
      `mutation($email: String!) { login(input: { email: $email, password: "any password" }) { accessToken } }`,
      { email: `${text}@council.test` },
      undefined,
      'email',
    );
  });

  it('names a lone surrogate in a log-in e-mail for what it is, not a control character', async () => {
    const refused = await t.client.error(
      `mutation($email: String!) { login(input: { email: $email, password: "any password" }) { accessToken } }`,
      { email: '\ud800@council.test' },
    );
    expect(refused.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CHARACTERS',
      fields: { email: ['email is not valid Unicode'] },
    });
  });

  // Found by review: a lone surrogate counts no character, so the length check answered first.
  it('names a lone surrogate in a required text for what it is, not a length', async () => {
    const refused = await t.client.error(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
      {
        input: {
          title: '\ud800',
          startsAt: '2027-07-01T09:00:00+03:00',
          format: 'IN_PERSON',
          location: 'Технопарк',
        },
      },
      leaders.secretary.token,
    );
    expect(refused.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_CHARACTERS',
      fields: { title: ['title is not valid Unicode'] },
    });
  });

  it.each(UNSTORABLE)(
    'refuses %j in an organisation, an invitation and an election',
    async (text) => {
      const { admin, secretary } = leaders;
      await expectRefused(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name: text, shortName: 'Кластер' } },
        admin.token,
        'name',
      );
      const organization = await t.factory.organization(`Кластер ${UNSTORABLE.indexOf(text)}`);
      const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`;
      await expectRefused(
        INVITE,
        {
          input: {
            email: `${text}@council.test`,
            fullName: 'Имя',
            organizationId: organization.id,
          },
        },
        admin.token,
        'email',
      );
      await expectRefused(
        INVITE,
        { input: { email: 'new@council.test', fullName: text, organizationId: organization.id } },
        admin.token,
        'fullName',
      );
      await expectRefused(
        CREATE,
        { input: { termLabel: '2027-H2', title: text } },
        secretary.token,
        'title',
      );
      await expectRefused(
        CREATE,
        {
          input: {
            termLabel: '2027-H2',
            title: 'Выборы',
            contests: [{ position: 'CO_CHAIR', seats: 1, portfolio: text }],
          },
        },
        secretary.token,
        'contests.0.portfolio',
      );
    },
  );

  it('refuses unstorable text in the reason an election is cancelled for', async () => {
    const created = (
      await t.client.ok(
        CREATE,
        { input: { termLabel: '2028-H1', title: 'Выборы на 2028-H1' } },
        leaders.secretary.token,
      )
    ).createElection;
    for (const text of UNSTORABLE) {
      await expectRefused(
        CANCEL,
        { id: created.id, reason: text },
        leaders.secretary.token,
        'reason',
      );
    }
  });

  // Names appear on ballots, rosters and minutes; an e-mail is how a member is told apart.
  it('refuses names and e-mail addresses that would pass for others', async () => {
    const { admin } = leaders;
    const organization = await t.factory.organization('Кластер имён');
    const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`;
    const invite = (email: string, fullName: string) => ({
      input: { email, fullName, organizationId: organization.id },
    });
    for (const fullName of ['\u200b', 'Иван \u202eвонавИ', '\u2060\u200d', '—']) {
      await expectRefused(INVITE, invite('new@council.test', fullName), admin.token, 'fullName');
    }
    for (const email of [
      'chair\u200b@council.test',
      'chair@council\u200e.test',
      'ch\u0430ir@council.test', // a Cyrillic "а" among Latin letters
      'chair@council.t\u0435st', // a Cyrillic "е" in the domain
      '\uff43hair@council.test', // a fullwidth "ｃ"
      'chair@\u03bfffice.test', // a Greek omicron
      // Found by review: characters nobody sees beyond the format ones.
      'chai\u034fr@council.test', // a combining grapheme joiner
      'chair\ufe00@council.test', // a variation selector
      'chair\u115f@council.test', // a Hangul filler
    ]) {
      await expectRefused(INVITE, invite(email, 'Иван Петров'), admin.token, 'email');
    }
    // Letters of one script per part are an address like any other, accents written with
    // combining marks NFC cannot join included (Yoruba).
    await t.client.ok(INVITE, invite('секретарь@совет.рф', 'Иван Петров'), admin.token);
    await t.client.ok(INVITE, invite('adébáyọ̀@example.ng', 'Adébáyọ̀ Ọlá'), admin.token);
    await expectRefused(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Кластер\u202e', shortName: 'Кластер' } },
      admin.token,
      'name',
    );
  });

  // The GraphQL input checks and the domain count characters alike: an ideograph beyond the first
  // plane (two UTF-16 units) is one character.
  it('takes text of the full length in characters beyond the first plane, and not one more', async () => {
    const created = await t.client.ok(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { shortName } }`,
      { input: { name: '\u{20000}'.repeat(300), shortName: '\u{20001}'.repeat(100) } },
      leaders.admin.token,
    );
    expect([...created.createOrganization.shortName]).toHaveLength(100);
    await expectRefused(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Кластер 𠀀', shortName: '\u{20002}'.repeat(101) } },
      leaders.admin.token,
      'shortName',
    );
  });

  // Decomposed letters (й typed as и + a combining breve, as some keyboards and pasted text send
  // them) and spaces around the text do not count: the input checks count what the domain keeps,
  // the NFC form trimmed, and the limit still holds on it.
  it('counts the full length of decomposed and padded text as the domain keeps it', async () => {
    const { admin, secretary } = leaders;
    const decomposed = (text: string) => text.normalize('NFD');
    const meeting = (
      await t.client.ok(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id title location } }`,
        {
          input: {
            title: decomposed('й'.repeat(300)),
            startsAt: '2027-07-02T09:00:00+03:00',
            format: 'IN_PERSON',
            location: `  ${'Ё'.repeat(300)}\n`,
          },
        },
        secretary.token,
      )
    ).scheduleMeeting;
    expect(meeting.title).toBe('й'.repeat(300));
    expect(meeting.location).toBe('Ё'.repeat(300));
    const item = await t.client.ok(
      `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { title } }`,
      {
        input: {
          meetingId: meeting.id,
          title: decomposed('ё'.repeat(300)),
          durationMinutes: 15,
          kind: 'DISCUSSION',
          presenterId: secretary.member.id,
        },
      },
      secretary.token,
    );
    expect(item.addAgendaItem.title).toBe('ё'.repeat(300));
    const election = await t.client.ok(
      CREATE,
      {
        input: {
          termLabel: '2029-H1',
          title: decomposed('й'.repeat(200)),
          contests: [{ position: 'CO_CHAIR', seats: 1, portfolio: decomposed('й'.repeat(200)) }],
        },
      },
      secretary.token,
    );
    expect(election.createElection.title).toBe('й'.repeat(200));
    const organization = await t.client.ok(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name shortName } }`,
      {
        input: { name: decomposed('Й'.repeat(300)), shortName: ` ${decomposed('й'.repeat(100))} ` },
      },
      admin.token,
    );
    expect(organization.createOrganization).toMatchObject({
      name: 'Й'.repeat(300),
      shortName: 'й'.repeat(100),
    });
    await t.client.ok(
      `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
      {
        input: {
          email: 'decomposed@council.test',
          fullName: decomposed('Йй'.repeat(100)),
          organizationId: organization.createOrganization.id,
        },
      },
      admin.token,
    );
    // One character more, counted the same way, is refused by the input check.
    const refused = await t.client.error(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
      {
        input: {
          title: decomposed('й'.repeat(301)),
          startsAt: '2027-07-02T09:00:00+03:00',
          format: 'IN_PERSON',
          location: 'Технопарк',
        },
      },
      secretary.token,
    );
    expect(refused.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_LENGTH',
      fields: { title: ['title must be 1 to 300 characters long'] },
    });
  });

  // A title, a reason or a comment made of zero-width characters shows nothing: blank, like an
  // empty one; an optional comment that shows nothing is no comment.
  it('takes text that shows nothing as blank', async () => {
    const invisible = '\u200b\u2060\u200b';
    await expectRefused(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
      {
        input: {
          title: invisible,
          startsAt: '2027-07-01T09:00:00Z',
          format: 'IN_PERSON',
          location: 'Технопарк',
        },
      },
      leaders.secretary.token,
      'title',
    );
    const created = (
      await t.client.ok(
        CREATE,
        { input: { termLabel: '2028-H2', title: 'Выборы на 2028-H2' } },
        leaders.secretary.token,
      )
    ).createElection;
    await expectRefused(
      CANCEL,
      { id: created.id, reason: invisible },
      leaders.secretary.token,
      'reason',
    );
  });
});
