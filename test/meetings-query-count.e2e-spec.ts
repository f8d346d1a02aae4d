import type { Principal } from '@council/access';
import type { MemberEntity } from '@council/accounts';
import {
  AgendaItemKind,
  AgendaService,
  AttendanceService,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingsService,
  MinutesApprovalService,
  MinutesDraftingService,
} from '@council/meetings';
import { officers } from './support/meetings-fixtures';
import { recordStatements } from './support/statements';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const PAGE = `{ meetings(first: 20) { edges { node {
  agenda { title presenter { fullName } }
  agendaChanges(first: 5) { totalCount edges { node { revision changedBy { fullName } } } }
  minutes { status approvable returnable }
  attendance { member { fullName } } } } } }`;

// Members who present and attend, in turns: 24 distinct ones on a page of 20 meetings.
const MEMBER_POOL = 24;

// Each item is titled after its presenter: every item got its own presenter back.
function expectOwnPresenters(agenda: Array<{ title: string; presenter: { fullName: string } }>) {
  for (const item of agenda) expect(item.title).toBe(`Доклад: ${item.presenter.fullName}`);
}

// DataLoaders keep a page of meetings to a fixed number of SQL statements, however many meetings
// (and agenda items, attendees, minutes) the page holds.
describe('meetings: SQL statements per page do not grow with the meetings shown (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let members: MemberEntity[];
  let secretary: Principal;
  let chair: Principal;
  let created: number;

  // Each test counts statements over the meetings (and members) it made itself, on an app and a
  // database of its own: a page shows every meeting there is, so none may see another test's.
  beforeEach(async () => {
    created = 0;
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    members = await Promise.all(Array.from({ length: MEMBER_POOL }, () => t.factory.member()));
    ({ secretary, chair } = officers({
      secretaryId: leaders.secretary.member.id,
      chairId: leaders.chair.member.id,
    }));
  });
  afterEach(() => t.close());

  // Each meeting: three agenda items with presenters, six attendees, minutes (every other one
  // approved, the others a draft). Presenters and attendees differ from meeting to meeting, so a
  // bigger page has more distinct members to load: a loader that split its batch by size, or read
  // members one by one, would show here as more statements for 20 meetings than for 2.
  async function createMeetings(count: number): Promise<void> {
    const meetings = t.app.get(MeetingsService);
    const agenda = t.app.get(AgendaService);
    const attendance = t.app.get(AttendanceService);
    const drafting = t.app.get(MinutesDraftingService);
    const approval = t.app.get(MinutesApprovalService);
    for (let index = 0; index < count; index += 1) {
      const day = String(2 + created).padStart(2, '0');
      const presenters = [0, 1, 2].map((j) => members[(3 * created + j) % MEMBER_POOL]);
      const attendees = [0, 1, 2, 3].map((j) => members[(4 * created + j) % MEMBER_POOL]);
      created += 1;
      const meeting = await meetings.schedule(secretary, {
        title: `Заседание №${created}`,
        startsAt: new Date(`2027-01-${day}T08:00:00Z`),
        location: 'Технопарк',
        format: MeetingFormat.HYBRID,
      });
      const itemIds: string[] = [];
      for (const presenter of presenters) {
        const item = await agenda.add(secretary, {
          meetingId: meeting.id,
          title: `Доклад: ${presenter.fullName}`,
          presenterId: presenter.id,
          durationMinutes: 15,
          kind: AgendaItemKind.DISCUSSION,
        });
        itemIds.push(item.id);
      }
      await agenda.publish(secretary, meeting.id);
      // One change after publication, by the secretary.
      await agenda.update(secretary, itemIds[0], { durationMinutes: 20 });
      await attendance.record(
        secretary,
        meeting.id,
        [leaders.secretary.member, leaders.chair.member, ...attendees].map((member) => ({
          memberId: member.id,
          status: AttendanceStatus.PRESENT,
        })),
      );
      await drafting.save(secretary, {
        meetingId: meeting.id,
        baseVersion: 0,
        items: itemIds.map((agendaItemId) => ({
          agendaItemId,
          discussion: 'Обсудили',
          decisions: [
            {
              text: 'Принять предложение',
              votesFor: 6,
              votesAgainst: 0,
              votesAbstained: 0,
              outcome: DecisionOutcome.REJECTED,
            },
          ],
          actionItems: [{ title: 'Поручение', assigneeId: attendees[0].id, dueOn: '2027-06-30' }],
        })),
      });
      if (created % 2 === 0) {
        await approval.submit(secretary, meeting.id);
        await approval.approve(chair, meeting.id);
      }
    }
  }

  // Batches are dispatched level by level (apps/api/src/graphql/batch-scheduler.ts), so the
  // statements do not depend on which parallel query answers first: three runs, the same
  // statements.
  async function statementsFor(token: string, expectedMeetings: number): Promise<string[]> {
    const runs: string[][] = [];
    for (let run = 0; run < 3; run += 1) runs.push(await statementsOnce(token, expectedMeetings));
    expect(runs).toEqual(runs.map(() => runs[0]));
    return runs[0];
  }

  async function statementsOnce(token: string, expectedMeetings: number): Promise<string[]> {
    const { result: data, statements } = await recordStatements(() => t.client.ok(PAGE, {}, token));
    const nodes = data.meetings.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(expectedMeetings);
    for (const node of nodes) {
      expect(node.agenda).toHaveLength(3);
      expect(node.attendance).toHaveLength(6);
      expect(node.agendaChanges).toMatchObject({
        totalCount: 1,
        edges: [{ node: { revision: 2, changedBy: { fullName: expect.any(String) } } }],
      });
      expectOwnPresenters(node.agenda);
    }
    return statements;
  }

  it('sends the same statements for 2 and for 20 meetings, for members and the leadership', async () => {
    await createMeetings(2);
    const forMemberWithTwo = await statementsFor(leaders.member.token, 2);
    const forChairWithTwo = await statementsFor(leaders.chair.token, 2);

    await createMeetings(18);
    const forMemberWithTwenty = await statementsFor(leaders.member.token, 20);
    const forChairWithTwenty = await statementsFor(leaders.chair.token, 20);

    expect(forMemberWithTwenty).toEqual(forMemberWithTwo);
    expect(forChairWithTwenty).toEqual(forChairWithTwo);
    // The session check, the page and its count, agendas, agenda changes, attendance, minutes,
    // members; for the chair also the seats and the minutes' authors (what they may approve).
    expect(forMemberWithTwenty.length).toBeLessThanOrEqual(11);
    expect(forChairWithTwenty.length).toBeLessThanOrEqual(13);

    const minutes = (await t.client.ok(PAGE, {}, leaders.member.token)).meetings.edges.map(
      (edge: any) => edge.node.minutes?.status ?? null,
    );
    // Members see the approved minutes only (every other meeting); drafts stay hidden.
    expect(minutes.filter((status: string | null) => status === 'APPROVED')).toHaveLength(10);
    expect(minutes.filter((status: string | null) => status === null)).toHaveLength(10);
  });

  // MinutesVersion.returns: one statement for every version of the page, and its returners with
  // the other members; none for a member, who sees no returns.
  it('reads the returns of every version on a page in one batch', async () => {
    const approval = t.app.get(MinutesApprovalService);
    const RETURNS_PAGE = `{ meetings(first: 20) { edges { node { minutes {
      history { version returns { comment returnedBy { fullName } } } } } } } }`;
    // Submits and returns every draft not yet returned (every other meeting).
    const returnDrafts = async () => {
      const drafts = await t.dataSource.query(
        `SELECT meeting_id AS id FROM minutes WHERE status = 'DRAFT' AND returned_at IS NULL`,
      );
      for (const { id } of drafts as Array<{ id: string }>) {
        await approval.submit(secretary, id);
        await approval.returnToDraft(chair, id, 'Уточнить');
      }
    };
    const statements = async (token: string) => {
      const recorded = await recordStatements(() => t.client.ok(RETURNS_PAGE, {}, token));
      const returned = recorded.result.meetings.edges.flatMap((edge: any) =>
        (edge.node.minutes?.history ?? []).flatMap((version: any) => version.returns),
      );
      // The texts too: the history of every minutes on the page is read by one statement,
      // whatever their number.
      return { count: recorded.count, returned: returned.length, texts: recorded.statements };
    };
    await createMeetings(2);
    await returnDrafts();
    const chairWithTwo = await statements(leaders.chair.token);
    const memberWithTwo = await statements(leaders.member.token);
    await createMeetings(18);
    await returnDrafts();
    const chairWithTwenty = await statements(leaders.chair.token);
    const memberWithTwenty = await statements(leaders.member.token);
    expect([chairWithTwo.returned, chairWithTwenty.returned]).toEqual([1, 10]);
    expect([memberWithTwo.returned, memberWithTwenty.returned]).toEqual([0, 0]);
    expect(chairWithTwenty.count).toBe(chairWithTwo.count);
    expect(memberWithTwenty.count).toBe(memberWithTwo.count);
    expect(chairWithTwenty.texts).toEqual(chairWithTwo.texts);
    expect(memberWithTwenty.texts).toEqual(memberWithTwo.texts);
    // Beyond what a member's page reads: the returns, and the members who returned them.
    expect(chairWithTwenty.count - memberWithTwenty.count).toBe(2);
  });

  // The page `npm run bench` measures (bench/scenarios/queries.ts), for first: 1, 10 and 20: the
  // same statements every time, so a regression to one query per meeting or per item fails here.
  it('answers the benchmark page with the same statements for 1, 10 and 20 meetings, every time', async () => {
    await createMeetings(20);
    const BENCH_PAGE = `query Meetings($first: Int!) { meetings(first: $first) { totalCount
      edges { node { id title startsAt agenda { id position title presenter { id fullName } } } } } }`;
    const counts: number[] = [];
    const texts: string[][] = [];
    for (const first of [1, 10, 20, 1, 10, 20]) {
      const {
        result: data,
        count,
        statements,
      } = await recordStatements(() => t.client.ok(BENCH_PAGE, { first }, leaders.member.token));
      counts.push(count);
      // As the benchmark compares them: the page's LIMIT is N + 1, written into the statement.
      texts.push(statements);
      expect(data.meetings.edges).toHaveLength(first);
      for (const edge of data.meetings.edges) {
        expect(edge.node.agenda).toHaveLength(3);
        expectOwnPresenters(edge.node.agenda);
      }
    }
    // The session check, the page with its total, the agendas, the presenters.
    expect(counts).toEqual(counts.map(() => 4));
    // Not only as many: the very same statements (found by review: a list of ids spelled out as
    // `IN ($1, …, $N)` would keep the count and change the statement with N).
    expect(texts).toEqual(texts.map(() => texts[0]));
  });

  // The roll of a meeting not yet held (the active members) was read by a query
  // of its own, outside the request's batches, so the members it names joined the presenters'
  // members query only when it happened to answer first: 5 statements on one run, 6 on the next.
  it('reads the roll of meetings held and ahead within the same batches, every time', async () => {
    await createMeetings(20);
    const meetings = t.app.get(MeetingsService);
    const agenda = t.app.get(AgendaService);
    for (const day of ['10', '11', '12']) {
      const meeting = await meetings.schedule(secretary, {
        title: `Заседание ${day} марта`,
        startsAt: new Date(`2027-03-${day}T08:00:00Z`),
        location: 'Технопарк',
        format: MeetingFormat.HYBRID,
      });
      await agenda.add(secretary, {
        meetingId: meeting.id,
        title: `Доклад: ${members[0].fullName}`,
        presenterId: members[0].id,
        durationMinutes: 15,
        kind: AgendaItemKind.DISCUSSION,
      });
      await agenda.publish(secretary, meeting.id);
    }
    // A council's worth of members and more: reading the active ones takes a moment.
    await t.dataSource.query(
      `INSERT INTO member (email, full_name, organization_id, status, is_admin, password_hash)
       SELECT 'roll-' || g || '@council.test', 'Участник ' || md5(g::text), $1, 'ACTIVE', false, 'x'
         FROM generate_series(1, 2000) g`,
      [members[0].organizationId],
    );
    const ROLL_PAGE = `{ meetings(first: 20) { edges { node { status
      agenda { title presenter { fullName } } roll { fullName } } } } }`;
    const runs: Array<{ count: number; memberQueries: number }> = [];
    for (let run = 0; run < 6; run += 1) {
      const {
        result: data,
        count,
        statements,
      } = await recordStatements(() => t.client.ok(ROLL_PAGE, {}, leaders.member.token));
      const statuses = data.meetings.edges.map((edge: any) => edge.node.status);
      expect(statuses).toEqual(expect.arrayContaining(['PUBLISHED', 'HELD']));
      runs.push({
        count,
        memberQueries: statements.filter((text) => /\bFROM member WHERE id = ANY/.test(text))
          .length,
      });
    }
    // The session check, the page, the agendas, the rolls of the day, the active members, and the
    // members they all name: one query.
    expect(runs).toEqual(runs.map(() => ({ count: 6, memberQueries: 1 })));
  });
});
