import { TestApp, createTestApp } from './support/test-app';

const SCHEDULE = `mutation($startsAt: DateTime!) {
  scheduleMeeting(input: { title: "Заседание", startsAt: $startsAt, location: "Технопарк", format: IN_PERSON }) { id startsAt }
}`;

describe('DateTime: an instant with an explicit offset (e2e)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = (await t.factory.leadership()).secretary.token;
  });
  afterAll(() => t.close());

  it('reads the offset it is given and answers in UTC', async () => {
    const data = await t.client.ok(SCHEDULE, { startsAt: '2027-03-01T11:00:00+03:00' }, token);
    expect(data.scheduleMeeting.startsAt).toBe('2027-03-01T08:00:00.000Z');
  });

  it('takes the first and last second of a day', async () => {
    for (const [startsAt, utc] of [
      ['2027-03-01T00:00:00Z', '2027-03-01T00:00:00.000Z'],
      ['2027-03-01T23:59:59.999Z', '2027-03-01T23:59:59.999Z'],
    ]) {
      expect((await t.client.ok(SCHEDULE, { startsAt }, token)).scheduleMeeting.startsAt).toBe(utc);
    }
  });

  it('takes the extreme real offsets, -12:00 and +14:00', async () => {
    for (const [startsAt, utc] of [
      ['2027-03-01T11:00:00-12:00', '2027-03-01T23:00:00.000Z'],
      ['2027-03-01T11:00:00+14:00', '2027-02-28T21:00:00.000Z'],
    ]) {
      expect((await t.client.ok(SCHEDULE, { startsAt }, token)).scheduleMeeting.startsAt).toBe(utc);
    }
  });

  it.each([
    '2027-03-01T11:00:00',
    '2027-03-01',
    '01.03.2027 11:00',
    '2027-02-30T11:00:00Z',
    '',
    '2027-03-20T11:00:00+99:99',
    '2027-03-20T11:00:00+15:00',
    '2027-03-20T11:00:00+14:30',
    '2027-03-20T11:00:00+03:60',
    '0000-01-01T11:00:00Z',
    '1969-12-31T23:59:59Z',
    '3000-01-01T00:00:00Z',
    '2027-03-01T24:00:00Z',
    '2027-03-01T24:00+03:00',
    '2027-03-01T23:60:00Z',
    '2027-03-01T23:59:60Z',
  ])('refuses %p as BAD_USER_INPUT and schedules nothing', async (startsAt) => {
    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM meeting');
    const result = await t.client.error(SCHEDULE, { startsAt }, token);
    expect(result.code).toBe('BAD_USER_INPUT');
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM meeting')).toEqual(before);
  });

  it('applies the same rule to a literal in the document', async () => {
    const result = await t.client.error(
      `mutation { scheduleMeeting(input: { title: "З", startsAt: "2027-03-01T11:00:00", location: "Т", format: ONLINE }) { id } }`,
      {},
      token,
    );
    expect(result.code).toBe('BAD_USER_INPUT');
  });
});
