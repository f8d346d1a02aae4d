import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position, nextTermLabel } from '@council/terms';
import { MemberStatus } from '@council/accounts';
import { CANCEL, CREATE } from './support/elections';
import { TestApp, createTestApp } from './support/test-app';

const ROLES = `{ me { roles } }`;
const TIME_ZONES = `{ currentTerm { timeZone } term(label: "2027-H2") { timeZone startsAt } }`;
const APPOINT = `mutation($label: String!, $seats: [SeatInput!]!) {
  appointFoundingRoster(termLabel: $label, seats: $seats) { label roster { position portfolio member { id } } }
}`;

// A founding roster is for a council without one: each of these tests has a database of its own,
// so none meets the rosters of another, whatever order they run in.
describe('the founding roster of a council without one (e2e)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('refuses a founding roster with a seat holder who is not active', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const [chair, regional, federal] = await Promise.all([1, 2, 3].map(() => t.factory.member()));
    const suspended = await t.factory.member({ status: MemberStatus.SUSPENDED });
    const label = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    const refused = await t.client.error(
      APPOINT,
      {
        label,
        seats: [
          { position: 'CHAIR', memberId: chair.id },
          {
            position: 'CO_CHAIR',
            memberId: regional.id,
            portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
          },
          { position: 'CO_CHAIR', memberId: federal.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
          { position: 'EXECUTIVE_SECRETARY', memberId: suspended.id },
        ],
      },
      admin.token,
    );
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INACTIVE_SEAT_HOLDER' });
    // Found by review: one error for the whole list, and an unknown id called "not active".
    expect(refused.error.extensions?.fields).toEqual({
      'seats.3.memberId': ['must be an active member'],
    });
    const organization = (await t.client.ok(`{ organizations { id } }`, {}, admin.token))
      .organizations[0].id;
    for (const unknown of ['7d1f0c2e-5a4b-4c3d-9e8f-0a1b2c3d4e5f', organization]) {
      const refusedUnknown = await t.client.error(
        APPOINT,
        {
          label,
          seats: [
            { position: 'CHAIR', memberId: chair.id },
            { position: 'CO_CHAIR', memberId: unknown, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
            {
              position: 'CO_CHAIR',
              memberId: federal.id,
              portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
            },
            { position: 'EXECUTIVE_SECRETARY', memberId: regional.id },
          ],
        },
        admin.token,
      );
      expect(refusedUnknown).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_MEMBER' });
      expect(refusedUnknown.error.extensions?.fields).toEqual({
        'seats.1.memberId': ['no such member'],
      });
    }
    expect(await t.dataSource.query('SELECT 1 FROM seat')).toEqual([]);
  });

  it('installs the founding roster once; afterwards it is CONFLICT and nothing changes', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const [chair, regional, federal, secretary] = await Promise.all(
      [1, 2, 3, 4].map(() => t.factory.member()),
    );
    const label = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    const seats = [
      { position: 'CHAIR', memberId: chair.id },
      { position: 'CO_CHAIR', memberId: regional.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
      { position: 'CO_CHAIR', memberId: federal.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
      { position: 'EXECUTIVE_SECRETARY', memberId: secretary.id },
    ];

    const duplicate = await t.client.error(
      APPOINT,
      {
        label,
        seats: [...seats.slice(0, 3), { position: 'EXECUTIVE_SECRETARY', memberId: chair.id }],
      },
      admin.token,
    );
    expect(duplicate).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_HOLDER' });
    // Each mistake names the seat's own field, whichever check finds it.
    expect(duplicate.error.extensions?.fields).toEqual({
      'seats.3.memberId': ['one person can hold only one seat per term'],
    });
    for (const [seat, field] of [
      [{ ...seats[1], portfolio: 'Регион\u0001' }, 'seats.1.portfolio'],
      [{ ...seats[1], portfolio: 'x'.repeat(201) }, 'seats.1.portfolio'],
      [{ ...seats[1], portfolio: null }, 'seats.1.portfolio'],
      [{ ...seats[1], memberId: '00000000-0000-0000-0000-000000000000' }, 'seats.1.memberId'],
    ] as const) {
      const refused = await t.client.error(
        APPOINT,
        { label, seats: [seats[0], seat, ...seats.slice(2)] },
        admin.token,
      );
      expect({ fields: Object.keys(refused.error.extensions?.fields ?? {}) }).toEqual({
        fields: [field],
      });
    }
    const samePortfolio = await t.client.error(
      APPOINT,
      {
        label,
        seats: seats.map((seat) =>
          seat.position === 'CO_CHAIR'
            ? { ...seat, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] }
            : seat,
        ),
      },
      admin.token,
    );
    expect(samePortfolio).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DUPLICATE_PORTFOLIO' });

    // A mistyped year must not use up the one-time appointment: only the current or next term.
    // A past term is one of them too.
    const [year, half] = label.split('-');
    const previous = half === 'H2' ? `${year}-H1` : `${Number(year) - 1}-H2`;
    for (const typo of ['2999-H2', nextTermLabel(nextTermLabel(label)), previous]) {
      const refused = await t.client.error(APPOINT, { label: typo, seats }, admin.token);
      expect(refused).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'FOUNDING_TERM_OUT_OF_RANGE',
      });
      expect(refused.error.extensions?.fields).toEqual({
        termLabel: [expect.stringContaining(label)],
      });
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM roster')).toEqual([{ n: 0 }]);

    const installed = await t.client.ok(APPOINT, { label, seats }, admin.token);
    expect(installed.appointFoundingRoster.roster).toEqual([
      { position: 'CHAIR', portfolio: null, member: { id: chair.id } },
      {
        position: 'CO_CHAIR',
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
        member: { id: regional.id },
      },
      {
        position: 'CO_CHAIR',
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
        member: { id: federal.id },
      },
      { position: 'EXECUTIVE_SECRETARY', portfolio: null, member: { id: secretary.id } },
    ]);
    const chairToken = await t.factory.tokenFor(chair);
    expect((await t.client.ok(ROLES, {}, chairToken)).me.roles).toEqual(['MEMBER', 'CHAIR']);
    // The audit entry records who holds which seat, and for which portfolio.
    const [entry] = await t.dataSource.query(
      `SELECT summary FROM audit_entry WHERE action = 'terms.roster_installed' AND entity_id = $1`,
      [label],
    );
    expect(entry.summary.seats).toEqual([
      { position: 'CHAIR', seatNo: 1, memberId: chair.id, portfolio: null },
      {
        position: 'CO_CHAIR',
        seatNo: 1,
        memberId: regional.id,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
      },
      {
        position: 'CO_CHAIR',
        seatNo: 2,
        memberId: federal.id,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
      },
      { position: 'EXECUTIVE_SECRETARY', seatNo: 1, memberId: secretary.id, portfolio: null },
    ]);

    const seatsBefore = await t.dataSource.query('SELECT count(*)::int AS n FROM seat');
    const again = await t.client.error(
      APPOINT,
      { label: nextTermLabel(label), seats: [{ position: 'CHAIR', memberId: regional.id }] },
      admin.token,
    );
    expect(again).toMatchObject({ code: 'CONFLICT', reason: 'FOUNDING_ROSTER_CLOSED' });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM seat')).toEqual(seatsBefore);
  });
});

