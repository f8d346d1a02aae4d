import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  UPDATE_ACTION_ITEM,
  decision,
  heldMeeting,
} from './support/meetings-fixtures';

const ACTION_ITEMS = `query($first: Int, $after: String, $status: [ActionItemStatus!], $assigneeId: ID) {
  actionItems(first: $first, after: $after, status: $status, assigneeId: $assigneeId) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title dueOn status isOverdue assignee { id } meeting { id } } } } }`;

// Found by review: the secretary, who follows up every action item (and may update anyone's),
// had no list of them: only `myActionItems`, and walking every meeting's minutes ran into the cost
// limit. `actionItems` lists those of approved minutes, which every member reads there anyway.
describe('the follow-up list of action items (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let anna: SignedIn;
  let boris: SignedIn;
  let ids: Record<string, string>;
  let meetingId: string;
  let itemIds: string[];

  // Each test starts from the same items, on an app and a database of its own: the list shows every
  // approved item there is, one test withdraws one by an amendment, and one moves the clock.
  beforeEach(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    anna = await t.factory.signedIn({ fullName: 'Анна Исполнитель' });
    boris = await t.factory.signedIn({ fullName: 'Борис Исполнитель' });
    const present = [leaders.secretary.member.id, leaders.chair.member.id, anna.member.id];
    const approved = async (startsAt: string, actionItems: unknown[]) => {
      const held = await heldMeeting(t, leaders.secretary.token, { startsAt, present });
      await t.client.ok(
        SAVE_MINUTES,
        {
          input: {
            meetingId: held.meetingId,
            baseVersion: 0,
            items: [
              {
                agendaItemId: held.itemIds[0],
                discussion: 'Обсудили',
                decisions: [decision(2)],
                actionItems,
              },
            ],
          },
        },
        leaders.secretary.token,
      );
      await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, leaders.secretary.token);
      const minutes = (
        await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token)
      ).approveMinutes;
      return { ...held, actionIds: minutes.items[0].actionItems.map((a: any) => a.id) };
    };
    const first = await approved('2027-02-03T11:00:00+03:00', [
      { title: 'Дорожная карта', assigneeId: anna.member.id, dueOn: '2027-03-01' },
      { title: 'Разослать протокол', assigneeId: boris.member.id, dueOn: '2027-02-10' },
    ]);
    const second = await approved('2027-02-17T11:00:00+03:00', [
      { title: 'Отчёт о выставке', assigneeId: anna.member.id, dueOn: '2027-03-01' },
      { title: 'Письмо в комитет', assigneeId: boris.member.id, dueOn: '2027-04-15' },
    ]);
    ids = {
      roadmap: first.actionIds[0],
      mailing: first.actionIds[1],
      report: second.actionIds[0],
      letter: second.actionIds[1],
    };
    meetingId = first.meetingId;
    itemIds = first.itemIds;
    // Minutes still in draft add nothing to follow up.
    const draft = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-24T11:00:00+03:00',
      present,
    });
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: draft.meetingId,
          baseVersion: 0,
          items: [
            {
              agendaItemId: draft.itemIds[0],
              discussion: 'Черновик',
              actionItems: [
                { title: 'Ещё не решено', assigneeId: anna.member.id, dueOn: '2027-02-25' },
              ],
            },
          ],
        },
      },
      leaders.secretary.token,
    );
    await t.client.ok(UPDATE_ACTION_ITEM, { id: ids.mailing, status: 'DONE' }, boris.token);
  });
  afterEach(() => t.close());

  const list = (variables: Record<string, unknown>, token = leaders.secretary.token) =>
    t.client.ok(ACTION_ITEMS, variables, token).then((data) => data.actionItems);
  const titlesOf = (page: any) => page.edges.map((edge: any) => edge.node.title);

  it('lists every approved item, soonest due first (ties by id), to the secretary and to members', async () => {
    const all = await list({});
    const tie = [ids.roadmap, ids.report].sort();
    expect(all.edges.map((edge: any) => edge.node.id)).toEqual([ids.mailing, ...tie, ids.letter]);
    expect(all.totalCount).toBe(4);
    expect(all.pageInfo.hasNextPage).toBe(false);
    // Past the due day in Moscow and not done: overdue.
    t.clock.set('2027-03-01T21:30:00Z');
    const later = await list({}, anna.token);
    expect(
      later.edges.map((edge: any) => [edge.node.title, edge.node.status, edge.node.isOverdue]),
    ).toEqual(
      expect.arrayContaining([
        ['Разослать протокол', 'DONE', false],
        ['Отчёт о выставке', 'OPEN', true],
        ['Дорожная карта', 'OPEN', true],
        ['Письмо в комитет', 'OPEN', false],
      ]),
    );
  });

  it('filters by state and by assignee, counting what matches', async () => {
    const open = await list({ status: ['OPEN', 'IN_PROGRESS'] });
    expect(open.totalCount).toBe(3);
    expect(open.edges.every((edge: any) => edge.node.status !== 'DONE')).toBe(true);
    const borisItems = await list({ assigneeId: boris.member.id });
    expect(titlesOf(borisItems)).toEqual(['Разослать протокол', 'Письмо в комитет']);
    const borisOpen = await list({ assigneeId: boris.member.id, status: ['OPEN'] });
    expect(titlesOf(borisOpen)).toEqual(['Письмо в комитет']);
    expect(borisOpen.edges[0].node.assignee.id).toBe(boris.member.id);
    expect((await list({ assigneeId: leaders.chair.member.id })).totalCount).toBe(0);
  });

  it('pages by cursor without repeats or gaps, and refuses a cursor of another list', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const page: any = await list({ first: 1, after });
      seen.push(...page.edges.map((edge: any) => edge.node.id));
      expect(page.totalCount).toBe(4);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual((await list({})).edges.map((edge: any) => edge.node.id));
    const members = await t.client.ok(
      `{ members(first: 1) { pageInfo { endCursor } } }`,
      {},
      leaders.secretary.token,
    );
    const foreign = await t.client.error(
      ACTION_ITEMS,
      { after: members.members.pageInfo.endCursor },
      leaders.secretary.token,
    );
    expect(foreign).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    const bad = await t.client.request(
      ACTION_ITEMS,
      { assigneeId: 'not-an-id', status: ['SOMETIME'] },
      leaders.secretary.token,
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('drops an item an approved amendment withdraws', async () => {
    const token = leaders.secretary.token;
    await t.client.ok(
      AMEND_MINUTES,
      {
        input: {
          meetingId,
          baseVersion: 1,
          items: [
            {
              agendaItemId: itemIds[0],
              discussion: 'Обсудили (уточнено)',
              decisions: [decision(2)],
              actionItems: [
                {
                  id: ids.roadmap,
                  title: 'Дорожная карта',
                  assigneeId: anna.member.id,
                  dueOn: '2027-03-01',
                },
              ],
            },
          ],
        },
      },
      token,
    );
    expect((await list({})).totalCount).toBe(4);
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, token);
    await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token);
    const after = await list({});
    expect(after.totalCount).toBe(3);
    expect(after.edges.map((edge: any) => edge.node.id)).not.toContain(ids.mailing);
  });
});
