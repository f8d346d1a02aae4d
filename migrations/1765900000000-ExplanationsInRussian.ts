import { MigrationInterface, QueryRunner } from 'typeorm';

// The tally's plain-language explanations in Russian too, next to the English ones: the election's
// (turnout and quorum), each contest's and each candidate's result. Nullable: elections tallied
// before keep no Russian text and answer in English. Adding a nullable column without a default
// only changes the catalogue (no table rewrite); the tally hash covers no explanation.
const TABLES = ['election', 'election_contest', 'election_contest_result'] as const;

export class ExplanationsInRussian1765900000000 implements MigrationInterface {
  name = 'ExplanationsInRussian1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN explanation_ru text`);
    }
  }

  // Refused once a tally wrote Russian text: it is written only then, so up again could not
  // rebuild it, and those elections would answer in English.
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ written }] = (await queryRunner.query(
      `SELECT ${TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table} WHERE explanation_ru IS NOT NULL)`).join(' OR ')} AS written`,
    )) as Array<{ written: boolean }>;
    if (written) {
      throw new Error(
        'ExplanationsInRussian cannot be reverted: elections were tallied under it, and their explanations in Russian would be lost (restore a backup taken before it instead)',
      );
    }
    for (const table of [...TABLES].reverse()) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN explanation_ru`);
    }
  }
}
