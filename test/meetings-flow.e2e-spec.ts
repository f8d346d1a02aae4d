import { AuditService } from '@council/audit';
import { sha256Hex } from '@council/core';
import { MinutesReader, minutesContentHash } from '@council/meetings';
import type { MemberEntity } from '@council/accounts';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  MEETING,
  MEETINGS,
  MY_ACTION_ITEMS,
  PUBLISH,
  RECORD_ATTENDANCE,
  RETURN_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  addAgendaItem,
  decision,
  scheduleMeeting,
} from './support/meetings-fixtures';

// The whole life of a meeting, over HTTP, as the council lives it.
describe('meetings: from scheduling to amended minutes (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let rank: MemberEntity[];

  beforeAll(async () => {
    t = await createTestApp();
    // Everything happens in 2027-H1, whose roster the factory installs.
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    rank = await Promise.all([1, 2, 3].map(() => t.factory.member()));
  });
  afterAll(() => t.close());

  it('runs schedule → agenda → publish → attendance → minutes → approval → amendment', async () => {
    const { secretary, chair, member } = leaders;

    // A draft: the leadership sees it, a member does not (same answer as a missing id).
    const meeting = await scheduleMeeting(t, secretary.token, {
      title: 'Заседание Совета кластеров «Итоги года» — №1 🗓',
      startsAt: '2027-02-20T11:00:00+03:00',
    });
    expect(meeting).toMatchObject({
      status: 'DRAFT',
      agendaRevision: 0,
      startsAt: '2027-02-20T08:00:00.000Z',
      startsAtLocal: '2027-02-20T11:00:00.000+03:00',
      timeZone: 'Europe/Moscow',
      quorate: null,
    });
    const hidden = await t.client.error(MEETING, { id: meeting.id }, member.token);
    const missing = await t.client.error(
      MEETING,
      { id: '00000000-0000-4000-8000-000000000000' },
      member.token,
    );
    expect(hidden.code).toBe('NOT_FOUND');
    expect(hidden.error.message).toBe(missing.error.message);
    expect(hidden.reason).toBe(missing.reason);
    const listedBefore = await t.client.ok(MEETINGS, {}, member.token);
    expect(listedBefore.meetings.totalCount).toBe(0);
    expect((await t.client.ok(MEETING, { id: meeting.id }, chair.token)).meeting.status).toBe(
      'DRAFT',
    );

    // The agenda: three items, then reordered.
    const results = await addAgendaItem(t, secretary.token, meeting.id, {
      title: 'Об итогах работы Совета в 2026 году',
      presenterId: secretary.member.id,
      kind: 'INFORMATION',
    });
    const election = await addAgendaItem(t, secretary.token, meeting.id, {
      title: 'Выборы руководителей Совета',
      presenterId: chair.member.id,
      kind: 'ELECTION',
    });
    const directions = await addAgendaItem(t, secretary.token, meeting.id, {
      title: 'О кооперационных направлениях',
      description: 'Автокомпоненты, электротранспорт, «Умный Санкт-Петербург»',
      presenterId: rank[0].id,
      kind: 'DECISION',
      durationMinutes: 45,
    });
    expect([results.position, election.position, directions.position]).toEqual([1, 2, 3]);
    await t.client.ok(
      `mutation($id: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $ids) { id } }`,
      { id: meeting.id, ids: [results.id, directions.id, election.id] },
      secretary.token,
    );

    // The chair publishes: now every member sees it, agenda in order, revision 1.
    const published = (await t.client.ok(PUBLISH, { id: meeting.id }, chair.token)).publishAgenda;
    expect(published).toMatchObject({ status: 'PUBLISHED', agendaRevision: 1 });
    const seen = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting;
    expect(seen.agenda.map((item: { title: string }) => item.title)).toEqual([
      'Об итогах работы Совета в 2026 году',
      'О кооперационных направлениях',
      'Выборы руководителей Совета',
    ]);
    expect(seen.agenda[1].presenter).toEqual({ id: rank[0].id, fullName: rank[0].fullName });
    expect(seen.minutes).toBeNull();
    const listed = await t.client.ok(MEETINGS, {}, member.token);
    expect(listed.meetings.edges.map((edge: any) => edge.node.id)).toEqual([meeting.id]);

    // A change after publication raises the revision and is listed: what, when, by whom.
    await t.client.ok(
      `mutation($id: ID!) { updateAgendaItem(id: $id, input: { durationMinutes: 40 }) { id } }`,
      { id: election.id },
      secretary.token,
    );
    const revised = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting;
    expect(revised.agendaRevision).toBe(2);
    expect(revised.agendaChanges.edges.map((edge: any) => edge.node)).toEqual([
      {
        revision: 2,
        kind: 'ITEM_UPDATED',
        agendaItemId: election.id,
        itemTitle: 'Выборы руководителей Совета',
        changes: [{ field: 'durationMinutes', from: '20', to: '40' }],
        changedAt: t.clock.now().toISOString(),
        changedBy: { id: secretary.member.id },
      },
    ]);

    // Attendance after the start makes the meeting HELD; 7 of the 9 active members are present.
    t.clock.set('2027-02-20T08:30:00Z');
    const present = [
      secretary.member,
      chair.member,
      leaders.coChairRegional.member,
      leaders.coChairFederal.member,
      member.member,
      rank[0],
      rank[1],
    ].map((m) => m.id);
    const held = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        {
          id: meeting.id,
          entries: [
            ...present.map((memberId) => ({ memberId, status: 'PRESENT' })),
            { memberId: rank[2].id, status: 'EXCUSED' },
            { memberId: leaders.admin.member.id, status: 'ABSENT' },
          ],
        },
        secretary.token,
      )
    ).recordAttendance;
    expect(held).toMatchObject({
      status: 'HELD',
      quorate: true,
      quorum: { present: 7, activeMembers: 9, required: 5, isQuorate: true },
    });
    // The audit entry says who was recorded how (found by review: counts alone could not show
    // on whom the quorum rested).
    const [recorded] = await t.dataSource.query(
      `SELECT summary FROM audit_entry
        WHERE action = 'meetings.attendance_recorded' AND entity_id = $1`,
      [meeting.id],
    );
    expect(recorded.summary).toMatchObject({ entries: 9, present: 7 });
    expect(recorded.summary.recorded).toEqual(
      expect.arrayContaining([
        ...present.map((memberId) => ({ memberId, status: 'PRESENT' })),
        { memberId: rank[2].id, status: 'EXCUSED' },
        { memberId: leaders.admin.member.id, status: 'ABSENT' },
      ]),
    );
    expect(recorded.summary.recorded).toHaveLength(9);

    // First draft (base 0), then a second version (base 1).
    const items = (discussion: string, actionId?: string) => [
      {
        agendaItemId: results.id,
        discussion,
        decisions: [decision(7)],
      },
      {
        agendaItemId: directions.id,
        discussion: 'Обсудили пять направлений кооперации.',
        decisions: [decision(6, { text: 'Утвердить направления', votesAbstained: 1 })],
        actionItems: [
          {
            ...(actionId ? { id: actionId } : {}),
            title: 'Подготовить дорожную карту',
            assigneeId: rank[0].id,
            dueOn: '2027-03-31',
          },
        ],
      },
    ];
    const v1 = (
      await t.client.ok(
        SAVE_MINUTES,
        { input: { meetingId: meeting.id, baseVersion: 0, items: items('Черновик') } },
        secretary.token,
      )
    ).saveMinutes;
    expect(v1).toMatchObject({ status: 'DRAFT', version: 1, contentHash: null, isApproved: false });
    // Items follow the agenda's order whatever order they were sent in.
    expect(v1.items.map((item: any) => item.agendaItemId)).toEqual([results.id, directions.id]);
    const actionId = v1.items[1].actionItems[0].id as string;

    // A member never sees a draft, neither through meeting nor through meetings.
    expect(
      (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting.minutes,
    ).toBeNull();
    expect(
      (await t.client.ok(MEETINGS, {}, member.token)).meetings.edges[0].node.minutes,
    ).toBeNull();

    const v2 = (
      await t.client.ok(
        SAVE_MINUTES,
        {
          input: {
            meetingId: meeting.id,
            baseVersion: 1,
            items: items('Секретарь доложила об итогах года.', actionId),
          },
        },
        secretary.token,
      )
    ).saveMinutes;
    expect(v2.version).toBe(2);
    expect(v2.previousHash).toBe(sha256Hex(v1.canonicalContent));
    expect(v2.items[1].actionItems[0].id).toBe(actionId);

    // A save based on version 1 again is stale: refused, nothing overwritten.
    const stale = await t.client.error(
      SAVE_MINUTES,
      { input: { meetingId: meeting.id, baseVersion: 1, items: items('Чужая правка') } },
      secretary.token,
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    // The version to load instead, for a client that offers it.
    expect(stale.error.extensions?.currentVersion).toBe(2);
    const afterStale = (await t.client.ok(MEETING, { id: meeting.id }, secretary.token)).meeting
      .minutes;
    expect(afterStale.version).toBe(2);
    expect(afterStale.items[0].discussion).toBe('Секретарь доложила об итогах года.');

    // Submit, return with a comment, save again, resubmit.
    const submitted = (await t.client.ok(SUBMIT_MINUTES, { id: meeting.id }, secretary.token))
      .submitMinutes;
    expect(submitted.status).toBe('SUBMITTED');
    expect(
      await t.client.error(
        SAVE_MINUTES,
        { input: { meetingId: meeting.id, baseVersion: 2, items: items('x') } },
        secretary.token,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MINUTES_SUBMITTED' });
    const returned = (
      await t.client.ok(
        RETURN_MINUTES,
        { id: meeting.id, comment: 'Уточните формулировку решения' },
        chair.token,
      )
    ).returnMinutes;
    expect(returned).toMatchObject({
      status: 'DRAFT',
      returnComment: 'Уточните формулировку решения',
      returnedBy: { id: chair.member.id },
    });
    const v3 = (
      await t.client.ok(
        SAVE_MINUTES,
        {
          input: {
            meetingId: meeting.id,
            baseVersion: 2,
            items: items('Секретарь доложила об итогах работы Совета в 2026 году.', actionId),
          },
        },
        secretary.token,
      )
    ).saveMinutes;
    expect(v3.version).toBe(3);
    await t.client.ok(SUBMIT_MINUTES, { id: meeting.id }, secretary.token);

    // The secretary has no approval rights; the chair approves and seals version 3.
    expect((await t.client.error(APPROVE_MINUTES, { id: meeting.id }, secretary.token)).code).toBe(
      'FORBIDDEN',
    );
    const approved = (await t.client.ok(APPROVE_MINUTES, { id: meeting.id }, chair.token))
      .approveMinutes;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      version: 3,
      isApproved: true,
      approvedBy: { id: chair.member.id },
      approvedVersion: 3,
    });
    expect(approved.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(approved.approvedAt).toBe(t.clock.now().toISOString());

    // The seal is stable (read twice) and recomputable from the canonical content.
    const readOnce = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting.minutes;
    const readTwice = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting
      .minutes;
    expect(readOnce.contentHash).toBe(approved.contentHash);
    expect(readTwice.contentHash).toBe(approved.contentHash);
    expect(readTwice.canonicalContent).toBe(readOnce.canonicalContent);
    expect(sha256Hex(readOnce.canonicalContent)).toBe(approved.contentHash);
    expect(minutesContentHash(JSON.parse(readOnce.canonicalContent))).toBe(approved.contentHash);
    expect(readOnce).toMatchObject({ status: 'APPROVED', version: 3 });
    expect(readOnce.attendance).toMatchObject({ activeMembers: 9, presentCount: 7 });

    // The assignee now follows the action item.
    const mine = (await t.client.ok(MY_ACTION_ITEMS, {}, await tokenOf(rank[0]))).myActionItems;
    expect(mine).toEqual([
      {
        id: actionId,
        title: 'Подготовить дорожную карту',
        dueOn: '2027-03-31',
        status: 'OPEN',
        isOverdue: false,
        assignee: { id: rank[0].id },
        meeting: { id: meeting.id },
      },
    ]);

    // Approved minutes cannot be edited: saveMinutes is refused.
    expect(
      await t.client.error(
        SAVE_MINUTES,
        { input: { meetingId: meeting.id, baseVersion: 3, items: items('правка') } },
        secretary.token,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MINUTES_LOCKED' });

    // An amendment: version 4, a draft again; members still read version 3.
    const amended = (
      await t.client.ok(
        AMEND_MINUTES,
        {
          input: {
            meetingId: meeting.id,
            baseVersion: 3,
            items: items(
              'Секретарь доложила об итогах работы Совета в 2026 году (уточнено).',
              actionId,
            ),
          },
        },
        secretary.token,
      )
    ).amendMinutes;
    expect(amended).toMatchObject({
      status: 'DRAFT',
      version: 4,
      isAmendment: true,
      hasPendingAmendment: true,
      approvedVersion: 3,
    });
    const duringAmendment = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting
      .minutes;
    expect(duringAmendment).toMatchObject({
      status: 'APPROVED',
      version: 3,
      contentHash: approved.contentHash,
      hasPendingAmendment: null,
    });

    await t.client.ok(SUBMIT_MINUTES, { id: meeting.id }, secretary.token);
    const reapproved = (await t.client.ok(APPROVE_MINUTES, { id: meeting.id }, chair.token))
      .approveMinutes;
    expect(reapproved).toMatchObject({ status: 'APPROVED', version: 4 });
    expect(reapproved.contentHash).not.toBe(approved.contentHash);

    // History: members see every approved version, intact; the leadership sees every version.
    const memberView = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting
      .minutes;
    expect(memberView.history.map((v: any) => [v.version, v.isApproved])).toEqual([
      [3, true],
      [4, true],
    ]);
    expect(memberView.history[0].contentHash).toBe(approved.contentHash);
    expect(memberView.history[0].canonicalContent).toBe(readOnce.canonicalContent);
    for (const version of memberView.history) {
      expect(sha256Hex(version.canonicalContent)).toBe(version.contentHash);
    }
    const leadershipView = (await t.client.ok(MEETING, { id: meeting.id }, chair.token)).meeting
      .minutes;
    expect(leadershipView.history.map((v: any) => v.version)).toEqual([1, 2, 3, 4]);

    // The minutes' chain and the audit chain both verify after the whole flow.
    const verification = await t.app.get(MinutesReader).verify(meeting.id);
    expect(verification).toEqual({ versions: 4, approvals: 2, firstBreak: null });
    const audit = await t.app.get(AuditService).verifyChain();
    expect(audit.firstBreak).toBeNull();
    const actions: string[] = (
      await t.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY seq`, [
        meeting.id,
      ])
    ).map((row: { action: string }) => row.action);
    expect(actions).toEqual([
      'meetings.meeting_scheduled',
      'meetings.agenda_item_added',
      'meetings.agenda_item_added',
      'meetings.agenda_item_added',
      'meetings.agenda_reordered',
      'meetings.agenda_published',
      'meetings.agenda_item_updated',
      'meetings.attendance_recorded',
      'meetings.meeting_held',
      'meetings.minutes_saved',
      'meetings.minutes_saved',
      'meetings.minutes_submitted',
      'meetings.minutes_returned',
      'meetings.minutes_saved',
      'meetings.minutes_submitted',
      'meetings.minutes_approved',
      'meetings.minutes_amended',
      'meetings.minutes_submitted',
      'meetings.minutes_approved',
    ]);
  });

  async function tokenOf(member: MemberEntity): Promise<string> {
    return t.factory.tokenFor(member);
  }
});
