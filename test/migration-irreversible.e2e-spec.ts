import { AuditService } from '@council/audit';
import { ApproverForSuspended1764900000000 } from '../migrations/1764900000000-ApproverForSuspended';
import { MeetingMembersAtStart1765000000000 } from '../migrations/1765000000000-MeetingMembersAtStart';
import { ParticipantsSealKey1765200000000 } from '../migrations/1765200000000-ParticipantsSealKey';
import { ExplanationsInRussian1765900000000 } from '../migrations/1765900000000-ExplanationsInRussian';
import { AgendaItemElection1766400000000 } from '../migrations/1766400000000-AgendaItemElection';
import { MinutesReturns1766600000000 } from '../migrations/1766600000000-MinutesReturns';
import { CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import {
  RETURN_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  addAgendaItem,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { runMigrationStep } from './support/migration-steps';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Down migrations that would drop or blur what their up migration cannot rebuild, after which the
// app went wrong (a held meeting took presence of members who joined later; the registers sealed
// in the audit log could no longer be checked; tallies answered in English; approvals for a
// suspended co-chair read as for a recused one). They are refused once such data exists, and
// change nothing; on a database without it they still run.
describe('down migrations that would lose data (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  const count = async (sql: string) => (await t.dataSource.query(sql))[0].n as number;

  // An electronic vote, cast and closed: its ballot box sealed and its tally written.
  async function tallyAnElection(): Promise<void> {
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const candidate = await t.factory.signedIn();
    const election = await driver.voting({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(candidate)],
    ]);
    await driver.cast(election.id, candidate.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);
    await driver.close(election.id);
  }

  // On a database of its own (one app at a time in a test process): the tests below hold
  // meetings and seal ballot boxes, after which these downs are refused, whatever order the
  // tests run in.
  describe('on a database with nothing to lose', () => {
    let fresh: TestApp;
    beforeAll(async () => {
      fresh = await createTestApp();
    });
    afterAll(() => fresh.close());

    it('reverts them while nothing depends on them, and applies them again', async () => {
      for (const migration of [
        new MinutesReturns1766600000000(),
        new AgendaItemElection1766400000000(),
        new ParticipantsSealKey1765200000000(),
        new MeetingMembersAtStart1765000000000(),
      ]) {
        await runMigrationStep(fresh, migration, 'down');
        await runMigrationStep(fresh, migration, 'up');
      }
    });
  });

  describe('once data depends on them', () => {
    beforeAll(async () => {
      t = await createTestApp();
      leaders = await t.factory.leadership();
    });
    afterAll(() => t.close());

    it('refuses to forget who counted at a held meeting', async () => {
      await heldMeeting(t, leaders.secretary.token, {
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        present: [leaders.member.member.id],
      });
      const rows = `SELECT count(*)::int AS n FROM meeting_member_at_start`;
      const before = await count(rows);
      expect(before).toBeGreaterThan(0);
      await expect(
        runMigrationStep(t, new MeetingMembersAtStart1765000000000(), 'down'),
      ).rejects.toThrow(/^MeetingMembersAtStart cannot be reverted/);
      expect(await count(rows)).toBe(before);
    });

    it('refuses to drop the keys of sealed registers', async () => {
      const keyed = `SELECT count(*)::int AS n FROM election_ballot_box WHERE participants_key IS NOT NULL`;
      const before = await count(keyed);
      await tallyAnElection();
      expect(await count(keyed)).toBe(before + 1);
      await expect(
        runMigrationStep(t, new ParticipantsSealKey1765200000000(), 'down'),
      ).rejects.toThrow(/^ParticipantsSealKey cannot be reverted/);
      expect(await count(keyed)).toBe(before + 1);
    });

    // Found by upgrading a filled database and reverting it: the Russian explanations are written
    // only at the tally, so a down and up again left every election tallied since answering
    // explanation(language: RU) in English, silently.
    it('refuses to drop the Russian explanations of a tally', async () => {
      await tallyAnElection();
      const russian = `SELECT count(*)::int AS n FROM election WHERE explanation_ru IS NOT NULL`;
      const before = await count(russian);
      expect(before).toBeGreaterThan(0);
      await expect(
        runMigrationStep(t, new ExplanationsInRussian1765900000000(), 'down'),
      ).rejects.toThrow(/^ExplanationsInRussian cannot be reverted/);
      expect(await count(russian)).toBe(before);
    });

    // The up carries each minutes' latest return over, to the version then submitted; a down is
    // refused once minutes were returned twice (minutes keeps only the latest).
    it('carries the latest return over, and refuses to forget earlier ones', async () => {
      const { meetingId, itemIds } = await heldMeeting(t, leaders.secretary.token, {
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        present: [leaders.member.member.id],
      });
      const secretary = leaders.secretary.token;
      const saveAndSubmit = async (baseVersion: number, discussion: string) => {
        await t.client.ok(
          SAVE_MINUTES,
          { input: { meetingId, baseVersion, items: [{ agendaItemId: itemIds[0], discussion }] } },
          secretary,
        );
        await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, secretary);
      };
      const returns = `SELECT r.version, r.comment FROM minutes_return r
        JOIN minutes m ON m.id = r.minutes_id WHERE m.meeting_id = '${meetingId}' ORDER BY r.version`;
      await saveAndSubmit(0, 'Первая редакция');
      // The return and the next save at one instant (a coarse clock, or instants a little apart):
      // the audit entry, not the time, tells which version was returned.
      t.clock.set(new Date(Date.now() - 60_000).toISOString());
      await t.client.ok(
        RETURN_MINUTES,
        { id: meetingId, comment: 'Уточнить' },
        leaders.chair.token,
      );
      await saveAndSubmit(1, 'Вторая редакция');
      await runMigrationStep(t, new MinutesReturns1766600000000(), 'down');
      await runMigrationStep(t, new MinutesReturns1766600000000(), 'up');
      expect(await t.dataSource.query(returns)).toEqual([{ version: 1, comment: 'Уточнить' }]);

      await t.client.ok(RETURN_MINUTES, { id: meetingId, comment: 'Ещё раз' }, leaders.chair.token);
      await expect(runMigrationStep(t, new MinutesReturns1766600000000(), 'down')).rejects.toThrow(
        /^MinutesReturns cannot be reverted/,
      );
      expect(await t.dataSource.query(returns)).toEqual([
        { version: 1, comment: 'Уточнить' },
        { version: 2, comment: 'Ещё раз' },
      ]);
    });

    it('refuses to forget which election an agenda item is about', async () => {
      const election = await new ElectionDriver(t, leaders.secretary.token).create();
      const meeting = await scheduleMeeting(t, leaders.secretary.token);
      await addAgendaItem(t, leaders.secretary.token, meeting.id, {
        kind: 'ELECTION',
        electionId: election.id,
      });
      const linked = `SELECT count(*)::int AS n FROM agenda_item WHERE election_id IS NOT NULL`;
      expect(await count(linked)).toBe(1);
      await expect(
        runMigrationStep(t, new AgendaItemElection1766400000000(), 'down'),
      ).rejects.toThrow(/^AgendaItemElection cannot be reverted/);
      expect(await count(linked)).toBe(1);
    });

    // Its down made an approval given in the place of a suspended co-chair read as one for a recused
    // co-chair, which up again could not tell apart.
    it('refuses to forget that an approval stood in for a suspended co-chair', async () => {
      await tallyAnElection();
      const [tallied] = await t.dataSource.query(
        `SELECT id, tally_hash FROM election WHERE status = 'TALLIED' LIMIT 1`,
      );
      await runMigrationStep(t, new ApproverForSuspended1764900000000(), 'down');
      await runMigrationStep(t, new ApproverForSuspended1764900000000(), 'up');
      await t.dataSource.query(
        `INSERT INTO election_approval (election_id, approver_id, decision, capacity, on_behalf_of,
                                      tally_hash, decided_at)
       VALUES ($1, $2, 'APPROVE', 'CHAIR_FOR_SUSPENDED', $3, $4, now())`,
        [
          tallied.id,
          leaders.chair.member.id,
          leaders.coChairRegional.member.id,
          tallied.tally_hash,
        ],
      );
      const forSuspended = `SELECT count(*)::int AS n FROM election_approval
                           WHERE capacity = 'CHAIR_FOR_SUSPENDED'`;
      await expect(
        runMigrationStep(t, new ApproverForSuspended1764900000000(), 'down'),
      ).rejects.toThrow(/^ApproverForSuspended cannot be reverted/);
      expect(await count(forSuspended)).toBe(1);
    });
  });
});

