import type { MemberEntity } from '@council/accounts';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  RECORD_ATTENDANCE,
  decision,
  heldMeeting,
} from './support/meetings-fixtures';

const ATTENDANCE = `query($id: ID!) { meeting(id: $id) {
  attendance { member { id } status recordedAt } quorum { present activeMembers } } }`;

// What the minutes' commands record beyond their answer: the audit entries of approvals and the
// tracked action items (found by mutation testing of MinutesApprovalService and
// ActionItemsService).
describe('minutes: records kept across amendments (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let assignee: { member: MemberEntity; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    assignee = await t.factory.signedIn({ fullName: 'Исполнитель Поручений' });
  });
  afterAll(() => t.close());

  const present = () => [
    leaders.secretary.member.id,
    leaders.chair.member.id,
    leaders.member.member.id,
    assignee.member.id,
  ];

  // A held meeting with one agenda item, and its minutes' commands: save a version of the one
  // item (with SAVE_MINUTES or AMEND_MINUTES), submit and approve.
  const minutesOfOneItem = async (startsAt: string) => {
    const held = await heldMeeting(t, leaders.secretary.token, { startsAt, present: present() });
    const items = [
      { agendaItemId: held.itemIds[0], discussion: 'Обсудили', decisions: [decision(3)] },
    ];
    const save = (document: string, baseVersion: number) =>
      t.client.ok(
        document,
        { input: { meetingId: held.meetingId, baseVersion, items } },
        leaders.secretary.token,
      );
    const approve = async () => {
      await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, leaders.secretary.token);
      await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);
    };
    return { held, save, approve };
  };

  const approvalEntries = async (meetingId: string): Promise<Array<Record<string, unknown>>> =>
    (
      await t.dataSource.query(
        `SELECT summary FROM audit_entry
          WHERE action = 'meetings.minutes_approved' AND entity_id = $1 ORDER BY seq`,
        [meetingId],
      )
    ).map((row: { summary: Record<string, unknown> }) => row.summary);

  it('withdraws an action item once: a later approval neither lists it again nor moves its version', async () => {
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-03T11:00:00+03:00',
      present: present(),
    });
    const items = (actionItems: unknown[], discussion = 'Обсудили') => [
      { agendaItemId: held.itemIds[0], discussion, decisions: [decision(4)], actionItems },
    ];
    const v1 = (
      await t.client.ok(
        SAVE_MINUTES,
        {
          input: {
            meetingId: held.meetingId,
            baseVersion: 0,
            items: items([
              { title: 'Дорожная карта', assigneeId: assignee.member.id, dueOn: '2027-03-01' },
              { title: 'Рассылка', assigneeId: assignee.member.id, dueOn: '2027-03-02' },
            ]),
          },
        },
        leaders.secretary.token,
      )
    ).saveMinutes;
    const [kept, dropped] = v1.items[0].actionItems.map((item: { id: string }) => item.id);
    const keptItem = {
      id: kept,
      title: 'Дорожная карта',
      assigneeId: assignee.member.id,
      dueOn: '2027-03-01',
    };
    const approve = async () => {
      await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, leaders.secretary.token);
      await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);
    };
    const amend = (baseVersion: number, discussion: string) =>
      t.client.ok(
        AMEND_MINUTES,
        { input: { meetingId: held.meetingId, baseVersion, items: items([keptItem], discussion) } },
        leaders.secretary.token,
      );

    await approve();
    await amend(1, 'Обсудили (уточнено)');
    await approve();
    await amend(2, 'Обсудили (уточнено ещё раз)');
    await approve();

    expect(
      (await approvalEntries(held.meetingId)).map((summary) => summary.withdrawnActionItems),
    ).toEqual([[], [dropped], []]);
    const rows = await t.dataSource.query(
      `SELECT id, withdrawn_in_version FROM action_item WHERE meeting_id = $1 ORDER BY id`,
      [held.meetingId],
    );
    expect(Object.fromEntries(rows.map((row: any) => [row.id, row.withdrawn_in_version]))).toEqual({
      [kept]: null,
      [dropped]: 2,
    });
  });

  it('shows members the approved attendance while an amendment is pending, and the recorded one once it is approved', async () => {
    t.clock.set('2027-02-10T10:00:00Z');
    const { held, save, approve } = await minutesOfOneItem('2027-02-10T11:00:00+03:00');
    const seenBy = async (token: string) => {
      const { meeting } = await t.client.ok(ATTENDANCE, { id: held.meetingId }, token);
      return {
        ...meeting,
        attendance: [...meeting.attendance].sort((a: any, b: any) =>
          a.member.id < b.member.id ? -1 : 1,
        ),
      };
    };
    const statusOf = (seen: any, memberId: string) =>
      seen.attendance.find((entry: any) => entry.member.id === memberId)?.status;

    await save(SAVE_MINUTES, 0);
    await approve();
    await save(AMEND_MINUTES, 1);
    // A correction while the amendment is a draft: the leadership sees it, members do not yet.
    t.clock.set('2027-02-11T09:00:00Z');
    await t.client.ok(
      RECORD_ATTENDANCE,
      { id: held.meetingId, entries: [{ memberId: assignee.member.id, status: 'ABSENT' }] },
      leaders.secretary.token,
    );
    expect(statusOf(await seenBy(leaders.secretary.token), assignee.member.id)).toBe('ABSENT');
    const pending = await seenBy(leaders.member.token);
    expect(statusOf(pending, assignee.member.id)).toBe('PRESENT');
    expect(pending.quorum.present).toBe(4);

    // Approved: members read the attendance as recorded, as the leadership does.
    await save(SAVE_MINUTES, 2);
    t.clock.set('2027-02-12T09:00:00Z');
    await approve();
    const recorded = await seenBy(leaders.secretary.token);
    expect(statusOf(recorded, assignee.member.id)).toBe('ABSENT');
    expect(await seenBy(leaders.member.token)).toEqual(recorded);
  });

  it('keeps a meeting among those with approved minutes, for members, while an amendment is pending', async () => {
    t.clock.set('2027-02-15T10:00:00Z');
    const { held, save, approve } = await minutesOfOneItem('2027-02-15T11:00:00+03:00');
    await save(SAVE_MINUTES, 0);
    await approve();
    await save(AMEND_MINUTES, 1);

    const listed = async (token: string, minutesStatus: string[]) =>
      (
        await t.client.ok(
          `query($s: [MinutesStatus!]) { meetings(first: 100, minutesStatus: $s) {
            edges { node { id minutes { status } } } } }`,
          { s: minutesStatus },
          token,
        )
      ).meetings.edges.map((edge: any) => edge.node);
    // Members read the approved version: for them the minutes are APPROVED.
    expect(await listed(leaders.member.token, ['APPROVED'])).toContainEqual({
      id: held.meetingId,
      minutes: { status: 'APPROVED' },
    });
    // The leadership reads the amendment, a draft.
    const forLeaders = await listed(leaders.secretary.token, ['DRAFT']);
    expect(forLeaders.map((node: any) => node.id)).toContain(held.meetingId);
    expect(
      (await listed(leaders.secretary.token, ['APPROVED'])).map((node: any) => node.id),
    ).not.toContain(held.meetingId);
  });
});
