import { MemberStatus } from '@council/accounts';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  MEETING,
  MEETINGS,
  PUBLISH,
  RECORD_ATTENDANCE,
  SCHEDULE,
  addAgendaItem,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { inLineAtTheAuditLog } from './support/lock-waits';
import { SUSPEND } from './support/accounts';

const CANCEL = `mutation($id: ID!, $reason: String!) { cancelMeeting(id: $id, reason: $reason) { id status cancelledAt cancellationReason } }`;
const UPDATE_MEETING = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id title location startsAt agendaRevision } }`;
const REORDER = `mutation($id: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $ids) { id agendaRevision agenda { id position } } }`;
const REMOVE = `mutation($id: ID!) { removeAgendaItem(id: $id) { id agendaRevision agenda { id position title } } }`;
const MARK_HELD = `mutation($id: ID!) { markMeetingHeld(id: $id) { id status heldAt quorum { activeMembers } } }`;
const ADD = `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id } }`;

describe('meetings and agendas (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  const countOf = async (table: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  async function publishedMeeting(startsAt: string, title = 'Заседание') {
    const meeting = await scheduleMeeting(t, leaders.secretary.token, { startsAt, title });
    await addAgendaItem(t, leaders.secretary.token, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);
    return meeting;
  }

  it('shows members published meetings only; drafts and cancelled drafts stay hidden', async () => {
    const { secretary, chair, member } = leaders;
    const draft = await scheduleMeeting(t, secretary.token, {
      startsAt: '2027-05-01T11:00:00+03:00',
    });
    const cancelledDraft = await scheduleMeeting(t, secretary.token, {
      startsAt: '2027-05-02T11:00:00+03:00',
    });
    await t.client.ok(CANCEL, { id: cancelledDraft.id, reason: 'Не состоится' }, secretary.token);
    const published = await publishedMeeting('2027-05-03T11:00:00+03:00');
    const cancelledAfterPublication = await publishedMeeting('2027-05-04T11:00:00+03:00');
    const cancelled = (
      await t.client.ok(
        CANCEL,
        { id: cancelledAfterPublication.id, reason: 'Перенос на июнь' },
        secretary.token,
      )
    ).cancelMeeting;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Перенос на июнь' });

    const window = { from: '2027-05-01T00:00:00Z', to: '2027-05-05T00:00:00Z' };
    const forMember = (await t.client.ok(MEETINGS, window, member.token)).meetings;
    expect(forMember.edges.map((edge: any) => edge.node.id)).toEqual([
      cancelledAfterPublication.id,
      published.id,
    ]);
    expect(forMember.totalCount).toBe(2);
    const forChair = (await t.client.ok(MEETINGS, window, chair.token)).meetings;
    expect(forChair.totalCount).toBe(4);
    for (const hidden of [draft, cancelledDraft]) {
      expect(await t.client.error(MEETING, { id: hidden.id }, member.token)).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'NOT_FOUND',
      });
    }
    expect(
      (await t.client.ok(MEETING, { id: cancelledDraft.id }, chair.token)).meeting.status,
    ).toBe('CANCELLED');

    // Nor through the audit log, which ADMIN (who does not see drafts) reads too.
    const secret = await scheduleMeeting(t, secretary.token, {
      startsAt: '2027-05-05T11:00:00+03:00',
      title: 'Секретный черновик',
    });
    const item = await addAgendaItem(t, secretary.token, secret.id, { title: 'Тайный вопрос' });
    await t.client.ok(REMOVE, { id: item.id }, secretary.token);
    await t.client.ok(CANCEL, { id: secret.id, reason: 'Тайная причина' }, secretary.token);
    const log = await t.client.ok(
      `{ auditLog(first: 100) { edges { node { action entityId summary } } } }`,
      {},
      leaders.admin.token,
    );
    const actions = log.auditLog.edges
      .filter((edge: any) => edge.node.entityId === secret.id)
      .map((edge: any) => edge.node.action);
    // The log reads newest first.
    expect(actions).toEqual([
      'meetings.meeting_cancelled',
      'meetings.agenda_item_removed',
      'meetings.agenda_item_added',
      'meetings.meeting_scheduled',
    ]);
    for (const hidden of ['Секретный черновик', 'Тайный вопрос', 'Тайная причина', '2027-05-05']) {
      expect(JSON.stringify(log)).not.toContain(hidden);
    }
  });

  it('pages meetings newest first and filters them by start time', async () => {
    const starts = ['2027-03-10', '2027-03-11', '2027-03-12', '2027-03-13', '2027-03-14'].map(
      (day) => `${day}T11:00:00+03:00`,
    );
    const ids: string[] = [];
    for (const startsAt of starts) ids.push((await publishedMeeting(startsAt)).id);
    const within = { from: '2027-03-10T00:00:00Z', to: '2027-03-15T00:00:00Z' };
    const first = (await t.client.ok(MEETINGS, { ...within, first: 2 }, leaders.member.token))
      .meetings;
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((edge: any) => edge.node.id)).toEqual([ids[4], ids[3]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await t.client.ok(
        MEETINGS,
        { ...within, first: 10, after: first.pageInfo.endCursor },
        leaders.member.token,
      )
    ).meetings;
    expect(next.edges.map((edge: any) => edge.node.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(next.pageInfo.hasNextPage).toBe(false);
    expect(next.totalCount).toBe(5);
    const none = (await t.client.ok(MEETINGS, { ...within, first: 0 }, leaders.member.token))
      .meetings;
    expect(none).toMatchObject({ totalCount: 5, edges: [], pageInfo: { hasNextPage: true } });
    const noneAfterLast = (
      await t.client.ok(
        MEETINGS,
        { ...within, first: 0, after: next.pageInfo.endCursor },
        leaders.member.token,
      )
    ).meetings;
    expect(noneAfterLast).toMatchObject({ edges: [], pageInfo: { hasNextPage: false } });
    const pastTheEnd = (
      await t.client.ok(
        MEETINGS,
        { ...within, first: 5, after: next.pageInfo.endCursor },
        leaders.member.token,
      )
    ).meetings;
    expect(pastTheEnd).toMatchObject({ totalCount: 5, edges: [] });
    // from is inclusive, to exclusive (11:00 Moscow = 08:00 UTC).
    const narrow = (
      await t.client.ok(
        MEETINGS,
        { from: '2027-03-11T08:00:00Z', to: '2027-03-13T08:00:00Z' },
        leaders.member.token,
      )
    ).meetings;
    expect(narrow.edges.map((edge: any) => edge.node.id)).toEqual([ids[2], ids[1]]);
    const backwards = await t.client.error(
      MEETINGS,
      { from: '2027-03-13T00:00:00Z', to: '2027-03-11T00:00:00Z' },
      leaders.member.token,
    );
    expect(backwards).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_RANGE' });
    expect(backwards.error.extensions?.fields).toHaveProperty('to');
  });

  it('continues a page after its last meeting when meetings are published or moved between pages', async () => {
    const page = async (variables: Record<string, unknown>) =>
      (await t.client.ok(MEETINGS, variables, leaders.member.token)).meetings;
    const ids = (connection: any): string[] => connection.edges.map((edge: any) => edge.node.id);
    const starts = ['2027-06-10', '2027-06-11', '2027-06-12', '2027-06-13'].map(
      (day) => `${day}T11:00:00+03:00`,
    );
    const meetings: string[] = [];
    for (const startsAt of starts) meetings.push((await publishedMeeting(startsAt)).id);
    const within = { from: '2027-06-01T00:00:00Z', to: '2027-07-01T00:00:00Z' };
    const first = await page({ ...within, first: 2 });
    expect(ids(first)).toEqual([meetings[3], meetings[2]]);

    // A newer meeting published, and an older one moved ahead of the page already read.
    await publishedMeeting('2027-06-20T11:00:00+03:00');
    await t.client.ok(
      UPDATE_MEETING,
      { id: meetings[0], input: { startsAt: '2027-06-25T11:00:00+03:00' } },
      leaders.secretary.token,
    );
    const next = await page({ ...within, first: 2, after: first.pageInfo.endCursor });
    expect(ids(next)).toEqual([meetings[1]]);
    expect(next).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });

    // Two starts in the same millisecond (PostgreSQL keeps microseconds): neither is lost.
    await t.dataSource.query(`UPDATE meeting SET starts_at = $2::timestamptz WHERE id = $1`, [
      meetings[2],
      '2027-06-12T08:00:00.000900Z',
    ]);
    await t.dataSource.query(`UPDATE meeting SET starts_at = $2::timestamptz WHERE id = $1`, [
      meetings[1],
      '2027-06-12T08:00:00.000100Z',
    ]);
    const narrow = { from: '2027-06-12T00:00:00Z', to: '2027-06-13T00:00:00Z' };
    const one = await page({ ...narrow, first: 1 });
    expect(ids(one)).toEqual([meetings[2]]);
    const other = await page({ ...narrow, first: 1, after: one.pageInfo.endCursor });
    expect(ids(other)).toEqual([meetings[1]]);
    expect(other.pageInfo.hasNextPage).toBe(false);

    for (const after of ['cG9zOjE', first.edges[0].node.id]) {
      expect(await t.client.error(MEETINGS, { after }, leaders.member.token)).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_CURSOR',
      });
    }
  });

  it('lists every change made after publication, raising the revision each time', async () => {
    const { secretary, member } = leaders;
    const meeting = await scheduleMeeting(t, secretary.token, {
      startsAt: '2027-04-01T11:00:00+03:00',
    });
    const first = await addAgendaItem(t, secretary.token, meeting.id, { title: 'Первый' });
    const second = await addAgendaItem(t, secretary.token, meeting.id, { title: 'Второй' });
    // Draft edits are not revisions.
    await t.client.ok(
      UPDATE_MEETING,
      { id: meeting.id, input: { title: 'Заседание (черновик)' } },
      secretary.token,
    );
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary.token);
    expect((await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting).toMatchObject({
      agendaRevision: 1,
      agendaChanges: { totalCount: 0, edges: [] },
    });

    const third = await addAgendaItem(t, secretary.token, meeting.id, {
      title: 'Разное',
      kind: 'INFORMATION',
    });
    const reordered = (
      await t.client.ok(
        REORDER,
        { id: meeting.id, ids: [third.id, first.id, second.id] },
        secretary.token,
      )
    ).reorderAgenda;
    expect(reordered.agenda.map((item: any) => [item.id, item.position])).toEqual([
      [third.id, 1],
      [first.id, 2],
      [second.id, 3],
    ]);
    const removed = (await t.client.ok(REMOVE, { id: first.id }, secretary.token)).removeAgendaItem;
    expect(removed.agenda.map((item: any) => [item.title, item.position])).toEqual([
      ['Разное', 1],
      ['Второй', 2],
    ]);
    await t.client.ok(
      UPDATE_MEETING,
      { id: meeting.id, input: { location: 'Онлайн', startsAt: '2027-04-01T12:00:00+03:00' } },
      secretary.token,
    );

    const seen = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting;
    expect(seen.agendaRevision).toBe(5);
    expect(seen.agendaChanges.totalCount).toBe(4);
    const changes = seen.agendaChanges.edges.map((edge: any) => edge.node);
    expect(changes.map((change: any) => [change.revision, change.kind])).toEqual([
      [2, 'ITEM_ADDED'],
      [3, 'AGENDA_REORDERED'],
      [4, 'ITEM_REMOVED'],
      [5, 'MEETING_UPDATED'],
    ]);
    expect(changes[0]).toMatchObject({
      agendaItemId: third.id,
      itemTitle: 'Разное',
      changedBy: { id: secretary.member.id },
    });
    expect(changes[1].changes).toEqual([
      {
        field: 'order',
        from: '1. Первый\n2. Второй\n3. Разное',
        to: '1. Разное\n2. Первый\n3. Второй',
      },
    ]);
    expect(changes[2]).toMatchObject({ agendaItemId: first.id, itemTitle: 'Первый' });
    expect(changes[3].changes).toEqual([
      { field: 'startsAt', from: '2027-04-01T08:00:00.000Z', to: '2027-04-01T09:00:00.000Z' },
      { field: 'location', from: 'Технопарк Санкт-Петербурга', to: 'Онлайн' },
    ]);

    // An edit that changes nothing is not a revision.
    await t.client.ok(
      UPDATE_MEETING,
      { id: meeting.id, input: { location: 'Онлайн' } },
      secretary.token,
    );
    expect(
      (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting.agendaRevision,
    ).toBe(5);

    // The changes are a connection, read oldest first; a page continues after its last revision.
    const PAGE = `query($id: ID!, $first: Int, $after: String) { meeting(id: $id) {
      agendaChanges(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { revision } } } } }`;
    const pageOf = async (variables: Record<string, unknown>) =>
      (await t.client.ok(PAGE, { id: meeting.id, ...variables }, member.token)).meeting
        .agendaChanges;
    const head = await pageOf({ first: 3 });
    expect(head.edges.map((edge: any) => edge.node.revision)).toEqual([2, 3, 4]);
    expect(head).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const tail = await pageOf({ first: 3, after: head.pageInfo.endCursor });
    expect(tail.edges.map((edge: any) => edge.node.revision)).toEqual([5]);
    expect(tail).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
    const beyond = await pageOf({ after: tail.pageInfo.endCursor });
    expect(beyond).toMatchObject({ totalCount: 4, edges: [], pageInfo: { hasNextPage: false } });
    const foreign = (
      await t.client.ok(`{ members(first: 1) { pageInfo { endCursor } } }`, {}, member.token)
    ).members.pageInfo.endCursor;
    expect(
      await t.client.error(PAGE, { id: meeting.id, after: foreign }, member.token),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });

    // A published agenda keeps at least one item (an empty one could not have been published).
    const afterRemoval = (await t.client.ok(REMOVE, { id: third.id }, secretary.token))
      .removeAgendaItem;
    expect(afterRemoval.agenda.map((item: any) => item.id)).toEqual([second.id]);
    expect(await t.client.error(REMOVE, { id: second.id }, secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'AGENDA_EMPTY',
    });
    expect(
      (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting.agenda.map(
        (item: any) => item.id,
      ),
    ).toEqual([second.id]);
  });

  it('takes a reorder only as the full agenda; anything else is BAD_USER_INPUT and changes nothing', async () => {
    const { secretary } = leaders;
    const meeting = await scheduleMeeting(t, secretary.token);
    const a = await addAgendaItem(t, secretary.token, meeting.id, { title: 'A' });
    const b = await addAgendaItem(t, secretary.token, meeting.id, { title: 'B' });
    const other = await scheduleMeeting(t, secretary.token);
    const foreign = await addAgendaItem(t, secretary.token, other.id);
    for (const ids of [[a.id], [a.id, a.id], [a.id, foreign.id], [a.id, b.id, foreign.id], []]) {
      const refused = await t.client.error(REORDER, { id: meeting.id, ids }, secretary.token);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'AGENDA_ORDER_MISMATCH' });
      expect(refused.error.extensions?.fields).toHaveProperty('itemIds');
    }
    const malformed = await t.client.error(
      REORDER,
      { id: meeting.id, ids: ['nope', b.id] },
      secretary.token,
    );
    expect(malformed.code).toBe('BAD_USER_INPUT');
    // The entry is named with its index, as graphql-js names a null one (found by review).
    expect(Object.keys(malformed.error.extensions?.fields ?? {})).toEqual(['itemIds.0']);
    // (A list passed as a variable is named by the variable's name: here the argument's.)
    const nullEntry = await t.client.error(
      `mutation($id: ID!, $itemIds: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $itemIds) { id } }`,
      { id: meeting.id, itemIds: [a.id, null] },
      secretary.token,
    );
    expect(Object.keys(nullEntry.error.extensions?.fields ?? {})).toEqual(['itemIds.1']);
    const agenda = (await t.client.ok(MEETING, { id: meeting.id }, secretary.token)).meeting.agenda;
    expect(agenda.map((item: any) => item.id)).toEqual([a.id, b.id]);
  });

  it('names the invalid field, keeps any Unicode text, and changes nothing on bad input', async () => {
    const { secretary } = leaders;
    const before = await countOf('meeting');
    const input = {
      title: 'Заседание',
      startsAt: '2027-06-01T11:00:00+03:00',
      location: 'Технопарк',
      format: 'ONLINE',
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '   ' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ title: 'Звонок \u0007' }, 'title'],
      [{ location: '' }, 'location'],
      [{ startsAt: 'not a date' }, 'startsAt'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ timeZone: '' }, 'timeZone'],
    ];
    for (const [change, field] of cases) {
      const refused = await t.client.error(
        SCHEDULE,
        { input: { ...input, ...change } },
        secretary.token,
      );
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.error.extensions?.fields).toHaveProperty([field]);
    }
    expect(await countOf('meeting')).toBe(before);

    const title = '  Заседание «Ёлки» — 漢字 🎄 ';
    const created = await scheduleMeeting(t, secretary.token, {
      title,
      // Stored under its canonical name.
      timeZone: 'asia/vladivostok',
      startsAt: '2027-06-01T11:00:00+10:00',
    });
    expect(created).toMatchObject({
      title: 'Заседание «Ёлки» — 漢字 🎄',
      timeZone: 'Asia/Vladivostok',
      startsAtLocal: '2027-06-01T11:00:00.000+10:00',
    });
    // A current name stays as given, whatever older alias the runtime prefers (Europe/Kiev).
    const kyiv = await scheduleMeeting(t, secretary.token, { timeZone: 'Europe/Kyiv' });
    expect(kyiv.timeZone).toBe('Europe/Kyiv');

    const suspended = await t.factory.member({ status: MemberStatus.SUSPENDED });
    const items = await countOf('agenda_item');
    const itemCases: Array<[Record<string, unknown>, string, string]> = [
      [{ durationMinutes: 0 }, 'durationMinutes', 'INVALID_NUMBER'],
      [{ presenterId: '00000000-0000-4000-8000-000000000000' }, 'presenterId', 'UNKNOWN_MEMBER'],
      [{ presenterId: suspended.id }, 'presenterId', 'MEMBER_NOT_ACTIVE'],
      [{ presenterId: undefined }, 'presenterId', 'BAD_USER_INPUT'],
      [{ description: 'y'.repeat(5001) }, 'description', 'INVALID_LENGTH'],
    ];
    for (const [change, field, reason] of itemCases) {
      const refused = await t.client.error(
        ADD,
        {
          input: {
            meetingId: created.id,
            title: 'Вопрос',
            presenterId: leaders.secretary.member.id,
            durationMinutes: 10,
            kind: 'DECISION',
            ...change,
          },
        },
        secretary.token,
      );
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(refused.error.extensions?.fields).toHaveProperty([field]);
    }
    expect(await countOf('agenda_item')).toBe(items);
    // Every item has a presenter: one cannot be taken away.
    const item = await addAgendaItem(t, secretary.token, created.id);
    const noPresenter = await t.client.error(
      `mutation($id: ID!) { updateAgendaItem(id: $id, input: { presenterId: null }) { id } }`,
      { id: item.id },
      secretary.token,
    );
    expect(noPresenter.code).toBe('BAD_USER_INPUT');
    expect(noPresenter.error.extensions?.fields).toHaveProperty('presenterId');
    const emptyUpdate = await t.client.error(
      UPDATE_MEETING,
      { id: created.id, input: {} },
      secretary.token,
    );
    expect(emptyUpdate).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'EMPTY_UPDATE' });
    const nullTitle = await t.client.error(
      UPDATE_MEETING,
      { id: created.id, input: { title: null } },
      secretary.token,
    );
    expect(nullTitle.code).toBe('BAD_USER_INPUT');
    expect(nullTitle.error.extensions?.fields).toHaveProperty('title');
  });

  it('caps an agenda at 100 items', async () => {
    const meeting = await scheduleMeeting(t, leaders.secretary.token);
    await t.dataSource.query(
      `INSERT INTO agenda_item (meeting_id, position, title, duration_minutes, kind)
       SELECT $1, n, 'Вопрос ' || n, 5, 'INFORMATION' FROM generate_series(1, 100) AS n`,
      [meeting.id],
    );
    const full = await t.client.error(
      ADD,
      {
        input: {
          meetingId: meeting.id,
          title: '101-й',
          presenterId: leaders.secretary.member.id,
          durationMinutes: 5,
          kind: 'INFORMATION',
        },
      },
      leaders.secretary.token,
    );
    expect(full).toMatchObject({ code: 'CONFLICT', reason: 'AGENDA_FULL' });
  });

  it('moves a meeting through its states and refuses what its state does not allow', async () => {
    const { secretary } = leaders;
    t.clock.set('2027-02-01T09:00:00Z');
    const meeting = await scheduleMeeting(t, secretary.token, {
      startsAt: '2027-02-10T11:00:00+03:00',
    });
    expect(await t.client.error(PUBLISH, { id: meeting.id }, secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'AGENDA_EMPTY',
    });
    const attendDraft = await t.client.error(
      RECORD_ATTENDANCE,
      { id: meeting.id, entries: [{ memberId: leaders.member.member.id, status: 'PRESENT' }] },
      secretary.token,
    );
    expect(attendDraft).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_NOT_PUBLISHED' });
    await addAgendaItem(t, secretary.token, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary.token);
    expect(await t.client.error(PUBLISH, { id: meeting.id }, secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_PUBLISHED',
    });

    // Before the start: attendance is taken (e.g. an excused absence) and the meeting stays PUBLISHED.
    const early = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.admin.member.id, status: 'EXCUSED' }] },
        secretary.token,
      )
    ).recordAttendance;
    expect(early).toMatchObject({ status: 'PUBLISHED', quorate: false });
    expect(await t.client.error(MARK_HELD, { id: meeting.id }, secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'MEETING_NOT_STARTED',
    });

    t.clock.set('2027-02-10T08:05:00Z');
    const held = (await t.client.ok(MARK_HELD, { id: meeting.id }, secretary.token))
      .markMeetingHeld;
    expect(held).toMatchObject({ status: 'HELD', heldAt: '2027-02-10T08:05:00.000Z' });
    expect(held.quorum.activeMembers).toBe(await activeMembers());
    expect(
      await t.client.error(
        UPDATE_MEETING,
        { id: meeting.id, input: { title: 'Новое' } },
        secretary.token,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_NOT_EDITABLE' });
    expect(
      await t.client.error(
        ADD,
        {
          input: {
            meetingId: meeting.id,
            title: 'Поздно',
            presenterId: secretary.member.id,
            durationMinutes: 5,
            kind: 'INFORMATION',
          },
        },
        secretary.token,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'AGENDA_LOCKED' });
    expect(
      await t.client.error(CANCEL, { id: meeting.id, reason: 'Поздно' }, secretary.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'INVALID_MEETING_TRANSITION' });
    expect(await t.client.error(MARK_HELD, { id: meeting.id }, secretary.token)).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_HELD',
    });

    const cancelled = await publishedMeeting('2027-02-12T11:00:00+03:00');
    await t.client.ok(CANCEL, { id: cancelled.id, reason: 'Нет кворума' }, secretary.token);
    expect(
      await t.client.error(
        RECORD_ATTENDANCE,
        { id: cancelled.id, entries: [{ memberId: leaders.member.member.id, status: 'PRESENT' }] },
        secretary.token,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'MEETING_CANCELLED' });
  });

  // A suspension under way (it has suspended the member and waits for the audit log's lock, held
  // on a side connection) when the secretary names that member as a presenter: the agenda waits
  // for it and refuses, rather than reading past it. Two connections: PostgreSQL only.
  (process.env.DATABASE_URL ? it : it.skip)(
    'waits for a suspension of a presenter under way, and refuses the presenter',
    async () => {
      const leaving = await t.factory.signedIn();
      const meeting = await scheduleMeeting(t, leaders.secretary.token, {
        startsAt: '2027-07-01T11:00:00+03:00',
      });
      const items = await countOf('agenda_item');
      const [suspended, added] = await inLineAtTheAuditLog(
        t.database.url,
        () => t.client.request(SUSPEND, { id: leaving.member.id }, leaders.admin.token),
        () =>
          t.client.request(
            ADD,
            {
              input: {
                meetingId: meeting.id,
                title: 'Вопрос',
                presenterId: leaving.member.id,
                durationMinutes: 10,
                kind: 'DECISION',
              },
            },
            leaders.secretary.token,
          ),
      );
      expect(suspended.errors).toBeUndefined();
      expect(added.errors?.[0].extensions?.reason).toBe('MEMBER_NOT_ACTIVE');
      expect(await countOf('agenda_item')).toBe(items);
    },
  );

  it('merges attendance entries, checks the members and counts the quorum', async () => {
    const { secretary, member, chair } = leaders;
    t.clock.set('2027-02-01T09:00:00Z');
    const meeting = await publishedMeeting('2027-02-15T11:00:00+03:00');
    t.clock.set('2027-02-15T09:00:00Z');
    const suspended = await t.factory.member({ status: MemberStatus.SUSPENDED });
    const attend = (entries: unknown[]) => ({ id: meeting.id, entries });
    const refusals: Array<[unknown[], string, string]> = [
      [
        [
          { memberId: member.member.id, status: 'PRESENT' },
          { memberId: member.member.id, status: 'ABSENT' },
        ],
        'entries.1.memberId',
        'DUPLICATE_MEMBER',
      ],
      [
        [{ memberId: '00000000-0000-4000-8000-000000000000', status: 'PRESENT' }],
        'entries.0.memberId',
        'UNKNOWN_MEMBER',
      ],
      // After the start, recording attendance holds the meeting: its members are those active now.
      [
        [{ memberId: suspended.id, status: 'PRESENT' }],
        'entries.0.memberId',
        'NOT_A_MEMBER_AT_MEETING',
      ],
      // Nor absent: the list counts the meeting's members only (as the quorum and minutes do).
      [
        [
          { memberId: member.member.id, status: 'PRESENT' },
          { memberId: suspended.id, status: 'ABSENT' },
        ],
        'entries.1.memberId',
        'NOT_A_MEMBER_AT_MEETING',
      ],
      [[], 'entries', 'INVALID_INPUT'],
    ];
    for (const [entries, field, reason] of refusals) {
      const refused = await t.client.error(RECORD_ATTENDANCE, attend(entries), secretary.token);
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(refused.error.extensions?.fields).toHaveProperty([field]);
    }
    expect((await t.client.ok(MEETING, { id: meeting.id }, secretary.token)).meeting.status).toBe(
      'PUBLISHED',
    );

    // The meeting is held; the count is the active one.
    const first = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        attend([{ memberId: member.member.id, status: 'PRESENT' }]),
        secretary.token,
      )
    ).recordAttendance;
    const active = await activeMembers();
    expect(first).toMatchObject({
      status: 'HELD',
      quorum: { present: 1, activeMembers: active, isQuorate: false },
    });
    // A latecomer and a correction: entries merge, one per member.
    const everyone = [
      member.member,
      chair.member,
      secretary.member,
      leaders.coChairFederal.member,
      leaders.coChairRegional.member,
      leaders.admin.member,
    ];
    const second = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        attend(everyone.map((m) => ({ memberId: m.id, status: 'PRESENT' }))),
        secretary.token,
      )
    ).recordAttendance;
    expect(second.quorum).toMatchObject({ present: 6, activeMembers: active });
    expect(second.quorate).toBe(6 > active / 2);
    const listed = (await t.client.ok(MEETING, { id: meeting.id }, member.token)).meeting
      .attendance;
    expect(listed).toHaveLength(6);
    expect(listed.map((entry: { member: { id: string } }) => entry.member.id)).not.toContain(
      suspended.id,
    );
  });

  async function activeMembers(): Promise<number> {
    return (
      await t.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE status = 'ACTIVE'`)
    )[0].n as number;
  }
});
