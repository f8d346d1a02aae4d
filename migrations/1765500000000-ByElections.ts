import { MigrationInterface, QueryRunner } from 'typeorm';

// By-elections: a term whose certified election left seats vacant may hold another election for
// them, so a certified election no longer counts as the term's one election under way. (The
// election table holds a few rows a year: rebuilding the index inside the transaction is brief.)
export class ByElections1765500000000 implements MigrationInterface {
  name = 'ByElections1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX uq_election_live_per_term`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_election_live_per_term ON election (term_label)
        WHERE parent_election_id IS NULL AND status NOT IN ('CANCELLED', 'REJECTED', 'CERTIFIED')`,
    );
  }

  // Refused once a term has held a by-election, under way or certified: the earlier code could not
  // certify one (the term's roster exists) nor allow a second certified election for a term. A
  // by-election is an election for a term whose roster another election, or the founding
  // appointment, installed (before this migration no election could meet an installed roster).
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ held }] = (await queryRunner.query(
      `SELECT EXISTS (
         SELECT 1 FROM election e JOIN roster r ON r.term_label = e.term_label
          WHERE e.parent_election_id IS NULL AND e.status NOT IN ('CANCELLED', 'REJECTED')
            AND r.election_id IS DISTINCT FROM e.id) AS held`,
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
  }
}
