import { TestApp, createTestApp } from './support/test-app';
import type { Leadership } from './support/test-factory';
import {
  MeetingStage,
  RETURN_MINUTES,
  scheduleMeeting,
  stagedMeeting,
} from './support/meetings-fixtures';

const LIST = `query($status: [MeetingStatus!], $minutesStatus: [MinutesStatus!], $first: Int, $after: String) {
  meetings(status: $status, minutesStatus: $minutesStatus, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status minutes { status } } } } }`;

// The desks of a portal: the secretary's drafts and minutes to finish, the chair's minutes to
// approve, members' upcoming meetings, each one page of a filtered list rather than every meeting
// of the council's history fetched and filtered in the browser.
describe('meetings filtered by state and ordered for each desk (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const meetingAt: Partial<Record<MeetingStage | 'RETURNED', string>> = {};

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    const ids = { secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id };
    const stages: MeetingStage[] = [
      'DRAFT',
      'PUBLISHED',
      'HELD',
      'MINUTES_DRAFT',
      'MINUTES_SUBMITTED',
      'MINUTES_APPROVED',
    ];
    for (const stage of stages) {
      meetingAt[stage] = (await stagedMeeting(t, ids, stage, leaders.member.member.id)).meetingId;
    }
    const returned = await stagedMeeting(t, ids, 'MINUTES_SUBMITTED', leaders.member.member.id);
    await t.client.ok(
      RETURN_MINUTES,
      { id: returned.meetingId, comment: 'Уточните решение' },
      leaders.chair.token,
    );
    meetingAt.RETURNED = returned.meetingId;
  });
  afterAll(() => t.close());

  const ids = async (token: string, variables: Record<string, unknown>) => {
    const page = (await t.client.ok(LIST, variables, token)).meetings;
    const listed: string[] = page.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(page.totalCount).toBe(listed.length);
    return listed.sort();
  };

  it('lists the meetings in the states asked, and none for an empty list', async () => {
    const token = leaders.secretary.token;
    expect(await ids(token, { status: ['DRAFT'] })).toEqual([meetingAt.DRAFT]);
    expect(await ids(token, { status: ['PUBLISHED'] })).toEqual([meetingAt.PUBLISHED]);
    expect(await ids(token, { status: ['DRAFT', 'PUBLISHED'] })).toEqual(
      [meetingAt.DRAFT, meetingAt.PUBLISHED].sort(),
    );
    expect(await ids(token, { status: [] })).toEqual([]);
    expect(await ids(token, {})).toHaveLength(7);
  });

  it('gives the chair the minutes awaiting approval and the secretary those to finish', async () => {
    expect(await ids(leaders.chair.token, { minutesStatus: ['SUBMITTED'] })).toEqual([
      meetingAt.MINUTES_SUBMITTED,
    ]);
    expect(await ids(leaders.secretary.token, { minutesStatus: ['DRAFT'] })).toEqual(
      [meetingAt.MINUTES_DRAFT, meetingAt.RETURNED].sort(),
    );
    expect(
      await ids(leaders.secretary.token, { status: ['HELD'], minutesStatus: ['APPROVED'] }),
    ).toEqual([meetingAt.MINUTES_APPROVED]);
  });

  // Found by review (portal walk): a held meeting whose minutes nobody has started has no minutes,
  // so no minutesStatus found it; the secretary's desk walked every held meeting of the council's
  // history to find the minutes still to write.
  it('gives the secretary the held meetings whose minutes are not started', async () => {
    const WITHOUT = `query($status: [MeetingStatus!], $hasMinutes: Boolean) {
      meetings(status: $status, hasMinutes: $hasMinutes) { totalCount edges { node { id } } } }`;
    const listed = async (token: string, variables: Record<string, unknown>) => {
      const page = (await t.client.ok(WITHOUT, variables, token)).meetings;
      expect(page.totalCount).toBe(page.edges.length);
      return page.edges.map((edge: { node: { id: string } }) => edge.node.id).sort();
    };
    expect(await listed(leaders.secretary.token, { status: ['HELD'], hasMinutes: false })).toEqual([
      meetingAt.HELD,
    ]);
    expect(await listed(leaders.secretary.token, { hasMinutes: true })).toHaveLength(4);
    // As a member reads them: minutes exist once a version was approved.
    expect(await listed(leaders.member.token, { hasMinutes: true })).toEqual([
      meetingAt.MINUTES_APPROVED,
    ]);
  });

  // Members see published meetings and approved minutes only: a filter tells them nothing more.
  it('tells a member nothing of drafts, of meetings or of minutes', async () => {
    const token = leaders.member.token;
    expect(await ids(token, { status: ['DRAFT'] })).toEqual([]);
    expect(await ids(token, { minutesStatus: ['DRAFT', 'SUBMITTED'] })).toEqual([]);
    expect(await ids(token, { minutesStatus: ['APPROVED'] })).toEqual([meetingAt.MINUTES_APPROVED]);
  });

  it('pages a filtered list', async () => {
    const token = leaders.secretary.token;
    const first = (await t.client.ok(LIST, { minutesStatus: ['DRAFT'], first: 1 }, token)).meetings;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await t.client.ok(
        LIST,
        { minutesStatus: ['DRAFT'], first: 1, after: first.pageInfo.endCursor },
        token,
      )
    ).meetings;
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect([first.edges[0].node.id, next.edges[0].node.id].sort()).toEqual(
      [meetingAt.MINUTES_DRAFT, meetingAt.RETURNED].sort(),
    );
  });

  // "The next meetings" is the start of the list of those ahead, soonest first; newest first, the
  // furthest ahead came first and the next one only on the last page.
  it('lists the meetings ahead soonest first, and pages on after a meeting in either order', async () => {
    const token = leaders.secretary.token;
    const ahead: Record<string, string> = {};
    for (const day of ['2027-03-10', '2027-03-03', '2027-04-01']) {
      ahead[day] = (await scheduleMeeting(t, token, { startsAt: `${day}T11:00:00+03:00` })).id;
    }
    const ORDERED = `query($order: MeetingOrder, $first: Int, $after: String, $from: DateTime) {
      meetings(order: $order, first: $first, after: $after, from: $from) {
        pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
    const page = async (variables: Record<string, unknown>) => {
      const list = (
        await t.client.ok(ORDERED, { from: '2027-02-01T09:00:00Z', ...variables }, token)
      ).meetings;
      return {
        ids: list.edges.map((edge: { node: { id: string } }) => edge.node.id),
        cursors: list.edges.map((edge: { cursor: string }) => edge.cursor),
        hasNextPage: list.pageInfo.hasNextPage,
      };
    };
    const soonest = await page({ order: 'STARTS_AT_ASC', first: 2 });
    expect(soonest.ids).toEqual([ahead['2027-03-03'], ahead['2027-03-10']]);
    expect(soonest.hasNextPage).toBe(true);
    const rest = await page({ order: 'STARTS_AT_ASC', first: 2, after: soonest.cursors[1] });
    expect(rest).toMatchObject({ ids: [ahead['2027-04-01']], hasNextPage: false });

    const newest = await page({});
    expect(newest.ids).toEqual([ahead['2027-04-01'], ahead['2027-03-10'], ahead['2027-03-03']]);
    expect((await page({ order: 'STARTS_AT_DESC' })).ids).toEqual(newest.ids);
    // A cursor stands for its meeting: read in the other order, the page goes on from there.
    expect((await page({ order: 'STARTS_AT_ASC', after: newest.cursors[1] })).ids).toEqual([
      ahead['2027-04-01'],
    ]);
    expect((await page({ after: soonest.cursors[1] })).ids).toEqual([ahead['2027-03-03']]);
    expect(await t.client.error(ORDERED, { order: 'SOONEST' }, token)).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('names a state it does not know', async () => {
    const error = await t.client.error(LIST, { status: ['GONE'] }, leaders.secretary.token);
    expect(error.code).toBe('BAD_USER_INPUT');
  });
});
