import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  MEETING,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  UPDATE_ACTION_ITEM,
  heldMeeting,
} from './support/meetings-fixtures';

const HISTORY = `query($id: ID!) { meeting(id: $id) { minutes { history { version isApproved
  items { actionItems { id status assignee { id } } } } } } }`;

// A minutes version shows an action item's tracked status only while the item follows the
// assignment that version names: a pending amendment that hands a done item to someone else does
// not show the new assignee's task as DONE to the chair about to approve it (the approval makes it
// OPEN), and an earlier version in `history` does not show the first assignee's item with the
// progress of the second. (Found by the walk in test/action-items-walk.e2e-spec.ts.)
describe('the status a minutes version shows for an action item (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let anna: SignedIn;
  let boris: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    anna = await t.factory.signedIn({ fullName: 'Анна Исполнитель' });
    boris = await t.factory.signedIn({ fullName: 'Борис Исполнитель' });
  });
  afterAll(() => t.close());

  it('is the status of that assignment: none for an item the pending amendment gives anew', async () => {
    const secretary = leaders.secretary.token;
    const held = await heldMeeting(t, secretary, {
      startsAt: '2027-02-03T11:00:00+03:00',
      present: [leaders.secretary.member.id],
    });
    const minutes = (actionItems: unknown[]) => [
      { agendaItemId: held.itemIds[0], discussion: 'Обсудили', actionItems },
    ];
    const task = { title: 'Дорожная карта', dueOn: '2027-03-01' };
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 0,
          items: minutes([{ ...task, assigneeId: anna.member.id }]),
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    const approved = await t.client.ok(
      APPROVE_MINUTES,
      { id: held.meetingId },
      leaders.chair.token,
    );
    const id: string = approved.approveMinutes.items[0].actionItems[0].id;
    await t.client.ok(UPDATE_ACTION_ITEM, { id, status: 'DONE' }, anna.token);

    // The amendment hands it to Boris: the approval will give it to him anew, OPEN.
    await t.client.ok(
      AMEND_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 1,
          items: minutes([{ ...task, id, assigneeId: boris.member.id }]),
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    const pending = (await t.client.ok(MEETING, { id: held.meetingId }, leaders.chair.token))
      .meeting.minutes.items[0].actionItems[0];
    expect(pending.assignee.id).toBe(boris.member.id);
    // Boris has done nothing: Anna's DONE is not his.
    expect(pending.status).not.toBe('DONE');

    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);
    await t.client.ok(UPDATE_ACTION_ITEM, { id, status: 'IN_PROGRESS' }, boris.token);
    // Version 1, as members read it in history: Anna's item; Boris's progress is not hers.
    const history = (await t.client.ok(HISTORY, { id: held.meetingId }, leaders.member.token))
      .meeting.minutes.history;
    const first = history.find((version: any) => version.version === 1);
    expect(first.items[0].actionItems[0].assignee.id).toBe(anna.member.id);
    expect(first.items[0].actionItems[0].status).not.toBe('IN_PROGRESS');
  });
});
