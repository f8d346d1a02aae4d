import { BallotsService } from '@council/elections';
import { DemoMeetingsSeeder } from '../apps/api/src/seed/demo-meetings';
import { DemoSeeder } from '../apps/api/src/seed/demo-seeder';
import { TestApp, createTestApp } from './support/test-app';

// Found by review: SEED_DEMO loaded the demo accounts (whose password is published) into any
// database without the demo admin, a council's real one included, where the demo chair then took
// the one-time founding roster; and a first start interrupted while loading left a partial demo
// that every later start took for a complete one.
describe('demo data: into an empty database only, and all of it (e2e)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await t?.close();
    t = undefined;
  });

  it('loads nothing into a council that already has members', async () => {
    t = await createTestApp();
    await t.factory.member({ isAdmin: true, fullName: 'Настоящий Администратор' });
    const seeded = await t.app.get(DemoSeeder).seedOnce();
    expect(seeded).toEqual({
      created: false,
      logins: [],
      skipped: expect.stringContaining('already holds members'),
    });
    const [state] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM member WHERE email LIKE '%@council.example') AS demo,
              (SELECT count(*)::int FROM roster) AS rosters`,
    );
    expect(state).toEqual({ demo: 0, rosters: 0 });
  });

  it('refuses to go on from a first loading that was interrupted', async () => {
    t = await createTestApp();
    jest
      .spyOn(DemoMeetingsSeeder.prototype, 'seed')
      .mockRejectedValueOnce(new Error('interrupted while loading the demo meetings'));
    await expect(t.app.get(DemoSeeder).seedOnce()).rejects.toThrow('interrupted');
    await expect(t.app.get(DemoSeeder).seedOnce()).rejects.toThrow(/partly loaded.*DATA_DIR/);
  });

  // Found by review: the check for data loaded before the completion marker existed (its vote was
  // opened) also took a loading interrupted among the demo's ballots for a complete one.
  it('refuses a loading interrupted after the vote was opened', async () => {
    t = await createTestApp();
    const cast = BallotsService.prototype.castBallot;
    let ballots = 0;
    jest.spyOn(BallotsService.prototype, 'castBallot').mockImplementation(function (
      this: BallotsService,
      ...args
    ) {
      ballots += 1;
      if (ballots === 3) return Promise.reject(new Error('interrupted among the ballots'));
      return cast.apply(this, args);
    });
    await expect(t.app.get(DemoSeeder).seedOnce()).rejects.toThrow('interrupted');
    jest.restoreAllMocks();
    await expect(t.app.get(DemoSeeder).seedOnce()).rejects.toThrow(/partly loaded/);
  });
});
