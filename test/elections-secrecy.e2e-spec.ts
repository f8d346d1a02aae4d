import { createHash, createHmac } from 'node:crypto';
import {
  BALLOT_BOX,
  CAST,
  ElectionDriver,
  NO_QUORUM_RULE,
  RESULTS,
  person,
} from './support/elections';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

describe('elections: the secret ballot, as stored (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  it('stores ballots and tracking codes with no column that could identify the voter', async () => {
    const columns: Array<{
      table_name: string;
      column_name: string;
      data_type: string;
      column_default: string | null;
      is_identity: string;
    }> = await t.dataSource.query(
      `SELECT table_name, column_name, data_type, column_default, is_identity
         FROM information_schema.columns
        WHERE table_schema = 'public'
          AND table_name IN ('election_ballot', 'election_tracking_code', 'election_ballot_box',
                             'election_participation')
        ORDER BY table_name, ordinal_position`,
    );
    const of = (table: string) =>
      columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c.data_type]);
    expect(of('election_ballot')).toEqual([
      ['id', 'uuid'],
      ['election_id', 'uuid'],
      ['choices', 'jsonb'],
    ]);
    expect(of('election_tracking_code')).toEqual([
      ['code_hash', 'character'],
      ['election_id', 'uuid'],
    ]);
    // After the close: the sealed box, one row per election (and the key of the register's seal).
    expect(of('election_ballot_box')).toEqual([
      ['election_id', 'uuid'],
      ['ballots', 'ARRAY'],
      ['tracking_code_hashes', 'ARRAY'],
      ['participants_key', 'bytea'],
    ]);
    // The register of who voted: a member and an election, and not even a time.
    expect(of('election_participation')).toEqual([
      ['election_id', 'uuid'],
      ['member_id', 'uuid'],
    ]);
    for (const column of columns.filter((c) => c.table_name !== 'election_participation')) {
      expect(column.column_name).not.toMatch(
        /member|voter|user|actor|created|time|_at$|seq|serial/,
      );
      expect(column.data_type).not.toMatch(/timestamp|date|time|integer|bigint|smallint/);
      expect(column.is_identity).toBe('NO');
      // Random (v4) ids only, never a sequence or a time-ordered id.
      if (column.column_default !== null) expect(column.column_default).toBe('gen_random_uuid()');
    }
    // Nothing links a ballot or a code to a member or to the register: their only foreign key is
    // the election.
    const links: Array<{ table_name: string; foreign_table: string }> = await t.dataSource.query(
      `SELECT tc.table_name, ccu.table_name AS foreign_table
         FROM information_schema.table_constraints tc
         JOIN information_schema.constraint_column_usage ccu
           ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY'
          AND tc.table_name IN ('election_ballot', 'election_tracking_code', 'election_ballot_box')
        ORDER BY tc.table_name`,
    );
    expect(links).toEqual([
      { table_name: 'election_ballot', foreign_table: 'election' },
      { table_name: 'election_ballot_box', foreign_table: 'election' },
      { table_name: 'election_tracking_code', foreign_table: 'election' },
    ]);
    const sequences = await t.dataSource.query(
      `SELECT sequence_name FROM information_schema.sequences WHERE sequence_name LIKE 'election%'`,
    );
    expect(sequences).toEqual([]);
  });

  it('seals the box at the close so neither xmin nor the physical order follows the voters', async () => {
    const candidates = await t.factory.signedInMany(4);
    const voters: SignedIn[] = await t.factory.signedInMany(11);
    const election = await driver.voting(
      {
        contests: [{ position: 'CO_CHAIR', seats: 2, portfolio: 'Отношения с властями' }],
        ruleset: NO_QUORUM_RULE,
      },
      [candidates.map(person)],
    );
    const contest = election.contests[0].id;
    const ids = candidates.map((candidate) => candidate.member.id);
    // Eleven different ballots (4 singles, 6 pairs, an abstention), cast one
    // after another, so each ballot tells its place in the order of casting.
    const pairs = ids.flatMap((x, i) => ids.slice(i + 1).map((y) => [x, y]));
    const plan: Array<string[] | null> = [...ids.map((id) => [id]), ...pairs, null];
    const key = (choice: { candidateIds: string[]; abstain: boolean }) =>
      choice.abstain ? 'abstain' : [...choice.candidateIds].sort().join('+');
    const castOrder: string[] = [];
    const codeHashes: string[] = [];
    for (const [index, voter] of voters.slice(0, plan.length).entries()) {
      const pick = plan[index];
      const trackingCode = await driver.cast(election.id, voter.token, [
        pick ? { contestId: contest, candidateIds: pick } : { contestId: contest, abstain: true },
      ]);
      castOrder.push(pick ? [...pick].sort().join('+') : 'abstain');
      codeHashes.push(createHash('sha256').update(trackingCode).digest('hex'));
    }
    const live = async () => ({
      ballots: (
        await t.dataSource.query(
          `SELECT xmin::text AS xmin, choices FROM election_ballot WHERE election_id = $1 ORDER BY ctid`,
          [election.id],
        )
      ).map((row: any) => ({ xmin: row.xmin, key: key(row.choices[0]) })),
      codes: await t.dataSource.query(
        `SELECT code_hash FROM election_tracking_code WHERE election_id = $1`,
        [election.id],
      ),
    });
    const participation: string[] = (
      await t.dataSource.query(
        `SELECT xmin::text AS xmin FROM election_participation WHERE election_id = $1`,
        [election.id],
      )
    ).map((row: any) => row.xmin);

    // The threat is real: before the close the physical order is the order of casting, and each
    // ballot shares its transaction id with a participation row.
    const before = await live();
    expect(before.ballots.map((row: { key: string }) => row.key)).toEqual(castOrder);
    expect(before.ballots.every((row: { xmin: string }) => participation.includes(row.xmin))).toBe(
      true,
    );
    expect(before.codes).toHaveLength(castOrder.length);

    await driver.close(election.id);
    // Nothing of the vote is left in the tables ballots and codes were cast into.
    expect(await live()).toEqual({ ballots: [], codes: [] });
    // One row, written by the close: the ballots in an order unrelated to casting, the codes sorted.
    const sealed: Array<{ xmin: string; ballots: any[]; tracking_code_hashes: string[] }> =
      await t.dataSource.query(
        `SELECT xmin::text AS xmin, ballots, tracking_code_hashes
           FROM election_ballot_box WHERE election_id = $1`,
        [election.id],
      );
    expect(sealed).toHaveLength(1);
    const [box] = sealed;
    expect(participation).not.toContain(box.xmin);
    const sealedOrder = box.ballots.map((choices) => key(choices[0]));
    expect([...sealedOrder].sort()).toEqual([...castOrder].sort());
    expect(sealedOrder).not.toEqual(castOrder);
    // The codes lie in the order of their hashes: set by the random codes alone, not by the voters.
    expect(box.tracking_code_hashes).toEqual([...codeHashes].sort());

    // The published box is the same multiset, in a random order of its own.
    const published = (await t.client.ok(BALLOT_BOX, { id: election.id }, voters[0].token))
      .ballotBox;
    expect(published.ballots.map((ballot: any) => key(ballot.choices[0])).sort()).toEqual(
      [...castOrder].sort(),
    );
    expect(published.trackingCodeHashes).toEqual([...codeHashes].sort());
    expect(JSON.stringify(published)).not.toContain(voters[0].member.id);
  });

  it('seals who voted with a keyed digest: the audit log and the member list do not tell who voted', async () => {
    const candidate = await t.factory.signedIn();
    const voters = await t.factory.signedInMany(3);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(candidate)]],
    );
    for (const voter of voters) {
      await driver.cast(election.id, voter.token, [
        { contestId: election.contests[0].id, answer: 'YES' },
      ]);
    }
    await driver.close(election.id);
    // What an officer reads: the close's entry, and every member's id.
    const log = await t.client.ok(
      `{ auditLog(first: 5) { edges { node { action entityId summary } } } }`,
      {},
      leaders.coChairRegional.token,
    );
    const closed = log.auditLog.edges
      .map((edge: any) => edge.node)
      .find((node: any) => node.action === 'elections.voting_closed');
    expect(closed).toMatchObject({ entityId: election.id, summary: { turnout: 3 } });
    const ids = voters.map((voter) => voter.member.id).sort();
    const unkeyed = createHash('sha256').update(JSON.stringify(ids)).digest('hex');
    expect(closed.summary.participantsDigest).not.toBe(unkeyed);
    // It still seals the register: the key the database keeps with the box recomputes it.
    const [{ participants_key: participantsKey }] = await t.dataSource.query(
      `SELECT participants_key FROM election_ballot_box WHERE election_id = $1`,
      [election.id],
    );
    expect(participantsKey).toHaveLength(32);
    const keyed = createHmac('sha256', participantsKey).update(JSON.stringify(ids)).digest('hex');
    expect(closed.summary.participantsDigest).toBe(keyed);
    const published = await t.client.ok(BALLOT_BOX, { id: election.id }, voters[0].token);
    expect(JSON.stringify(published)).not.toContain(participantsKey.toString('hex'));
  });

  it('keeps results unreadable before the close for everyone, ADMIN included; turnout is public', async () => {
    const [a, b, voter] = await t.factory.signedInMany(3);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    await t.client.ok(
      CAST,
      {
        input: {
          electionId: election.id,
          choices: [{ contestId: election.contests[0].id, candidateIds: [a.member.id] }],
        },
      },
      voter.token,
    );
    const results = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM election_contest_result WHERE contest_id = $1`,
      [election.contests[0].id],
    );
    expect(results[0].n).toBe(0);
    for (const token of [
      leaders.admin.token,
      leaders.chair.token,
      leaders.coChairFederal.token,
      leaders.secretary.token,
      voter.token,
    ]) {
      // Null for everyone, with no error (found by review: an error failed a portal's whole page).
      const response = await t.client.request<any>(RESULTS, { id: election.id }, token);
      expect(response.errors).toBeUndefined();
      expect(response.data?.election.contests[0]).toMatchObject({
        results: null,
        validBallots: null,
        explanation: null,
      });
      const box = await t.client.error(BALLOT_BOX, { id: election.id }, token);
      expect(box).toMatchObject({ code: 'FORBIDDEN', reason: 'BALLOT_BOX_SEALED' });
      const turnout = await t.client.ok(
        `query($id: ID!) { election(id: $id) { turnout } }`,
        { id: election.id },
        token,
      );
      expect(turnout.election.turnout).toBe(1);
    }
  });
});
