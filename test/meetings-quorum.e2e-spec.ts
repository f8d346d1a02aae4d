import { MemberStatus } from '@council/accounts';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  MEETING,
  PUBLISH,
  RECORD_ATTENDANCE,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  decision,
  heldMeeting,
  addAgendaItem,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { TestApp, createTestApp } from './support/test-app';

// The quorum's denominator is the active members when the meeting starts; attendance recorded
// before the start (an excusal) counts provisionally and is recounted once the meeting is held.
describe('meetings: the quorum counts the members active at the start (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('recounts a provisional denominator when the meeting is held', async () => {
    t.clock.set('2028-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    let secretary = leaders.secretary.token;
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2028-03-10T11:00:00+03:00' });
    await addAgendaItem(t, secretary, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    const early = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.member.member.id, status: 'EXCUSED' }] },
        secretary,
      )
    ).recordAttendance;
    await t.factory.member(); // joins before the start
    // Nobody is recorded present days before the meeting, only absent or excused.
    expect(
      await t.client.error(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.chair.member.id, status: 'PRESENT' }] },
        secretary,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BEFORE_MEETING_DAY' });
    // The meeting's day begins at midnight in Moscow (21:00 UTC the evening before).
    t.clock.set('2028-03-09T20:59:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    expect(
      await t.client.error(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.chair.member.id, status: 'PRESENT' }] },
        secretary,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BEFORE_MEETING_DAY' });
    t.clock.set('2028-03-09T21:00:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    // On the day, before the start, only an active member can be recorded present.
    const suspended = await t.factory.member({ status: MemberStatus.SUSPENDED });
    expect(
      await t.client.error(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: suspended.id, status: 'PRESENT' }] },
        secretary,
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'MEMBER_NOT_ACTIVE' });

    t.clock.set('2028-03-10T09:00:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    const held = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.chair.member.id, status: 'PRESENT' }] },
        secretary,
      )
    ).recordAttendance;
    expect(held.status).toBe('HELD');
    expect(held.quorum.activeMembers).toBe(early.quorum.activeMembers + 1);
  });

  it('counts only the members of the meeting’s day, whoever joins or is suspended later', async () => {
    t.clock.set('2028-08-01T09:00:00Z');
    const leaders = await t.factory.leadership('2028-H2');
    const attendee = await t.factory.member();
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2028-08-02T11:00:00+03:00',
      present: [leaders.secretary.member.id],
    });
    const secretary = await t.factory.tokenFor(leaders.secretary.member);
    const record = (entries: Array<{ memberId: string; status: string }>) =>
      t.client.request<any>(RECORD_ATTENDANCE, { id: held.meetingId, entries }, secretary);
    const before = (await t.client.ok(MEETING, { id: held.meetingId }, secretary)).meeting.quorum;

    // Members who joined after the meeting cannot make it quorate.
    const late = await Promise.all([1, 2, 3, 4, 5, 6].map(() => t.factory.member()));
    const refused = await record(late.map((m) => ({ memberId: m.id, status: 'PRESENT' })));
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_A_MEMBER_AT_MEETING',
    });
    expect((await t.client.ok(MEETING, { id: held.meetingId }, secretary)).meeting.quorum).toEqual(
      before,
    );
    // Nor be listed absent or excused: the list counts the members of that day only.
    for (const status of ['ABSENT', 'EXCUSED']) {
      const listed = await record([{ memberId: late[0].id, status }]);
      expect(listed.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'NOT_A_MEMBER_AT_MEETING',
        fields: { 'entries.0.memberId': ['was not an active member when the meeting was held'] },
      });
    }
    const after = (await t.client.ok(MEETING, { id: held.meetingId }, secretary)).meeting;
    expect(after.quorum).toEqual(before);
    expect(
      after.attendance.map((entry: { member: { id: string } }) => entry.member.id),
    ).not.toContain(late[0].id);

    // One who was a member that day and has been suspended since is still recorded present.
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [attendee.id]);
    const corrected = await record([{ memberId: attendee.id, status: 'PRESENT' }]);
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data.recordAttendance.quorum).toMatchObject({
      present: before.present + 1,
      activeMembers: before.activeMembers,
    });
  });

  // The sheet the secretary records attendance on: whom the meeting counts, by name. Before it is
  // held, the active members; once held, those of its day, whoever joins or is suspended since.
  it('gives the roll attendance is recorded against and the quorum counts', async () => {
    t.clock.set('2029-02-01T09:00:00Z');
    const leaders = await t.factory.leadership('2029-H1');
    const secretary = leaders.secretary.token;
    const ROLL = `query($id: ID!) { meeting(id: $id) { status roll { id } quorum { activeMembers } } }`;
    const rollOf = async (id: string) => (await t.client.ok(ROLL, { id }, secretary)).meeting;
    const activeByName = async () =>
      (
        await t.dataSource.query(
          `SELECT id FROM member WHERE status = 'ACTIVE' ORDER BY full_name, id`,
        )
      ).map((row: { id: string }) => ({ id: row.id }));

    const leaving = await t.factory.member();
    const upcoming = await scheduleMeeting(t, secretary, { startsAt: '2029-02-20T11:00:00+03:00' });
    expect((await rollOf(upcoming.id)).roll).toEqual(await activeByName());
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [leaving.id]);
    const beforeHeld = (await rollOf(upcoming.id)).roll;
    expect(beforeHeld).toEqual(await activeByName());
    expect(beforeHeld).not.toContainEqual({ id: leaving.id });

    const held = await heldMeeting(t, secretary, {
      startsAt: '2029-02-03T11:00:00+03:00',
      present: [leaders.secretary.member.id],
    });
    const ofTheDay = await activeByName();
    const stays = await t.factory.member();
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [
      leaders.member.member.id,
    ]);
    const seen = await rollOf(held.meetingId);
    expect(seen.status).toBe('HELD');
    expect(seen.roll).toEqual(ofTheDay);
    expect(seen.roll).toContainEqual({ id: leaders.member.member.id });
    expect(seen.roll).not.toContainEqual({ id: stays.id });
    expect(seen.roll).toHaveLength(seen.quorum.activeMembers);

    await t.client.ok(
      `mutation($id: ID!) { cancelMeeting(id: $id, reason: "Перенос") { id } }`,
      { id: upcoming.id },
      await t.factory.tokenFor(leaders.secretary.member),
    );
    expect((await rollOf(upcoming.id)).roll).toBeNull();
  });
});

