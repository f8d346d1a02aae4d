import { TestApp, createTestApp } from './support/test-app';
import type { Leadership } from './support/test-factory';
import { MY_ACTION_ITEMS, UPDATE_ACTION_ITEM, stagedMeeting } from './support/meetings-fixtures';

const ACTION_ITEMS = `query($status: [ActionItemStatus!], $first: Int) {
  actionItems(status: $status, first: $first) { totalCount edges { node { id status } } } }`;

// The contract of list filters, of PageInfo, and of the capped list without pages.
describe('paged lists (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let staged: { meetingId: string; actionItemId?: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    staged = await stagedMeeting(
      t,
      { secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id },
      'MINUTES_APPROVED',
      leaders.member.member.id,
    );
  });
  afterAll(() => t.close());

  // A filter given applies: "only items in these states", none given, is no item. A follow-up
  // screen whose state checkboxes are all cleared listed every item instead.
  it('actionItems(status: []) lists no item', async () => {
    const all = (await t.client.ok(ACTION_ITEMS, {}, leaders.secretary.token)).actionItems;
    expect(all.totalCount).toBeGreaterThan(0);
    const none = (await t.client.ok(ACTION_ITEMS, { status: [] }, leaders.secretary.token))
      .actionItems;
    expect({ totalCount: none.totalCount, edges: none.edges.length }).toEqual({
      totalCount: 0,
      edges: 0,
    });
  });

  // myActionItems keeps 500 items, open ones first, then the done ones most recently done (older
  // done items remain readable in the minutes), shown soonest due first.
  it('myActionItems keeps the newest done items when it is cut short', async () => {
    // 500 items done long ago, besides the staged one (due 2026-12-31), all the member's.
    await t.dataSource.query(
      `INSERT INTO action_item (id, meeting_id, agenda_item_id, title, assignee_id, due_on, status,
                                since_version)
       SELECT gen_random_uuid(), a.meeting_id, a.agenda_item_id, 'Старое поручение ' || n,
              a.assignee_id, DATE '2020-01-01' + n, 'DONE', a.since_version
         FROM action_item a, generate_series(1, 500) n
        WHERE a.id = $1`,
      [staged.actionItemId],
    );
    // The member finishes the item of the latest minutes.
    await t.client.ok(
      UPDATE_ACTION_ITEM,
      { id: staged.actionItemId, status: 'DONE' },
      leaders.member.token,
    );
    const mine: Array<{ id: string; dueOn: string; status: string }> = (
      await t.client.ok(MY_ACTION_ITEMS, {}, leaders.member.token)
    ).myActionItems;
    expect(mine).toHaveLength(500);
    expect(mine.map((item) => item.id)).toContain(staged.actionItemId);
    // Still in the documented order: open first, then soonest due first.
    const dues = mine.map((item) => item.dueOn);
    expect(dues).toEqual([...dues].sort());
  });

  // The Relay connection spec, which the API's connections follow (edges, node, cursor, pageInfo):
  // PageInfo "must contain hasPreviousPage and hasNextPage … It must also contain startCursor and
  // endCursor". Clients' generic connection helpers select all four.
  it('answers startCursor and hasPreviousPage over HTTP', async () => {
    const PAGE = `query($first: Int, $after: String) { members(first: $first, after: $after) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } } }`;
    const head = (await t.client.ok(PAGE, { first: 2 }, leaders.member.token)).members;
    expect(head.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: head.edges[0].cursor,
      endCursor: head.edges[1].cursor,
    });
    const none = (await t.client.ok(PAGE, { first: 0 }, leaders.member.token)).members;
    expect(none.pageInfo).toMatchObject({ startCursor: null, endCursor: null });
  });

  // Cut short, the done items kept are those done most recently, not those due last: an overdue
  // item the member has just finished stays, 500 items finished long ago but due later give way.
  it('myActionItems keeps an item just finished when it is cut short', async () => {
    const finished = await stagedMeeting(
      t,
      { secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id },
      'MINUTES_APPROVED',
      leaders.member.member.id,
    );
    // 500 items of the member, due in 2030 and later, finished in January 2027.
    await t.dataSource.query(
      `INSERT INTO action_item (id, meeting_id, agenda_item_id, title, assignee_id, due_on, status,
                                status_changed_by, status_changed_at, since_version)
       SELECT gen_random_uuid(), a.meeting_id, a.agenda_item_id, 'Сделано заранее ' || n,
              a.assignee_id, DATE '2030-01-01' + n, 'DONE', a.assignee_id,
              TIMESTAMPTZ '2027-01-10T09:00:00Z', a.since_version
         FROM action_item a, generate_series(1, 500) n
        WHERE a.id = $1`,
      [finished.actionItemId],
    );
    // Today the member finishes the staged item (due 2026-12-31, overdue).
    await t.client.ok(
      UPDATE_ACTION_ITEM,
      { id: finished.actionItemId, status: 'DONE' },
      leaders.member.token,
    );
    const mine: Array<{ id: string }> = (
      await t.client.ok(MY_ACTION_ITEMS, {}, leaders.member.token)
    ).myActionItems;
    expect(mine).toHaveLength(500);
    expect(mine.map((item) => item.id)).toContain(finished.actionItemId);
  });
});
