import { MigrationInterface, QueryRunner } from 'typeorm';

// The close seals the register of who voted with a digest in its audit entry. Unkeyed, anyone who
// reads the audit log and the member list could hash groups of members of the turnout's size until
// one matched, and learn who voted. The digest is now keyed by a random key per election, kept with
// the sealed box (never returned by the API). Boxes sealed before keep no key: their entries hold the
// unkeyed digest they were written with.
export class ParticipantsSealKey1765200000000 implements MigrationInterface {
  name = 'ParticipantsSealKey1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE election_ballot_box ADD COLUMN participants_key bytea`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE election_ballot_box DROP COLUMN participants_key`);
  }
}