// Found by review: a member recorded present before the start and suspended before the meeting was
// held was left out of the quorum but kept in the attendance list, and the minutes counted them.
describe('meetings: attendance recorded before the start for a member suspended by then (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('withdraws it when the meeting is held: list, quorum and minutes count the same members', async () => {
    t.clock.set('2028-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const early = await t.factory.member();
    let secretary = leaders.secretary.token;
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2028-03-10T11:00:00+03:00' });
    const item = await addAgendaItem(t, secretary, meeting.id, { kind: 'DECISION' });
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    // Registered at the door on the meeting's morning, before the start.
    t.clock.set('2028-03-10T05:00:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    await t.client.ok(
      RECORD_ATTENDANCE,
      { id: meeting.id, entries: [{ memberId: early.id, status: 'PRESENT' }] },
      secretary,
    );
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [early.id]);

    t.clock.set('2028-03-10T09:00:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    const held = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        { id: meeting.id, entries: [{ memberId: leaders.chair.member.id, status: 'PRESENT' }] },
        secretary,
      )
    ).recordAttendance;
    expect(held).toMatchObject({ status: 'HELD', quorum: { present: 1 } });
    const view = (await t.client.ok(MEETING, { id: meeting.id }, secretary)).meeting;
    expect(view.attendance).toEqual([
      { member: { id: leaders.chair.member.id }, status: 'PRESENT' },
    ]);
    const [entry] = await t.dataSource.query(
      `SELECT summary FROM audit_entry WHERE action = 'meetings.meeting_held' AND entity_id = $1`,
      [meeting.id],
    );
    expect(entry.summary.attendanceWithdrawn).toEqual([early.id]);

    // Two votes for with one member present is refused; the minutes count the one.
    const refused = await t.client.error(
      SAVE_MINUTES,
      {
        input: {
          meetingId: meeting.id,
          baseVersion: 0,
          items: [{ agendaItemId: item.id, discussion: 'x', decisions: [decision(2)] }],
        },
      },
      secretary,
    );
    expect(refused).toMatchObject({ reason: 'VOTES_EXCEED_PRESENT' });
    const saved = (
      await t.client.ok(
        SAVE_MINUTES,
        {
          input: {
            meetingId: meeting.id,
            baseVersion: 0,
            items: [{ agendaItemId: item.id, discussion: 'x', decisions: [decision(1)] }],
          },
        },
        secretary,
      )
    ).saveMinutes;
    expect(saved.attendance.presentCount).toBe(1);
  });
});

