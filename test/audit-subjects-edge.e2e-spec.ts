import { AuditAction, AuditService } from '@council/audit';
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
  scheduleMeeting,
} from './support/meetings-fixtures';

const LOG = `query($entityType: String, $entityId: String) {
  auditLog(first: 100, entityType: $entityType, entityId: $entityId) {
    edges { node { action entityId subject {
      __typename
      ... on Meeting { id title }
      ... on ActionItem { id title status isOverdue }
    } } } } }`;

// Found by review: what AuditEntry.subject gives for an action item an amendment withdrew, and for an
// entity id the log holds in capitals.
describe('audit subjects: withdrawn action items and ids in capitals (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let admin: SignedIn;
  let meetingId: string;
  let draftId: string;
  let dropped: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    admin = await t.factory.signedIn({ isAdmin: true });
    draftId = (await scheduleMeeting(t, leaders.secretary.token, { title: 'Черновик' })).id;
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-03T11:00:00+03:00',
      present: [leaders.secretary.member.id, leaders.chair.member.id],
    });
    meetingId = held.meetingId;
    const item = (title: string, id?: string) => ({
      ...(id ? { id } : {}),
      title,
      assigneeId: leaders.member.member.id,
      dueOn: '2027-02-10',
    });
    const minutes = (version: number, actionItems: object[]) => ({
      input: {
        meetingId,
        baseVersion: version,
        items: [
          {
            agendaItemId: held.itemIds[0],
            discussion: 'Обсудили',
            decisions: [decision(2)],
            actionItems,
          },
        ],
      },
    });
    const token = leaders.secretary.token;
    await t.client.ok(SAVE_MINUTES, minutes(0, [item('Оставить'), item('Снять')]), token);
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, token);
    const approved = (await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token))
      .approveMinutes;
    const [kept, gone] = approved.items[0].actionItems.map((a: { id: string }) => a.id);
    dropped = gone;
    await t.client.ok(
      UPDATE_ACTION_ITEM,
      { id: dropped, status: 'IN_PROGRESS' },
      leaders.member.token,
    );
    await t.client.ok(AMEND_MINUTES, minutes(1, [item('Оставить', kept)]), token);
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, token);
    await t.client.ok(APPROVE_MINUTES, { id: meetingId }, leaders.chair.token);
    t.clock.set('2027-03-01T09:00:00Z');
    // Entries an older version may have written with the id in capitals.
    for (const id of [meetingId, draftId]) {
      await t.dataSource.transaction((manager) =>
        t.app.get(AuditService).record(manager, {
          actorId: null,
          action: 'test.entry' as AuditAction,
          entityType: 'meeting',
          entityId: id.toUpperCase(),
        }),
      );
    }
  });
  afterAll(() => t.close());

  it('gives no subject for an action item an approved amendment withdrew', async () => {
    // As everywhere else: it is no longer followed up.
    const list = await t.client.ok(
      `{ actionItems(first: 100) { edges { node { id } } } }`,
      {},
      leaders.chair.token,
    );
    expect(list.actionItems.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(
      dropped,
    );
    const entries = (
      await t.client.ok(LOG, { entityType: 'action_item', entityId: dropped }, leaders.chair.token)
    ).auditLog.edges;
    expect(entries.map((e: { node: { subject: unknown } }) => e.node.subject)).toEqual([null]);
  });

  it('names a meeting whose id the log holds in capitals, still hiding a draft', async () => {
    const subjectOf = async (id: string, token: string) =>
      (await t.client.ok(LOG, { entityType: 'meeting', entityId: id.toUpperCase() }, token))
        .auditLog.edges[0].node.subject;
    expect(await subjectOf(meetingId, leaders.chair.token)).toMatchObject({
      __typename: 'Meeting',
      id: meetingId,
    });
    expect(await subjectOf(draftId, leaders.chair.token)).toMatchObject({ id: draftId });
    expect(await subjectOf(draftId, admin.token)).toBeNull();
  });
});
