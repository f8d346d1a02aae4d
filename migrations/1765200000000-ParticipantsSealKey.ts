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

  // Refused once a box was sealed with a key (found by review): dropping the keys would leave the
  // digests in those closes' audit entries impossible to check ever again.
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ keyed }] = (await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM election_ballot_box WHERE participants_key IS NOT NULL) AS keyed`,
    )) as Array<{ keyed: boolean }>;
    if (keyed) {
      throw new Error(
        'ParticipantsSealKey cannot be reverted: ballot boxes were sealed with keys, and the registers sealed in their audit entries could no longer be checked (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(`ALTER TABLE election_ballot_box DROP COLUMN participants_key`);
  }
}
