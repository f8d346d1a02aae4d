import { MigrationInterface, QueryRunner } from 'typeorm';

// The address a session was started from. A member's e-mail that strangers have guessed at five
// times is still let in from an address the member has logged in from before (login-throttle.ts):
// otherwise five guesses would lock a named officer out during a vote.
export class SessionAddress1764800000000 implements MigrationInterface {
  name = 'SessionAddress1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth_session ADD COLUMN created_ip text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE auth_session DROP COLUMN created_ip`);
  }
}
