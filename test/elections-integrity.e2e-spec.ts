import {
  APPROVE,
  CANCEL,
  CLOSE,
  ElectionDriver,
  NO_QUORUM_RULE,
  REJECT,
  person,
} from './support/elections';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// What an election leaves behind when it ends: its audit entries, no ballots of a cancelled vote,
// and a refusal whenever the records disagree with each other.
describe('elections: records and their cross-checks (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;
  const actionsOf = async (entityId: string): Promise<string[]> =>
    (
      await t.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY seq`, [
        entityId,
      ])
    ).map((row: { action: string }) => row.action);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2028-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  // A chair contest with two candidates and one ballot for the first, closed when asked.
  async function decided(termLabel?: string, close = true) {
    const [a, b] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    const election = await driver.voting(
      { termLabel, contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    await driver.cast(election.id, b.token, [
      { contestId: election.contests[0].id, candidateIds: [a.member.id] },
    ]);
    if (close) await driver.close(election.id);
    return election;
  }

  it('audits a cancellation and a rejection', async () => {
    const candidate = await t.factory.signedIn();
    const cancelled = await driver.nominated({ contests: [{ position: 'CHAIR' }] }, [
      [person(candidate)],
    ]);
    await t.client.ok(CANCEL, { id: cancelled.id, reason: 'Перенос' }, leaders.secretary.token);
    expect(await actionsOf(cancelled.id)).toEqual([
      'elections.created',
      'elections.nominations_opened',
      'elections.nominated',
      'elections.nomination_answered',
      'elections.cancelled',
    ]);

    const rejected = await decided();
    await t.client.ok(
      REJECT,
      { id: rejected.id, reason: 'Нарушения' },
      leaders.coChairRegional.token,
    );
    expect(await actionsOf(rejected.id)).toEqual([
      'elections.created',
      'elections.nominations_opened',
      'elections.nominated',
      'elections.nomination_answered',
      'elections.nominated',
      'elections.nomination_answered',
      'elections.voting_opened',
      'elections.voting_closed',
      'elections.rejected',
    ]);
  });

  it('leaves no ballot or tracking code of a vote cancelled while open; who voted stays', async () => {
    const election = await decided(undefined, false);
    await t.client.ok(CANCEL, { id: election.id, reason: 'Сбой' }, leaders.secretary.token);
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM election_ballot WHERE election_id = $1) AS ballots,
              (SELECT count(*)::int FROM election_tracking_code WHERE election_id = $1) AS codes,
              (SELECT count(*)::int FROM election_participation WHERE election_id = $1) AS voters`,
      [election.id],
    );
    expect(counts).toEqual({ ballots: 0, codes: 0, voters: 1 });
  });

  it('installs the certified roster with its own audit entry on the term', async () => {
    const election = await decided('2028-H2');
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    expect(await actionsOf('2028-H2')).toEqual(['terms.roster_installed']);
  });

  it('refuses to certify when the approvals were given on different tallies', async () => {
    const election = await decided();
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.dataSource.query(
      `UPDATE election_approval SET tally_hash = $2 WHERE election_id = $1`,
      [election.id, 'f'.repeat(64)],
    );
    expect(
      await t.client.error(APPROVE, { id: election.id }, leaders.coChairFederal.token),
    ).toMatchObject({ code: 'CONFLICT', reason: 'TALLY_CHANGED' });
  });

  it('counts nothing when the box holds a ballot no voter cast', async () => {
    const election = await decided(undefined, false);
    const mark = [
      { contestId: election.contests[0].id, candidateIds: [], answer: null, abstain: true },
    ];
    await t.dataSource.query(
      `INSERT INTO election_ballot (election_id, choices) VALUES ($1, $2::jsonb)`,
      [election.id, JSON.stringify(mark)],
    );
    await t.dataSource.query(
      `INSERT INTO election_tracking_code (code_hash, election_id) VALUES ($1, $2)`,
      ['e'.repeat(64), election.id],
    );
    // Tampering, not a user's mistake: an internal error (logged on the server), nothing counted.
    const refused = await t.client.request(CLOSE, { id: election.id }, leaders.secretary.token);
    expect(refused.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(refused.errors?.[0].message).not.toMatch(/register|ballot/i);
    const [row] = await t.dataSource.query(`SELECT status FROM election WHERE id = $1`, [
      election.id,
    ]);
    expect(row.status).toBe('VOTING');
  });

  // Deleted rows stay readable in the table's pages until VACUUM, and a ballot was written by the
  // same statement (same xmin) as its voter's participation row. PostgreSQL only: pageinspect.
  const pgOnly = process.env.DATABASE_URL ? it : it.skip;
  pgOnly(
    'leaves nothing of a cancelled vote’s ballots on disk that could be joined to a voter',
    async () => {
      const election = await decided(undefined, false);
      const [voter] = await t.dataSource.query(
        `SELECT xmin::text AS xmin FROM election_participation WHERE election_id = $1`,
        [election.id],
      );
      await t.client.ok(CANCEL, { id: election.id, reason: 'Сбой' }, leaders.secretary.token);
      await t.dataSource.query('CREATE EXTENSION IF NOT EXISTS pageinspect');
      const [{ pages }] = await t.dataSource.query(
        `SELECT (pg_relation_size('election_ballot') / current_setting('block_size')::int)::int AS pages`,
      );
      const traces: unknown[] = [];
      for (let page = 0; page < pages; page += 1) {
        traces.push(
          ...(await t.dataSource.query(
            `SELECT lp FROM heap_page_items(get_raw_page('election_ballot', $1))
            WHERE t_xmin::text = $2`,
            [page, voter.xmin],
          )),
        );
      }
      expect(traces).toEqual([]);
    },
  );
});