describe('terms, rosters and term-bound roles (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.clock.release());
  afterAll(() => t.close());

  it('answers currentTerm, term(label) and terms in the council time zone', async () => {
    t.clock.set('2027-03-10T09:00:00Z');
    const member = await t.factory.signedIn();
    const data = await t.client.ok(
      `{ currentTerm { id label year half startsOn endsOn status name nameRu: name(language: RU) } term(label: "2027-H2") { startsOn endsOn status startsAt nameRu: name(language: RU) } terms { label status } }`,
      {},
      member.token,
    );
    expect(data.currentTerm).toEqual({
      id: '2027-H1',
      label: '2027-H1',
      year: 2027,
      half: 'H1',
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
      status: 'CURRENT',
      name: 'first half of 2027',
      nameRu: 'первое полугодие 2027 года',
    });
    expect(data.term).toEqual({
      startsOn: '2027-07-01',
      endsOn: '2027-12-31',
      status: 'UPCOMING',
      startsAt: '2027-06-30T21:00:00.000Z',
      nameRu: 'второе полугодие 2027 года',
    });
    expect(data.terms.map((term: { label: string }) => term.label)).toEqual(
      expect.arrayContaining(['2027-H1', '2027-H2']),
    );
  });

  it('names the council time zone that the term and due dates are read in', async () => {
    const member = await t.factory.signedIn();
    expect(await t.client.ok(TIME_ZONES, {}, member.token)).toEqual({
      currentTerm: { timeZone: 'Europe/Moscow' },
      term: { timeZone: 'Europe/Moscow', startsAt: '2027-06-30T21:00:00.000Z' },
    });
  });

  it('refuses a malformed term label as BAD_USER_INPUT', async () => {
    const member = await t.factory.signedIn();
    const result = await t.client.error(`{ term(label: "2027-H3") { label } }`, {}, member.token);
    expect(result).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_TERM_LABEL' });
  });

  it('moves powers from one roster to the next at midnight Moscow time, with no write in between', async () => {
    t.clock.set('2030-06-30T20:59:59Z'); // 30 June 23:59:59 MSK
    const [oldChair, newChair] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    await t.factory.installRoster('2030-H1', [
      { position: Position.CHAIR, memberId: oldChair.member.id },
    ]);
    await t.factory.installRoster('2030-H2', [
      { position: Position.CHAIR, memberId: newChair.member.id },
    ]);

    expect((await t.client.ok(ROLES, {}, oldChair.token)).me.roles).toEqual(['MEMBER', 'CHAIR']);
    expect((await t.client.ok(ROLES, {}, newChair.token)).me.roles).toEqual(['MEMBER']);
    expect(
      (await t.client.error(`{ auditLog(first: 1) { totalCount } }`, {}, newChair.token)).code,
    ).toBe('FORBIDDEN');

    t.clock.set('2030-06-30T21:00:00Z'); // 1 July 00:00:00 MSK
    expect((await t.client.ok(ROLES, {}, oldChair.token)).me.roles).toEqual(['MEMBER']);
    expect((await t.client.ok(ROLES, {}, newChair.token)).me.roles).toEqual(['MEMBER', 'CHAIR']);
    expect(
      (await t.client.error(`{ auditLog(first: 1) { totalCount } }`, {}, oldChair.token)).code,
    ).toBe('FORBIDDEN');
    await t.client.ok(`{ auditLog(first: 1) { totalCount } }`, {}, newChair.token);
  });

  it('lets the database refuse a second holder of one seat and two seats for one person', async () => {
    const [a, b] = await Promise.all([t.factory.member(), t.factory.member()]);
    await t.factory.installRoster('2031-H1', [{ position: Position.CHAIR, memberId: a.id }]);
    await expect(
      t.dataSource.query(
        `INSERT INTO seat (term_label, position, seat_no, member_id) VALUES ('2031-H1', 'CHAIR', 1, $1)`,
        [b.id],
      ),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    await expect(
      t.dataSource.query(
        `INSERT INTO seat (term_label, position, seat_no, member_id) VALUES ('2031-H1', 'EXECUTIVE_SECRETARY', 1, $1)`,
        [a.id],
      ),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
  });
});

// Found by review: with an election under way for a term, the founding roster could still be
// appointed for it, and the election then could never be certified (ROSTER_EXISTS). Each test on a
// council of its own: the founding roster is appointed once ever.
describe('the founding roster and an election for the same term (e2e)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  // No roster yet: the ADMIN stands in for the missing secretary and runs the election.
  async function councilWithoutRoster() {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const chair = await t.factory.member();
    const label = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    return {
      admin,
      term: nextTermLabel(label),
      seats: [{ position: 'CHAIR', memberId: chair.id }],
    };
  }

  it('is refused while the election is under way, and appointed once it is cancelled', async () => {
    const { admin, term, seats } = await councilWithoutRoster();
    const election = (
      await t.client.ok(
        CREATE,
        {
          input: {
            termLabel: term,
            title: 'Выборы руководства',
            contests: [{ position: 'CHAIR' }],
          },
        },
        admin.token,
      )
    ).createElection;

    const refused = await t.client.error(APPOINT, { label: term, seats }, admin.token);
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'ELECTION_EXISTS_FOR_TERM' });
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM roster')).toEqual([{ n: 0 }]);

    await t.client.ok(CANCEL, { id: election.id, reason: 'Руководство назначается' }, admin.token);
    const appointed = await t.client.ok(APPOINT, { label: term, seats }, admin.token);
    expect(appointed.appointFoundingRoster.roster).toEqual([
      { position: 'CHAIR', portfolio: null, member: { id: seats[0].memberId } },
    ]);
  });

  it('lets exactly one of them through when both come at once', async () => {
    const { admin, term, seats } = await councilWithoutRoster();
    const [created, appointed] = await Promise.all([
      t.client.request<any>(
        CREATE,
        { input: { termLabel: term, title: 'Выборы', contests: [{ position: 'CHAIR' }] } },
        admin.token,
      ),
      t.client.request<any>(APPOINT, { label: term, seats }, admin.token),
    ]);
    const reasons = [created, appointed].map(
      (response) => response.errors?.[0].extensions?.reason ?? 'ok',
    );
    expect([
      ['ok', 'ELECTION_EXISTS_FOR_TERM'],
      ['TERM_HAS_ROSTER', 'ok'],
    ]).toContainEqual(reasons);
    const [{ elections, rosters }] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM election) AS elections,
              (SELECT count(*)::int FROM roster) AS rosters`,
    );
    expect(elections + rosters).toBe(1);
  });
});

describe('a council in another time zone (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { COUNCIL_TIME_ZONE: 'Asia/Vladivostok' } });
  });
  afterAll(() => t.close());

  it('names its time zone, the one its terms begin in', async () => {
    const member = await t.factory.signedIn();
    expect(await t.client.ok(TIME_ZONES, {}, member.token)).toEqual({
      currentTerm: { timeZone: 'Asia/Vladivostok' },
      term: { timeZone: 'Asia/Vladivostok', startsAt: '2027-06-30T14:00:00.000Z' },
    });
  });
});