// The backfill takes the returned version from the latest `minutes_returned` audit entry; one
// naming no version of those minutes must not lose the return (the time still tells it).
describe('the minutes_return backfill, its audit entry naming no saved version (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  // Review (second): the audit log is append-only, so an entry whose version is not a whole number
  // could never be put right; the cast made the migration fail for good on it.
  it.each([
    ['a version these minutes never had', 7],
    ['a version that is not a whole number', '1.0'],
  ])('still carries the return over, to the version saved before it: %s', async (_, version) => {
    const { meetingId, itemIds } = await heldMeeting(t, leaders.secretary.token, {
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      present: [leaders.member.member.id],
    });
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId,
          baseVersion: 0,
          items: [{ agendaItemId: itemIds[0], discussion: 'Текст' }],
        },
      },
      leaders.secretary.token,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meetingId }, leaders.secretary.token);
    await t.client.ok(RETURN_MINUTES, { id: meetingId, comment: 'Уточнить' }, leaders.chair.token);
    const [{ id: minutesId }] = await t.dataSource.query(
      `SELECT id FROM minutes WHERE meeting_id = $1`,
      [meetingId],
    );
    await t.dataSource.transaction((manager) =>
      t.app.get(AuditService).record(manager, {
        actorId: leaders.chair.member.id,
        action: 'meetings.minutes_returned',
        entityType: 'meeting',
        entityId: meetingId,
        summary: { minutesId, version },
      }),
    );
    await runMigrationStep(t, new MinutesReturns1766600000000(), 'down');
    await runMigrationStep(t, new MinutesReturns1766600000000(), 'up');
    expect(
      await t.dataSource.query(
        `SELECT version, comment FROM minutes_return WHERE minutes_id = $1`,
        [minutesId],
      ),
    ).toEqual([{ version: 1, comment: 'Уточнить' }]);
  });
});
