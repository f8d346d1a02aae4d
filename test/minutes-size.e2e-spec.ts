import { MEETING_LIMITS } from '@council/meetings';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { heldMeeting } from './support/meetings-fixtures';

// One variable may be used in many places of one document: minutes whose items all reuse the same
// long discussion and decisions are many times the request body. The per-field caps alone allow
// some 29.5 million characters per version (100 items × 20,000 + 5,000 decisions × 5,000 + 5,000
// action items × 500), stored for ever (versions are append-only) and served to every member.
describe('minutes: the size of one version is bounded, whatever the request body (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  function saveReusing(itemIds: string[]): string {
    const items = itemIds
      .map((id) => `{agendaItemId:"${id}",discussion:$d,decisions:$D}`)
      .join(' ');
    return `mutation($m:ID!,$d:String!,$D:[DecisionInput!]){saveMinutes(input:{meetingId:$m,baseVersion:0,items:[${items}]}){version}}`;
  }

  const variables = (meetingId: string) => ({
    m: meetingId,
    d: 'd'.repeat(MEETING_LIMITS.discussion),
    D: Array.from({ length: 15 }, () => ({
      text: 't'.repeat(MEETING_LIMITS.decisionText),
      votesFor: 0,
      votesAgainst: 0,
      votesAbstained: 0,
      outcome: 'REJECTED',
    })),
  });

  it('refuses minutes of ten items reusing a 95,000-character item (a 96 KB request)', async () => {
    const { meetingId, itemIds } = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-10T11:00:00+03:00',
      items: 10,
      present: [leaders.secretary.member.id, leaders.chair.member.id],
    });
    const response = await t.client.request(
      saveReusing(itemIds),
      variables(meetingId),
      leaders.secretary.token,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_LENGTH',
      fields: { items: [expect.stringContaining(`${MEETING_LIMITS.minutesText} characters`)] },
    });
    const [{ versions }] = await t.dataSource.query(
      `SELECT count(*)::int AS versions FROM minutes_version v JOIN minutes m ON m.id = v.minutes_id
        WHERE m.meeting_id = $1`,
      [meetingId],
    );
    expect(versions).toBe(0);
  });

  it('takes minutes whose texts stay within the cap, items reused or not', async () => {
    const { meetingId, itemIds } = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-11T11:00:00+03:00',
      items: 2,
      present: [leaders.secretary.member.id, leaders.chair.member.id],
    });
    const data = await t.client.ok(
      saveReusing(itemIds),
      variables(meetingId),
      leaders.secretary.token,
    );
    expect(data.saveMinutes.version).toBe(1);
  });
});
