import { MigrationInterface, QueryRunner } from 'typeorm';

// A log-in attempt is counted before its password is checked: pending until it proves wrong (then a
// failure) or right (then removed). Pending attempts count against an address separately, so a
// room of members logging in at once is not taken for a password spray.
export class LoginAttemptPending1764600000000 implements MigrationInterface {
  name = 'LoginAttemptPending1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE login_failure ADD COLUMN pending boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE login_failure DROP COLUMN pending`);
  }
}
