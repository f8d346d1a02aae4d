import { MigrationInterface, QueryRunner } from 'typeorm';

// By-elections: a term whose roster was installed with seats vacant may hold an election for them
// (marked as such: its certification fills those seats), so a certified election no longer counts
// as the term's one election under way. (The election table holds a few rows a year: changing it
// and rebuilding its index inside the transaction is brief.)
export class ByElections1765500000000 implements MigrationInterface {
  name = 'ByElections1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE election ADD COLUMN by_election boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`DROP INDEX uq_election_live_per_term`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_election_live_per_term ON election (term_label)
        WHERE parent_election_id IS NULL AND status NOT IN ('CANCELLED', 'REJECTED', 'CERTIFIED')`,
    );
  }

  // Refused once a term has held a by-election, under way or certified: the earlier code could not
  // certify one (the term's roster exists), nor allow a second certified election for a term.
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ held }] = (await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM election
                       WHERE by_election AND status NOT IN ('CANCELLED', 'REJECTED')) AS held`,
    )) as Array<{ held: boolean }>;
    if (held) {
      throw new Error(
        'ByElections cannot be reverted: a term has held a by-election (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(`DROP INDEX uq_election_live_per_term`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_election_live_per_term ON election (term_label)
        WHERE parent_election_id IS NULL AND status NOT IN ('CANCELLED', 'REJECTED')`,
    );
    await queryRunner.query(`ALTER TABLE election DROP COLUMN by_election`);
  }
}
