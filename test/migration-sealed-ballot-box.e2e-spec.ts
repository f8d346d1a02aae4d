import { SealedBallotBox1764500000000 } from '../migrations/1764500000000-SealedBallotBox';
import { BALLOT_BOX, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import type { Leadership } from './support/test-factory';
import { runMigrationStep } from './support/migration-steps';
import { TestApp, createTestApp } from './support/test-app';

// The migration that introduced the sealed box moves the boxes of elections closed before it, and
// its down migration puts them back as rows: both directions keep every ballot and code, and leave
// a vote still open alone.
describe('migration: the sealed ballot box (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  const inTransaction = (step: 'up' | 'down') =>
    runMigrationStep(t, new SealedBallotBox1764500000000(), step);
  const live = async (electionId: string) => ({
    ballots: (
      await t.dataSource.query(`SELECT choices FROM election_ballot WHERE election_id = $1`, [
        electionId,
      ])
    )
      .map((row: { choices: unknown }) => JSON.stringify(row.choices))
      .sort(),
    codes: (
      await t.dataSource.query(
        `SELECT code_hash FROM election_tracking_code WHERE election_id = $1`,
        [electionId],
      )
    )
      .map((row: { code_hash: string }) => row.code_hash)
      .sort(),
  });
  const sealed = async (electionId: string) => {
    const rows = await t.dataSource.query(
      `SELECT ballots, tracking_code_hashes FROM election_ballot_box WHERE election_id = $1`,
      [electionId],
    );
    return rows.map((row: { ballots: unknown[]; tracking_code_hashes: string[] }) => ({
      ballots: row.ballots.map((ballot) => JSON.stringify(ballot)).sort(),
      codes: row.tracking_code_hashes,
    }));
  };

  it('moves closed boxes both ways and leaves an open vote in place', async () => {
    const [a, b, c, ...voters] = await t.factory.signedInMany(7);
    const closed = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b), person(c)]],
    );
    const open = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    for (const [i, voter] of voters.entries()) {
      const pick = [a, b, c, a][i].member.id;
      await driver.cast(closed.id, voter.token, [
        { contestId: closed.contests[0].id, candidateIds: [pick] },
      ]);
    }
    await driver.cast(open.id, voters[0].token, [
      { contestId: open.contests[0].id, abstain: true },
    ]);
    await driver.close(closed.id);
    const [box] = await sealed(closed.id);
    expect(box.ballots).toHaveLength(4);
    expect(box.codes).toHaveLength(4);
    const openVote = await live(open.id);
    expect(openVote.ballots).toHaveLength(1);

    await inTransaction('down');
    expect(await live(closed.id)).toEqual({ ballots: box.ballots, codes: box.codes });
    expect(await live(open.id)).toEqual(openVote);
    const [table] = await t.dataSource.query(`SELECT to_regclass('election_ballot_box') AS t`);
    expect(table.t).toBeNull();

    await inTransaction('up');
    expect(await sealed(closed.id)).toEqual([box]);
    expect(await live(closed.id)).toEqual({ ballots: [], codes: [] });
    expect(await live(open.id)).toEqual(openVote);
    expect(await sealed(open.id)).toEqual([]);
    const published = (await t.client.ok(BALLOT_BOX, { id: closed.id }, voters[0].token)).ballotBox;
    expect(published.turnout).toBe(4);
    expect(published.trackingCodeHashes).toEqual(box.codes);
    const picks = published.ballots.map(
      (ballot: { choices: Array<{ candidateIds: string[] }> }) => ballot.choices[0].candidateIds[0],
    );
    expect(picks.sort()).toEqual([a, b, c, a].map((candidate) => candidate.member.id).sort());
  });
});
