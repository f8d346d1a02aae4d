import { MeetingMembersAtStart1765000000000 } from '../migrations/1765000000000-MeetingMembersAtStart';
import { runMigrationStep } from './support/migration-steps';
import { heldMeeting } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Found by review: reverting a migration whose data cannot be rebuilt dropped it silently, and
// running the migration again left the held meetings on the older, looser attendance rule.
describe('reverting a migration that would lose what cannot be rebuilt (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  const recorded = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM meeting_member_at_start`))[0]
      .n as number;

  it('refuses to drop the members of held meetings', async () => {
    await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-02T11:00:00+03:00',
      present: [leaders.secretary.member.id, leaders.chair.member.id],
    });
    const before = await recorded();
    expect(before).toBeGreaterThan(0);
    await expect(
      runMigrationStep(t, new MeetingMembersAtStart1765000000000(), 'down'),
    ).rejects.toThrow(/cannot be rebuilt: not reverted/);
    expect(await recorded()).toBe(before);
  });
});
