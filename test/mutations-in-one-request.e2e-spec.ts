import { TEST_PASSWORD, type Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { PUBLISH, addAgendaItem, scheduleMeeting } from './support/meetings-fixtures';

// Found by review: GraphQL runs the root fields of a mutation one after another, and each answer
// shows the state after its own mutation; the request's DataLoaders kept what an earlier answer
// had read, so a later mutation of the same document answered with the state from before it.
describe('several mutations in one request answer with their own state (e2e)', () => {
  let t: TestApp;
  let L: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    L = await t.factory.leadership();
  });
  afterAll(() => t.close());

  it('the second reorderAgenda answers with the order it stored', async () => {
    const meeting = await scheduleMeeting(t, L.secretary.token);
    const first = await addAgendaItem(t, L.secretary.token, meeting.id, { title: 'Первый' });
    const second = await addAgendaItem(t, L.secretary.token, meeting.id, { title: 'Второй' });
    const data = await t.client.ok(
      `mutation($m: ID!, $a: ID!, $b: ID!) {
         one: reorderAgenda(meetingId: $m, itemIds: [$b, $a]) { agenda { id } }
         two: reorderAgenda(meetingId: $m, itemIds: [$a, $b]) { agenda { id } }
       }`,
      { m: meeting.id, a: first.id, b: second.id },
      L.secretary.token,
    );
    expect(data.one.agenda.map((item: { id: string }) => item.id)).toEqual([second.id, first.id]);
    const stored = await t.client.ok(
      `query($m: ID!) { meeting(id: $m) { agenda { id } } }`,
      { m: meeting.id },
      L.secretary.token,
    );
    expect(stored.meeting.agenda.map((item: { id: string }) => item.id)).toEqual([
      first.id,
      second.id,
    ]);
    // The answer of the second mutation must be what it stored.
    expect(data.two.agenda.map((item: { id: string }) => item.id)).toEqual([first.id, second.id]);
  });

  it('the second recordAttendance answers with the attendance and quorum it stored', async () => {
    const meeting = await scheduleMeeting(t, L.secretary.token, {
      startsAt: '2027-02-01T10:00:00+03:00',
    });
    await addAgendaItem(t, L.secretary.token, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, L.secretary.token);
    const data = await t.client.ok(
      `mutation($m: ID!, $x: [AttendanceInput!]!, $y: [AttendanceInput!]!) {
         one: recordAttendance(meetingId: $m, entries: $x) { attendance { member { id } } }
         two: recordAttendance(meetingId: $m, entries: $y) { attendance { member { id } } }
       }`,
      {
        m: meeting.id,
        x: [{ memberId: L.chair.member.id, status: 'PRESENT' }],
        y: [{ memberId: L.member.member.id, status: 'PRESENT' }],
      },
      L.secretary.token,
    );
    expect(data.one.attendance).toHaveLength(1);
    expect(data.two.attendance).toHaveLength(2);
  });

  // Found by review: the root fields of one request authenticated once, so mutations after a
  // `logout` in the same document still ran on the ended session.
  it('runs no mutation after a logout of its own session in the same request', async () => {
    const admin = await t.factory.member({ isAdmin: true });
    const session = await t.client.ok(
      `mutation($email: String!, $password: String!) {
         login(input: { email: $email, password: $password }) { accessToken refreshToken }
       }`,
      { email: admin.email, password: TEST_PASSWORD },
    );
    const { accessToken, refreshToken } = session.login;
    const response = await t.client.request<any>(
      `mutation($refreshToken: String!) {
         logout(refreshToken: $refreshToken)
         later: createOrganization(input: { name: "После выхода", shortName: "ПВ" }) { id }
       }`,
      { refreshToken },
      accessToken,
    );
    // createOrganization is non-null: its error nulls the answer, the logout stands.
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({
      path: ['later'],
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const [created] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM organization WHERE name = 'После выхода'`,
    );
    expect(created.n).toBe(0);
    const [ended] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM auth_session WHERE member_id = $1 AND revoked_at IS NULL`,
      [admin.id],
    );
    expect(ended.n).toBe(0);
  });
});