// An amendment of approved minutes reopens attendance; until it is approved, its corrections are a
// draft: members see the meeting as the approved minutes record it, the leadership the draft.
describe('meetings: attendance while approved minutes are amended (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows members the approved attendance until the amendment is approved', async () => {
    t.clock.set('2029-02-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const { secretary, chair, member } = leaders;
    const held = await heldMeeting(t, secretary.token, {
      startsAt: '2029-02-04T11:00:00+03:00',
      present: [secretary.member.id, chair.member.id, member.member.id],
    });
    const [secretaryToken, chairToken, memberToken] = await Promise.all(
      [secretary, chair, member].map((who) => t.factory.tokenFor(who.member)),
    );
    const input = (baseVersion: number, votes: number) => ({
      input: {
        meetingId: held.meetingId,
        baseVersion,
        items: [
          { agendaItemId: held.itemIds[0], discussion: 'Обсудили', decisions: [decision(votes)] },
        ],
      },
    });
    await t.client.ok(SAVE_MINUTES, input(0, 3), secretaryToken);
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretaryToken);
    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, chairToken);
    await t.client.ok(AMEND_MINUTES, input(1, 3), secretaryToken);
    await t.client.ok(
      RECORD_ATTENDANCE,
      {
        id: held.meetingId,
        entries: [chair.member.id, member.member.id].map((memberId) => ({
          memberId,
          status: 'ABSENT',
        })),
      },
      secretaryToken,
    );
    const seenBy = async (token: string) =>
      (await t.client.ok(MEETING, { id: held.meetingId }, token)).meeting;
    const presentIn = (meeting: any) =>
      meeting.attendance.filter((entry: any) => entry.status === 'PRESENT').length;

    const byMember = await seenBy(memberToken);
    expect(byMember.quorum.present).toBe(3);
    expect(presentIn(byMember)).toBe(3);
    const bySecretary = await seenBy(secretaryToken);
    expect(bySecretary.quorum.present).toBe(1);
    expect(presentIn(bySecretary)).toBe(1);

    // Approved, the correction is the record for everyone.
    await t.client.ok(AMEND_MINUTES, input(2, 1), secretaryToken);
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretaryToken);
    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, chairToken);
    const after = await seenBy(memberToken);
    expect(after.quorum.present).toBe(1);
    expect(presentIn(after)).toBe(1);
  });
});

