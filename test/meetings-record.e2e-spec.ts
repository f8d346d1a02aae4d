import { sha256Hex } from '@council/core';
import { MinutesReader, minutesContentHash } from '@council/meetings';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  MEETING,
  MY_ACTION_ITEMS,
  PUBLISH,
  RECORD_ATTENDANCE,
  RETURN_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  UPDATE_ACTION_ITEM,
  addAgendaItem,
  decision,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';

const UPDATE_MEETING = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { id startsAt agendaRevision } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelMeeting(id: $id, reason: $reason) { id status quorate } }`;
const AUDIT = `{ auditLog(first: 100) { edges { node { action entityId summary } } } }`;

// Found by a review of the meetings record (a careless or dishonest secretary, a sceptical
// auditor): the approved minutes are the council's record, and must not mislead.
describe('the record of meetings (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let others: SignedIn[];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    others = [await t.factory.signedIn(), await t.factory.signedIn()];
  });
  afterAll(() => t.close());

  // 8 active members: 5 present make a quorum.
  const quorumOfFive = () => [
    leaders.secretary.member.id,
    leaders.chair.member.id,
    leaders.member.member.id,
    others[0].member.id,
    others[1].member.id,
  ];
  const auditOf = async (entityId: string) =>
    (await t.client.ok(AUDIT, {}, leaders.chair.token)).auditLog.edges
      .map((edge: any) => edge.node)
      .filter((entry: any) => entry.entityId === entityId);

  it('moves a published meeting only to a time still ahead; a draft may be dated in the past', async () => {
    const secretary = leaders.secretary.token;
    t.clock.set('2027-02-01T09:00:00Z');
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2027-02-20T11:00:00+03:00' });
    await addAgendaItem(t, secretary, meeting.id, { kind: 'DECISION' });
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    const before = (await t.client.ok(MEETING, { id: meeting.id }, secretary)).meeting;

    // Before: moved to an hour ago, it became HELD on the next presence recorded, dated before
    // its agenda was published.
    for (const startsAt of ['2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z']) {
      const refused = await t.client.error(
        UPDATE_MEETING,
        { id: meeting.id, input: { startsAt } },
        secretary,
      );
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'STARTS_IN_PAST' });
      expect(Object.keys(refused.error.extensions?.fields ?? {})).toEqual(['startsAt']);
    }
    expect((await t.client.ok(MEETING, { id: meeting.id }, secretary)).meeting).toEqual(before);

    // Postponed, or brought forward to a time still ahead: as before.
    const moved = await t.client.ok(
      UPDATE_MEETING,
      { id: meeting.id, input: { startsAt: '2027-02-01T09:01:00Z' } },
      secretary,
    );
    expect(moved.updateMeeting).toMatchObject({
      startsAt: '2027-02-01T09:01:00.000Z',
      agendaRevision: before.agendaRevision + 1,
    });
    // Once its start has passed, the start sent back unchanged with another field is no move.
    t.clock.set('2027-02-01T09:11:00Z');
    const relocated = await t.client.ok(
      UPDATE_MEETING,
      { id: meeting.id, input: { startsAt: moved.updateMeeting.startsAt, location: 'Зал 2' } },
      secretary,
    );
    expect(relocated.updateMeeting.startsAt).toBe('2027-02-01T09:01:00.000Z');
    // A draft recorded after the fact is dated freely.
    const draft = await scheduleMeeting(t, secretary, { startsAt: '2027-01-20T11:00:00+03:00' });
    const redated = await t.client.ok(
      UPDATE_MEETING,
      { id: draft.id, input: { startsAt: '2027-01-19T11:00:00+03:00' } },
      secretary,
    );
    expect(redated.updateMeeting.startsAt).toBe('2027-01-19T08:00:00.000Z');
  });

  it('seals when the agenda was published and when the meeting was recorded held', async () => {
    const secretary = leaders.secretary.token;
    // A meeting of last October, recorded in February: legitimate, and the record says so.
    t.clock.set('2027-02-02T10:00:00Z');
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2026-10-01T11:00:00+03:00' });
    const item = await addAgendaItem(t, secretary, meeting.id, { kind: 'DECISION' });
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    t.clock.set('2027-02-02T10:05:00Z');
    await t.client.ok(
      RECORD_ATTENDANCE,
      {
        id: meeting.id,
        entries: quorumOfFive().map((memberId) => ({ memberId, status: 'PRESENT' })),
      },
      secretary,
    );
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: meeting.id,
          baseVersion: 0,
          items: [{ agendaItemId: item.id, discussion: 'Обсудили' }],
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meeting.id }, secretary);
    const approved = (await t.client.ok(APPROVE_MINUTES, { id: meeting.id }, leaders.chair.token))
      .approveMinutes;
    const sealed = JSON.parse(approved.canonicalContent);
    expect(sealed.schema).toBe('council-minutes/3');
    expect(sealed.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sealed.meeting).toMatchObject({
      startsAt: '2026-10-01T08:00:00.000Z',
      publishedAt: '2027-02-02T10:00:00.000Z',
      heldAt: '2027-02-02T10:05:00.000Z',
    });
  });

  // Members read approved minutes only, and ADMIN no drafts; yet the hash of a draft reaches both
  // (the approved version's previousHash, the contentHash of meetings.minutes_saved). Without a
  // nonce in each version, editing the approved text into candidate drafts and hashing them
  // confirmed the draft's vote counts offline.
  it('does not let a member or ADMIN confirm a guess about a draft version they may not read', async () => {
    const secretary = leaders.secretary.token;
    t.clock.set('2027-02-03T09:00:00Z');
    const present = [leaders.member, leaders.chair, leaders.secretary].map((m) => m.member.id);
    const { meetingId, itemIds } = await heldMeeting(t, secretary, {
      startsAt: '2027-02-10T11:00:00+03:00',
      items: 1,
      present,
    });
    const items = (counts: { votesFor: number; votesAgainst: number; votesAbstained: number }) => [
      { agendaItemId: itemIds[0], discussion: 'Обсуждение', decisions: [decision(0, counts)] },
    ];
    // The secretary's first draft: one against, one abstained (never shown to members).
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId,
          baseVersion: 0,
          items: items({ votesFor: 0, votesAgainst: 1, votesAbstained: 1 }),
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, secretary);
    await t.client.ok(
      RETURN_MINUTES,
      { id: meetingId, comment: 'Пересчитайте' },
      leaders.chair.token,
    );
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId,
          baseVersion: 1,
          items: items({ votesFor: 1, votesAgainst: 0, votesAbstained: 0 }),
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, secretary);
    await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token);

    const minutes = (await t.client.ok(MEETING, { id: meetingId }, leaders.member.token)).meeting
      .minutes;
    // The draft itself is out of the member's sight; the approved version verifies as before.
    expect(minutes.history.map((version: any) => version.version)).toEqual([2]);
    const approved: string = minutes.canonicalContent;
    expect(sha256Hex(approved)).toBe(minutes.contentHash);
    expect(JSON.parse(approved)).toMatchObject({ version: 2, previousHash: minutes.previousHash });
    // ADMIN has the draft's hash from the audit log.
    const saved = (await t.client.ok(AUDIT, {}, leaders.admin.token)).auditLog.edges
      .map((edge: any) => edge.node)
      .find(
        (entry: any) =>
          entry.entityId === meetingId &&
          entry.action === 'meetings.minutes_saved' &&
          entry.summary.version === 1,
      );
    expect(saved.summary.contentHash).toBe(minutes.previousHash);
    // The approved text edited into every candidate draft: none hashes to the draft's hash.
    const confirmed: string[] = [];
    for (let votesFor = 0; votesFor <= 3; votesFor += 1) {
      for (let votesAgainst = 0; votesFor + votesAgainst <= 3; votesAgainst += 1) {
        for (let abstained = 0; votesFor + votesAgainst + abstained <= 3; abstained += 1) {
          const guess = approved
            .replace(`"previousHash":"${minutes.previousHash}"`, '"previousHash":null')
            .replace('"version":2', '"version":1')
            .replace(
              '"votesAbstained":0,"votesAgainst":0,"votesFor":1',
              `"votesAbstained":${abstained},"votesAgainst":${votesAgainst},"votesFor":${votesFor}`,
            );
          if (sha256Hex(guess) === minutes.previousHash) {
            confirmed.push(`for ${votesFor}, against ${votesAgainst}, abstained ${abstained}`);
          }
        }
      }
    }
    expect(confirmed).toEqual([]);
  });

  // Versions stored before schema 3 keep their body and hash: approved, amended and verified as
  // they were, the new version after them carrying its nonce.
  it('approves and amends a version stored under schema 2, whose hash stays as it was', async () => {
    const secretary = leaders.secretary.token;
    t.clock.set('2027-02-11T09:00:00Z');
    const { meetingId, itemIds } = await heldMeeting(t, secretary, {
      startsAt: '2027-02-12T11:00:00+03:00',
      items: 1,
      present: quorumOfFive(),
    });
    const items = (discussion: string) => [{ agendaItemId: itemIds[0], discussion }];
    await t.client.ok(
      SAVE_MINUTES,
      { input: { meetingId, baseVersion: 0, items: items('Сохранено до схемы 3') } },
      secretary,
    );
    // The version as it was stored before: schema 2, no nonce, its hash over that.
    await t.dataSource.transaction(async (manager) => {
      const [{ id, body }] = await manager.query(
        `SELECT v.id, v.body FROM minutes_version v JOIN minutes m ON m.id = v.minutes_id
          WHERE m.meeting_id = $1`,
        [meetingId],
      );
      const { nonce: _nonce, ...old } = { ...body, schema: 'council-minutes/2' };
      await manager.query(
        `ALTER TABLE minutes_version DISABLE TRIGGER tr_minutes_version_append_only`,
      );
      await manager.query(
        `UPDATE minutes_version SET body = $2::jsonb, content_hash = $3 WHERE id = $1`,
        [id, JSON.stringify(old), minutesContentHash(old)],
      );
      await manager.query(
        `ALTER TABLE minutes_version ENABLE TRIGGER tr_minutes_version_append_only`,
      );
    });
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, secretary);
    const v1 = (await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token))
      .approveMinutes;
    expect(JSON.parse(v1.canonicalContent)).not.toHaveProperty('nonce');
    expect(JSON.parse(v1.canonicalContent).schema).toBe('council-minutes/2');
    expect(sha256Hex(v1.canonicalContent)).toBe(v1.contentHash);

    await t.client.ok(
      AMEND_MINUTES,
      { input: { meetingId, baseVersion: 1, items: items('Исправлено') } },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, secretary);
    await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token);
    const history = (await t.client.ok(MEETING, { id: meetingId }, leaders.member.token)).meeting
      .minutes.history;
    expect(history.map((version: any) => JSON.parse(version.canonicalContent).schema)).toEqual([
      'council-minutes/2',
      'council-minutes/3',
    ]);
    expect(history[0]).toMatchObject({ contentHash: v1.contentHash });
    expect(JSON.parse(history[1].canonicalContent)).toMatchObject({
      previousHash: v1.contentHash,
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    for (const version of history) {
      expect(sha256Hex(version.canonicalContent)).toBe(version.contentHash);
    }
    expect((await t.app.get(MinutesReader).verify(meetingId)).firstBreak).toBeNull();
  });

  it('reopens an action item an amendment hands to someone else, and says so in the audit log', async () => {
    const secretary = leaders.secretary.token;
    const [doer, newcomer] = others;
    t.clock.set('2027-02-15T09:00:00Z');
    const held = await heldMeeting(t, secretary, {
      startsAt: '2027-02-15T11:00:00+03:00',
      present: quorumOfFive(),
    });
    const action = (id: string | undefined, title: string, assigneeId: string, dueOn: string) => ({
      ...(id ? { id } : {}),
      title,
      assigneeId,
      dueOn,
    });
    const v1 = await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 0,
          items: [
            {
              agendaItemId: held.itemIds[0],
              discussion: '—',
              actionItems: [
                action(undefined, 'Разослать приглашения', doer.member.id, '2027-03-01'),
                action(undefined, 'Обновить сайт', doer.member.id, '2027-03-01'),
              ],
            },
          ],
        },
      },
      secretary,
    );
    const [handedOver, kept] = v1.saveMinutes.items[0].actionItems.map((a: any) => a.id);
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);
    await t.client.ok(UPDATE_ACTION_ITEM, { id: handedOver, status: 'DONE' }, doer.token);
    await t.client.ok(UPDATE_ACTION_ITEM, { id: kept, status: 'DONE' }, doer.token);

    // The amendment keeps both ids: one goes to another member (a new task for them), the other
    // only has its title corrected and stays done.
    await t.client.ok(
      AMEND_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 1,
          items: [
            {
              agendaItemId: held.itemIds[0],
              discussion: '—',
              actionItems: [
                action(handedOver, 'Подготовить отчёт Совета', newcomer.member.id, '2027-06-30'),
                action(kept, 'Обновить сайт Совета', doer.member.id, '2027-03-01'),
              ],
            },
          ],
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);

    const newcomers = (await t.client.ok(MY_ACTION_ITEMS, {}, newcomer.token)).myActionItems;
    expect(newcomers.find((a: any) => a.id === handedOver)).toMatchObject({
      title: 'Подготовить отчёт Совета',
      status: 'OPEN',
    });
    const doers = (await t.client.ok(MY_ACTION_ITEMS, {}, doer.token)).myActionItems;
    expect(doers.find((a: any) => a.id === handedOver)).toBeUndefined();
    expect(doers.find((a: any) => a.id === kept)).toMatchObject({
      title: 'Обновить сайт Совета',
      status: 'DONE',
    });
    const approvals = (await auditOf(held.meetingId)).filter(
      (entry: any) => entry.action === 'meetings.minutes_approved',
    );
    expect(approvals.map((entry: any) => entry.summary.reopenedActionItems)).toEqual([
      [handedOver],
      undefined,
    ]);
  });

  it('withdraws the presence recorded on the day of a meeting that is then cancelled', async () => {
    const secretary = leaders.secretary.token;
    t.clock.set('2027-03-01T05:00:00Z'); // 08:00 in Moscow; the meeting is at 18:00
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2027-03-01T18:00:00+03:00' });
    await addAgendaItem(t, secretary, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    const excused = leaders.coChairFederal.member.id;
    await t.client.ok(
      RECORD_ATTENDANCE,
      {
        id: meeting.id,
        entries: [
          ...quorumOfFive().map((memberId) => ({ memberId, status: 'PRESENT' })),
          { memberId: excused, status: 'EXCUSED' },
        ],
      },
      secretary,
    );
    expect((await t.client.ok(MEETING, { id: meeting.id }, secretary)).meeting.quorate).toBe(true);
    t.clock.set('2027-03-01T12:00:00Z');
    const cancelled = await t.client.ok(CANCEL, { id: meeting.id, reason: 'Перенос' }, secretary);
    expect(cancelled.cancelMeeting).toMatchObject({ status: 'CANCELLED', quorate: null });

    const seen = (await t.client.ok(MEETING, { id: meeting.id }, leaders.member.token)).meeting;
    expect(seen).toMatchObject({ status: 'CANCELLED', quorate: null, quorum: null });
    expect(seen.attendance).toEqual([{ member: { id: excused }, status: 'EXCUSED' }]);
    const [entry] = (await auditOf(meeting.id)).filter(
      (e: any) => e.action === 'meetings.meeting_cancelled',
    );
    expect(entry.summary).toEqual({
      from: 'PUBLISHED',
      attendanceWithdrawn: [...quorumOfFive()].sort(),
    });
  });
});
