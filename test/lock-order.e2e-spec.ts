import { Client } from 'pg';
import {
  CHAIR_ONLY,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_VOTING,
  person,
} from './support/elections';
import { inLineAtTheAuditLog, untilLockWaiters } from './support/lock-waits';
import { PUBLISH, addAgendaItem, scheduleMeeting } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

const MARK_HELD = `mutation($id: ID!) { markMeetingHeld(id: $id) { id status } }`;

// Lock order: the scans over every active member (holding a meeting, opening a vote) against a
// suspension, and what a client is told when PostgreSQL does abort a deadlock. Every
// interleaving below is forced on PostgreSQL with a side connection (test/support/lock-waits.ts).
describe('lock order and deadlocks (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  const publishedMeeting = async (startsAt: string) => {
    const secretary = leaders.secretary.token;
    const meeting = await scheduleMeeting(t, secretary, { startsAt });
    await addAgendaItem(t, secretary, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, secretary);
    t.clock.set(new Date(new Date(startsAt).getTime() + 60 * 60 * 1000));
    return meeting.id;
  };
  const activeCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM member WHERE status = 'ACTIVE'`))[0]
      .n as number;

  // A suspension holds the member's row FOR UPDATE and waits for the audit log's lock; the meeting
  // is held meanwhile (its row locked, then FOR SHARE over every active member, reaching the
  // suspended one). No cycle: holding a meeting takes no audit entry before its member scan.
  onPostgres(
    'holds a meeting while a suspension waits at the audit lock, both succeed',
    async () => {
      const leaving = await t.factory.signedIn();
      const meetingId = await publishedMeeting('2027-02-10T11:00:00+03:00');
      const before = await activeCount();
      const [suspended, held] = await inLineAtTheAuditLog(
        t.database.url,
        () => t.client.request<any>(SUSPEND, { id: leaving.member.id }, leaders.admin.token),
        () => t.client.request<any>(MARK_HELD, { id: meetingId }, leaders.secretary.token),
      );
      expect({ suspended: suspended.errors, held: held.errors }).toEqual({
        suspended: undefined,
        held: undefined,
      });
      const [{ n }] = await t.dataSource.query(
        `SELECT active_members_at_start AS n FROM meeting WHERE id = $1`,
        [meetingId],
      );
      expect(n).toBe(before - 1);
    },
  );

  // The same against opening a vote (candidates FOR SHARE, then every active member FOR SHARE).
  onPostgres('opens a vote while a suspension waits at the audit lock, both succeed', async () => {
    t.clock.set('2027-02-12T09:00:00Z');
    const leaving = await t.factory.signedIn();
    const candidate = await t.factory.signedIn();
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(candidate)],
    ]);
    const before = await activeCount();
    const [suspended, opened] = await inLineAtTheAuditLog(
      t.database.url,
      () => t.client.request<any>(SUSPEND, { id: leaving.member.id }, leaders.admin.token),
      () => t.client.request<any>(OPEN_VOTING, { id: election.id }, leaders.secretary.token),
    );
    expect({ suspended: suspended.errors, opened: opened.errors }).toEqual({
      suspended: undefined,
      opened: undefined,
    });
    expect(opened.data.openVoting.electorateSize).toBe(before - 1);
  });

  // When PostgreSQL does abort a request for a deadlock (here closed on purpose by a side
  // connection that holds a member row and then asks for the meeting's row), the client is told
  // to retry: DATABASE_CONFLICT, retryable, nothing changed; the same request then passes.
  onPostgres('answers a deadlock with a retryable DATABASE_CONFLICT', async () => {
    t.clock.set('2027-02-13T09:00:00Z');
    const meetingId = await publishedMeeting('2027-02-20T11:00:00+03:00');
    const side = new Client({ connectionString: t.database.url });
    await side.connect();
    try {
      // The side never detects the cycle first: the request does, and is the one aborted.
      await side.query(`SET deadlock_timeout = '30s'`);
      await side.query('BEGIN');
      await side.query(`SELECT id FROM member WHERE id = $1 FOR UPDATE`, [leaders.chair.member.id]);
      const held = t.client.request<any>(MARK_HELD, { id: meetingId }, leaders.secretary.token);
      await untilLockWaiters(side, 1);
      const sideLock = side.query(`SELECT id FROM meeting WHERE id = $1 FOR UPDATE`, [meetingId]);
      const answer = await held;
      await sideLock;
      await side.query('ROLLBACK');
      expect(answer.errors?.[0].extensions).toMatchObject({
        code: 'INTERNAL_SERVER_ERROR',
        reason: 'DATABASE_CONFLICT',
        retryable: true,
      });
    } finally {
      await side.end();
    }
    const again = await t.client.request<any>(
      MARK_HELD,
      { id: meetingId },
      leaders.secretary.token,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data.markMeetingHeld.status).toBe('HELD');
  });
});