// DOMAIN.md: quorate when more than half of the active members are present. Without a quorum the
// minutes record no adopted decision, and no decision is adopted with more votes against than for.
describe('meetings: decisions are adopted at a quorate meeting, not against their votes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses ADOPTED without a quorum or with fewer votes for than against, and changes nothing', async () => {
    t.clock.set('2029-05-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const active: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM member WHERE status = 'ACTIVE' ORDER BY id`,
    );
    const required = Math.floor(active.length / 2) + 1;
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2029-05-04T11:00:00+03:00',
      present: active.slice(0, required - 1).map((member) => member.id),
    });
    const secretary = await t.factory.tokenFor(leaders.secretary.member);
    const save = (baseVersion: number, decisions: unknown[]) => ({
      input: {
        meetingId: held.meetingId,
        baseVersion,
        items: [{ agendaItemId: held.itemIds[0], discussion: 'Обсудили', decisions }],
      },
    });
    const versions = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM minutes_version v JOIN minutes m ON m.id = v.minutes_id
            WHERE m.meeting_id = $1`,
          [held.meetingId],
        )
      )[0].n;

    const inquorate = await t.client.error(
      SAVE_MINUTES,
      save(0, [decision(0), decision(required - 1, { outcome: 'ADOPTED' })]),
      secretary,
    );
    expect(inquorate.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MEETING_NOT_QUORATE',
      fields: {
        'items.0.decisions.1.outcome': [expect.stringContaining(`${required} are needed`)],
      },
    });
    expect(await versions()).toBe(0);
    // Rejected is recorded without a quorum.
    await t.client.ok(SAVE_MINUTES, save(0, [decision(required - 1)]), secretary);

    await t.client.ok(
      RECORD_ATTENDANCE,
      { id: held.meetingId, entries: [{ memberId: active[required - 1].id, status: 'PRESENT' }] },
      secretary,
    );
    const contradicting = await t.client.error(
      SAVE_MINUTES,
      save(1, [decision(1, { votesAgainst: 2, outcome: 'ADOPTED' })]),
      secretary,
    );
    expect(contradicting.error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OUTCOME_CONTRADICTS_VOTES',
      fields: { 'items.0.decisions.0.outcome': expect.any(Array) },
    });
    expect(await versions()).toBe(1);
    // A tie may be adopted (a casting vote), and so may a decision by consensus, with no counts.
    const saved = (
      await t.client.ok(
        SAVE_MINUTES,
        save(1, [
          decision(2, { votesAgainst: 2, outcome: 'ADOPTED' }),
          decision(0, { outcome: 'ADOPTED' }),
        ]),
        secretary,
      )
    ).saveMinutes;
    expect(saved.version).toBe(2);
  });
});

// Found by review: a meeting postponed after members were recorded present on its old day kept
// them present, showed a quorum a week before its new day, and could be held on that day with its
// decisions adopted while nobody had been recorded present then.
describe('meetings: presence recorded before a postponed meeting’s new day (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const UPDATE_MEETING = `mutation($id: ID!, $input: UpdateMeetingInput!) {
    updateMeeting(id: $id, input: $input) { id startsAt quorum { present activeMembers isQuorate } } }`;

  it('withdraws it when the meeting moves to a later day, and keeps it on the same day', async () => {
    t.clock.set('2028-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    let secretary = leaders.secretary.token;
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2028-03-10T18:00:00+03:00' });
    await addAgendaItem(t, secretary, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);

    // The meeting's day, before its start: the leadership is registered at the door.
    t.clock.set('2028-03-10T06:00:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    const present = [leaders.chair, leaders.secretary, leaders.coChairRegional].map(
      (leader) => leader.member.id,
    );
    await t.client.ok(
      RECORD_ATTENDANCE,
      {
        id: meeting.id,
        entries: [
          ...present.map((memberId) => ({ memberId, status: 'PRESENT' })),
          { memberId: leaders.member.member.id, status: 'EXCUSED' },
        ],
      },
      secretary,
    );

    // Later the same day: still that day, nothing withdrawn.
    const sameDay = (
      await t.client.ok(
        UPDATE_MEETING,
        { id: meeting.id, input: { startsAt: '2028-03-10T20:00:00+03:00' } },
        secretary,
      )
    ).updateMeeting;
    expect(sameDay.quorum.present).toBe(3);

    // A week later: nobody can have arrived yet.
    const postponed = (
      await t.client.ok(
        UPDATE_MEETING,
        { id: meeting.id, input: { startsAt: '2028-03-17T18:00:00+03:00' } },
        secretary,
      )
    ).updateMeeting;
    expect(postponed.quorum).toMatchObject({ present: 0, isQuorate: false });
    const seen = (await t.client.ok(MEETING, { id: meeting.id }, secretary)).meeting;
    expect(seen.status).toBe('PUBLISHED');
    expect(seen.attendance).toEqual([
      { member: { id: leaders.member.member.id }, status: 'EXCUSED' },
    ]);
    const [entry] = await t.dataSource.query(
      `SELECT summary FROM audit_entry
        WHERE action = 'meetings.meeting_updated' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`,
      [meeting.id],
    );
    expect(entry.summary.attendanceWithdrawn).toEqual([...present].sort());

    // On the new day only those recorded then count.
    t.clock.set('2028-03-17T15:30:00Z');
    secretary = await t.factory.tokenFor(leaders.secretary.member);
    const held = (
      await t.client.ok(
        RECORD_ATTENDANCE,
        {
          id: meeting.id,
          entries: [{ memberId: leaders.secretary.member.id, status: 'PRESENT' }],
        },
        secretary,
      )
    ).recordAttendance;
    expect(held.status).toBe('HELD');
    expect(held.quorum).toMatchObject({ present: 1, isQuorate: false });
  });
});
