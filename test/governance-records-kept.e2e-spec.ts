import {
  ElectionDriver,
  APPROVE,
  NO_QUORUM_RULE,
  person,
  spareTermLabel,
} from './support/elections';
import {
  SAVE_MINUTES,
  addAgendaItem,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The schema is the last line of defence against a writer that skips the
// services (an operator's manual fix, a bug). The app never deletes an election, a roster or a
// meeting, so a cascade from them serves no write path: it only lets one stray DELETE remove the
// records of a vote, a roster's seats or a meeting's attendance without a trace outside the audit
// log. And a check meant to tie APPROVED minutes to their approved version let a NULL through.
// foreign_key_violation on PostgreSQL 15; restrict_violation on the embedded engine's newer one.
const REFUSED_BY_FOREIGN_KEY = { driverError: { code: expect.stringMatching(/^23(503|001)$/) } };

describe('governance records the database keeps (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2029-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  const count = async (sql: string, id: string): Promise<number> => {
    const [row] = await t.dataSource.query<Array<{ n: number }>>(sql, [id]);
    return row.n;
  };

  it('refuses to delete a certified election: its contests, results, approvals and electorate stay', async () => {
    const winner = await t.factory.signedIn();
    const termLabel = spareTermLabel();
    const election = await driver.talliedByPaper(
      { termLabel, contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    const [roster] = await t.dataSource.query(
      `SELECT election_id FROM roster WHERE term_label = $1`,
      [termLabel],
    );
    expect(roster).toEqual({ election_id: election.id });

    await expect(
      t.dataSource.query(`DELETE FROM election WHERE id = $1`, [election.id]),
    ).rejects.toMatchObject(REFUSED_BY_FOREIGN_KEY);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM election_approval WHERE election_id = $1`,
        election.id,
      ),
    ).toBe(2);
  });

  it('refuses to delete an election an agenda names: the item keeps its election', async () => {
    const election = await driver.create();
    const meeting = await scheduleMeeting(t, leaders.secretary.token);
    await addAgendaItem(t, leaders.secretary.token, meeting.id, {
      kind: 'ELECTION',
      electionId: election.id,
    });
    await expect(
      t.dataSource.query(`DELETE FROM election_contest WHERE election_id = $1`, [election.id]),
    ).resolves.toBeDefined();
    await expect(
      t.dataSource.query(`DELETE FROM election WHERE id = $1`, [election.id]),
    ).rejects.toMatchObject({
      driverError: { ...REFUSED_BY_FOREIGN_KEY.driverError, constraint: 'fk_agenda_item_election' },
    });
    expect(
      await count(`SELECT count(*)::int AS n FROM agenda_item WHERE election_id = $1`, election.id),
    ).toBe(1);
  });

  it('refuses to delete a roster while it holds seats', async () => {
    const holder = await t.factory.member();
    const termLabel = spareTermLabel();
    await t.factory.installRoster(termLabel, [{ position: 'CHAIR' as never, memberId: holder.id }]);

    await expect(
      t.dataSource.query(`DELETE FROM roster WHERE term_label = $1`, [termLabel]),
    ).rejects.toMatchObject(REFUSED_BY_FOREIGN_KEY);
    expect(
      await count(`SELECT count(*)::int AS n FROM seat WHERE term_label = $1`, termLabel),
    ).toBe(1);
  });

  it('refuses to delete a held meeting with its attendance and roll', async () => {
    const { meetingId } = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2029-02-10T11:00:00+03:00',
      present: [leaders.member.member.id],
    });

    await expect(
      t.dataSource.query(`DELETE FROM meeting WHERE id = $1`, [meetingId]),
    ).rejects.toMatchObject(REFUSED_BY_FOREIGN_KEY);
    expect(
      await count(`SELECT count(*)::int AS n FROM attendance WHERE meeting_id = $1`, meetingId),
    ).toBe(1);
  });

  it('refuses minutes marked APPROVED without an approved version', async () => {
    const { meetingId, itemIds } = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2029-02-12T11:00:00+03:00',
      items: 1,
      present: [leaders.member.member.id],
    });
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId,
          baseVersion: 0,
          items: [
            { agendaItemId: itemIds[0], discussion: 'Обсудили', decisions: [], actionItems: [] },
          ],
        },
      },
      leaders.secretary.token,
    );

    await expect(
      t.dataSource.query(`UPDATE minutes SET status = 'APPROVED' WHERE meeting_id = $1`, [
        meetingId,
      ]),
    ).rejects.toMatchObject({
      driverError: { code: '23514', constraint: 'ck_minutes_approved_status' },
    });
  });
});
