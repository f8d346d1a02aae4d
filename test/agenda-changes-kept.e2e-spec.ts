import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  MEETING,
  MEETINGS,
  PUBLISH,
  addAgendaItem,
  scheduleMeeting,
} from './support/meetings-fixtures';

const UPDATE_ITEM = `mutation($id: ID!, $input: UpdateAgendaItemInput!) {
  updateAgendaItem(id: $id, input: $input) { id title } }`;
const REORDER = `mutation($id: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $ids) { id agendaRevision agenda { id position } } }`;
const REMOVE = `mutation($id: ID!) { removeAgendaItem(id: $id) { id agendaRevision agenda { id position title } } }`;

// An agenda's positions and its list of changes, as other meetings' commands and commands that
// change nothing leave them (found by mutation testing of AgendaService).
describe('agenda positions and changes (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  async function meetingWithItems(startsAt: string, count: number, publish: boolean) {
    const meeting = await scheduleMeeting(t, leaders.secretary.token, { startsAt });
    const items: string[] = [];
    for (let index = 0; index < count; index += 1) {
      items.push(
        (
          await addAgendaItem(t, leaders.secretary.token, meeting.id, {
            title: `Вопрос ${index + 1}`,
          })
        ).id,
      );
    }
    if (publish) await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);
    return { id: meeting.id, items };
  }

  const agendaOf = async (meetingId: string) =>
    (await t.client.ok(MEETING, { id: meetingId }, leaders.secretary.token)).meeting;

  it('closes the gap a removed item leaves in its own agenda only', async () => {
    const own = await meetingWithItems('2027-03-01T11:00:00+03:00', 3, true);
    const other = await meetingWithItems('2027-03-02T11:00:00+03:00', 4, true);

    const removed = (await t.client.ok(REMOVE, { id: own.items[1] }, leaders.secretary.token))
      .removeAgendaItem;
    expect(removed.agenda.map((item: any) => [item.id, item.position])).toEqual([
      [own.items[0], 1],
      [own.items[2], 2],
    ]);
    expect((await agendaOf(other.id)).agenda.map((item: any) => [item.id, item.position])).toEqual(
      other.items.map((id, index) => [id, index + 1]),
    );
  });

  it('raises no revision and lists no change for an update or a reorder that changes nothing', async () => {
    const meeting = await meetingWithItems('2027-03-03T11:00:00+03:00', 2, true);
    await t.client.ok(
      UPDATE_ITEM,
      { id: meeting.items[0], input: { title: 'Вопрос 1', durationMinutes: 20 } },
      leaders.secretary.token,
    );
    const reordered = (
      await t.client.ok(REORDER, { id: meeting.id, ids: meeting.items }, leaders.secretary.token)
    ).reorderAgenda;
    expect(reordered.agendaRevision).toBe(1);

    const read = await agendaOf(meeting.id);
    expect(read.agendaRevision).toBe(1);
    expect(read.agendaChanges.totalCount).toBe(0);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry
        WHERE entity_id = $1 AND action IN ('meetings.agenda_item_updated', 'meetings.agenda_reordered')`,
      [meeting.id],
    );
    expect(n).toBe(0);
  });

  it('lists the meetings that start from `from` (inclusive) until `to` (exclusive)', async () => {
    const at = (startsAt: string) => meetingWithItems(startsAt, 1, true);
    const first = await at('2027-04-01T11:00:00+03:00');
    const second = await at('2027-04-02T11:00:00+03:00');
    await at('2027-04-03T11:00:00+03:00');
    const listed = (
      await t.client.ok(
        MEETINGS,
        { first: 10, from: '2027-04-01T08:00:00Z', to: '2027-04-03T08:00:00Z' },
        leaders.member.token,
      )
    ).meetings;
    expect(listed.edges.map((edge: any) => edge.node.id)).toEqual([second.id, first.id]);
    expect(listed.totalCount).toBe(2);
  });
});
