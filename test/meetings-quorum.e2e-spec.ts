import {
  PUBLISH,
  RECORD_ATTENDANCE,
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
});
