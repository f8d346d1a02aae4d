import { ManualClock } from '@council/core';
import { QueryCounter } from '@council/database';
import {
  AgendaItemKind,
  AgendaService,
  AttendanceService,
  AttendanceStatus,
  MeetingFormat,
  MeetingsService,
} from '@council/meetings';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  MEETING_FIELDS,
  PUBLISH,
  RECORD_ATTENDANCE,
  RETURN_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  decision,
  officers,
} from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The writes of a meeting do not grow with its size: the minutes of 20 agenda items (3 decisions
// and 3 action items each) are saved, submitted, returned, approved and amended with the
// statements of 1; attendance of 60 members is recorded with those of 2; a meeting of 20 items
// and 60 attendance rows is published, rescheduled, reordered, held and cancelled with those of a
// meeting of 1 item and 2 rows (checked by review). The council has some 60 member companies.
const UPDATE_MEETING = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { ${MEETING_FIELDS} } }`;
const REORDER = `mutation($id: ID!, $itemIds: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $itemIds) { id agendaRevision agenda { id position } } }`;
const MARK_HELD = `mutation($id: ID!) { markMeetingHeld(id: $id) { ${MEETING_FIELDS} } }`;
const CANCEL_MEETING = `mutation($id: ID!, $reason: String!) { cancelMeeting(id: $id, reason: $reason) { ${MEETING_FIELDS} } }`;

// Noon in Moscow: a meeting at 15:00 is later the same day, one at 11:00 has started.
const NOW = '2026-11-11T09:00:00Z';
const LATER_TODAY = '2026-11-11T12:00:00Z';
const STARTED = '2026-11-11T08:00:00Z';

// The statements a transaction sends after it took the audit log's lock, other than its entries:
// every other write of the portal waits for them.
function underAuditLock(texts: readonly string[]): string[] {
  const held: string[] = [];
  let locked = false;
  for (const text of texts) {
    if (/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(text)) locked = false;
    else if (text.startsWith('SELECT pg_advisory_xact_lock($1)')) locked = true;
    else if (locked && !text.trimStart().startsWith('INSERT INTO audit_entry')) held.push(text);
  }
  return held;
}

describe('meetings: SQL statements per write do not grow with items or attendance (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp({ clock: new ManualClock(NOW) });
    leaders = await t.factory.leadership();
    await Promise.all(Array.from({ length: 60 }, () => t.factory.member()));
    QueryCounter.recordTexts();
  });
  afterAll(() => t.close());

  async function statements(query: string, variables: Record<string, unknown>, token: string) {
    QueryCounter.reset();
    const data = await t.client.ok(query, variables, token);
    return { count: QueryCounter.count, texts: [...QueryCounter.texts], data };
  }

  const secretary = () =>
    officers({ secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id })
      .secretary;

  async function meetingWith(items: number, startsAt: string) {
    const meeting = await t.app.get(MeetingsService).schedule(secretary(), {
      title: 'Заседание Совета кластеров',
      startsAt: new Date(startsAt),
      location: 'Технопарк',
      format: MeetingFormat.IN_PERSON,
    });
    const itemIds: string[] = [];
    for (let index = 0; index < items; index += 1) {
      const item = await t.app.get(AgendaService).add(secretary(), {
        meetingId: meeting.id,
        title: `Вопрос ${index + 1}`,
        presenterId: leaders.secretary.member.id,
        durationMinutes: 10,
        kind: AgendaItemKind.DECISION,
      });
      itemIds.push(item.id);
    }
    return { meetingId: meeting.id, itemIds };
  }

  async function activeMembers(count: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM member WHERE status = 'ACTIVE' ORDER BY id LIMIT $1`,
      [count],
    );
    expect(rows).toHaveLength(count);
    return rows.map((row) => row.id);
  }

  const entries = (memberIds: string[], status: string) =>
    memberIds.map((memberId) => ({ memberId, status }));

  // Published later today; attendance recorded (presence, then excusals), rescheduled, reordered,
  // cancelled. Then one held by attendance taken after its start, and one marked held.
  async function meetingWrites(items: number, attendance: number) {
    const token = leaders.secretary.token;
    const people = await activeMembers(attendance);
    const ahead = await meetingWith(items, LATER_TODAY);
    const counts: Record<string, number> = {};
    counts.publish = (await statements(PUBLISH, { id: ahead.meetingId }, token)).count;
    counts.attendanceAhead = (
      await statements(
        RECORD_ATTENDANCE,
        { id: ahead.meetingId, entries: entries(people, 'PRESENT') },
        token,
      )
    ).count;
    counts.rename = (
      await statements(UPDATE_MEETING, { id: ahead.meetingId, input: { title: 'Другое' } }, token)
    ).count;
    const moved = await statements(
      UPDATE_MEETING,
      { id: ahead.meetingId, input: { startsAt: '2026-11-12T12:00:00Z' } },
      token,
    );
    expect(moved.data.updateMeeting.quorum.present).toBe(0);
    counts.reschedule = moved.count;
    counts.reorder = (
      await statements(
        REORDER,
        { id: ahead.meetingId, itemIds: [...ahead.itemIds].reverse() },
        token,
      )
    ).count;
    await t.client.ok(
      RECORD_ATTENDANCE,
      { id: ahead.meetingId, entries: entries(people, 'EXCUSED') },
      token,
    );
    counts.cancel = (
      await statements(CANCEL_MEETING, { id: ahead.meetingId, reason: 'Перенос' }, token)
    ).count;

    const started = await meetingWith(items, STARTED);
    await t.client.ok(PUBLISH, { id: started.meetingId }, token);
    // Excused before the start (the clock an hour and a half back), then present once started.
    t.clock.set('2026-11-11T07:30:00Z');
    await t.app.get(AttendanceService).record(
      secretary(),
      started.meetingId,
      people.map((memberId) => ({ memberId, status: AttendanceStatus.EXCUSED })),
    );
    t.clock.set(NOW);
    const holding = await statements(
      RECORD_ATTENDANCE,
      { id: started.meetingId, entries: entries(people, 'PRESENT') },
      token,
    );
    expect(holding.data.recordAttendance).toMatchObject({
      status: 'HELD',
      quorum: { present: attendance },
    });
    counts.attendanceHolding = holding.count;
    counts.attendanceHeld = (
      await statements(
        RECORD_ATTENDANCE,
        { id: started.meetingId, entries: entries(people, 'ABSENT') },
        token,
      )
    ).count;
    const marked = await meetingWith(items, STARTED);
    await t.client.ok(PUBLISH, { id: marked.meetingId }, token);
    counts.markHeld = (await statements(MARK_HELD, { id: marked.meetingId }, token)).count;
    return counts;
  }

  it('writes a meeting of 20 items and 60 attendance rows with the statements of 1 item and 2 rows', async () => {
    const small = await meetingWrites(1, 2);
    const large = await meetingWrites(20, 60);
    // One item cannot be reordered: its reorder answers before any write.
    expect({ ...large, reorder: 0 }).toEqual({ ...small, reorder: 0 });
    const three = await meetingWith(3, LATER_TODAY);
    const twenty = await meetingWith(20, LATER_TODAY);
    const token = leaders.secretary.token;
    const reorderOf = async (meeting: { meetingId: string; itemIds: string[] }) =>
      (
        await statements(
          REORDER,
          { id: meeting.meetingId, itemIds: [...meeting.itemIds].reverse() },
          token,
        )
      ).count;
    expect(await reorderOf(twenty)).toBe(await reorderOf(three));
  });

  // Every agenda item with three decisions and three action items, given to 10 members in turn;
  // `kept`: the action items of the version edited, kept by id.
  function minutesItems(
    itemIds: string[],
    assignees: string[],
    kept: Array<Array<{ id: string }>> | null,
  ) {
    return itemIds.map((agendaItemId, i) => ({
      agendaItemId,
      discussion: `Обсуждение ${i + 1}`,
      decisions: [
        decision(1),
        decision(1, { text: 'Второе решение' }),
        decision(0, { text: 'Третье' }),
      ],
      actionItems: [0, 1, 2].map((k) => ({
        ...(kept ? { id: kept[i][k].id } : {}),
        title: `Поручение ${i + 1}.${k + 1}`,
        assigneeId: assignees[(i * 3 + k) % assignees.length],
        dueOn: '2026-12-31',
      })),
    }));
  }

  async function minutesWrites(items: number) {
    const s = leaders.secretary.token;
    const c = leaders.chair.token;
    const held = await meetingWith(items, STARTED);
    await t.client.ok(PUBLISH, { id: held.meetingId }, s);
    const present = await activeMembers(10);
    await t.client.ok(
      RECORD_ATTENDANCE,
      { id: held.meetingId, entries: entries(present, 'PRESENT') },
      s,
    );
    const meetingId = held.meetingId;
    const counts: Record<string, number> = {};
    const lockHeld: Record<string, string[]> = {};
    const step = async (
      name: string,
      query: string,
      variables: Record<string, unknown>,
      token: string,
    ) => {
      const done = await statements(query, variables, token);
      counts[name] = done.count;
      lockHeld[name] = underAuditLock(done.texts);
      return done.data;
    };
    const first = await step(
      'save',
      SAVE_MINUTES,
      { input: { meetingId, baseVersion: 0, items: minutesItems(held.itemIds, present, null) } },
      s,
    );
    const kept = first.saveMinutes.items.map((item: any) => item.actionItems);
    expect(kept.flat()).toHaveLength(3 * items);
    const again = minutesItems(held.itemIds, present, kept);
    await step(
      'saveAgain',
      SAVE_MINUTES,
      { input: { meetingId, baseVersion: 1, items: again } },
      s,
    );
    await step('submit', SUBMIT_MINUTES, { id: meetingId }, s);
    await step('return', RETURN_MINUTES, { id: meetingId, comment: 'Уточните решения' }, c);
    await t.client.ok(SAVE_MINUTES, { input: { meetingId, baseVersion: 2, items: again } }, s);
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, s);
    await step('approve', APPROVE_MINUTES, { id: meetingId }, c);
    // Every action item handed to the next member.
    const handedOn = minutesItems(held.itemIds, [...present.slice(1), present[0]], kept);
    await step(
      'amend',
      AMEND_MINUTES,
      { input: { meetingId, baseVersion: 3, items: handedOn } },
      s,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, s);
    const approved = await step('approveAmendment', APPROVE_MINUTES, { id: meetingId }, c);
    expect(approved.approveMinutes.items.flatMap((item: any) => item.actionItems)).toHaveLength(
      3 * items,
    );
    const [{ tracked }] = await t.dataSource.query(
      `SELECT count(*)::int AS tracked FROM action_item
        WHERE meeting_id = $1 AND withdrawn_in_version IS NULL`,
      [meetingId],
    );
    expect(tracked).toBe(3 * items);
    return { counts, lockHeld };
  }

  it('keeps the minutes of 20 agenda items with the statements of 1', async () => {
    const one = await minutesWrites(1);
    const twenty = await minutesWrites(20);
    expect(twenty.counts).toEqual(one.counts);
  });

  // The audit log's lock serialises every write of the portal: once a command has taken it (its
  // entry, the last thing it writes), it commits. Found by review: submitting and returning minutes
  // read the version's approval after their entry.
  it('reads nothing under the audit log’s lock when the minutes move on', async () => {
    const { lockHeld } = await minutesWrites(2);
    expect(lockHeld).toEqual({
      save: [],
      saveAgain: [],
      submit: [],
      return: [],
      approve: [],
      amend: [],
      approveAmendment: [],
    });
  });
});
