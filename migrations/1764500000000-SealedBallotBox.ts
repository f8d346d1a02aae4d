import { MigrationInterface, QueryRunner } from 'typeorm';

// The ballot box of a closed election, sealed as one row: every ballot's choices in a random order
// and every tracking-code hash in sorted order. During the vote ballots and codes stay one row each
// (election_ballot, election_tracking_code); the close moves them here and deletes them there, so
// no transaction id or physical position of the vote survives in a live row. One row instead of
// 20,000 rewritten ones: no per-row foreign-key check and index entries, which were most of the
// close's time.
export class SealedBallotBox1764500000000 implements MigrationInterface {
  name = 'SealedBallotBox1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE election_ballot_box (
        election_id uuid NOT NULL,
        ballots jsonb array NOT NULL,
        tracking_code_hashes text array NOT NULL,
        CONSTRAINT pk_election_ballot_box PRIMARY KEY (election_id),
        CONSTRAINT fk_election_ballot_box_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE,
        CONSTRAINT ck_election_ballot_box_sizes CHECK (cardinality(ballots) = cardinality(tracking_code_hashes))
      )`);
    // lz4 writes the box (some 6 MB for 10,000 ballots) faster than the default pglz: a fifth of
    // the sealing statement. PostgreSQL built without lz4 (the embedded engine) keeps pglz.
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE election_ballot_box ALTER COLUMN ballots SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$`);
    // Boxes of elections closed before this migration: their rows were already rewritten in a
    // random order of ids at the close, so ordering by id keeps that order.
    await queryRunner.query(`
      INSERT INTO election_ballot_box (election_id, ballots, tracking_code_hashes)
      SELECT e.id,
             (SELECT coalesce(array_agg(b.choices ORDER BY b.id), '{}')
                FROM election_ballot b WHERE b.election_id = e.id),
             (SELECT coalesce(array_agg(c.code_hash::text ORDER BY c.code_hash COLLATE "C"), '{}')
                FROM election_tracking_code c WHERE c.election_id = e.id)
        FROM election e
       WHERE e.voting_method = 'ELECTRONIC'`);
    await queryRunner.query(
      `DELETE FROM election_ballot b USING election_ballot_box x WHERE b.election_id = x.election_id`,
    );
    await queryRunner.query(
      `DELETE FROM election_tracking_code c USING election_ballot_box x WHERE c.election_id = x.election_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO election_ballot (id, election_id, choices)
      SELECT gen_random_uuid(), x.election_id, ballot.value
        FROM election_ballot_box x CROSS JOIN LATERAL unnest(x.ballots) AS ballot(value)`);
    await queryRunner.query(`
      INSERT INTO election_tracking_code (code_hash, election_id)
      SELECT code.hash, x.election_id
        FROM election_ballot_box x CROSS JOIN LATERAL unnest(x.tracking_code_hashes) AS code(hash)`);
    await queryRunner.query(`DROP TABLE election_ballot_box`);
  }
}
