import { MigrationInterface, QueryRunner } from 'typeorm';

// Every log-in attempt prunes failures older than a day. Without an index on their time alone that
// was a scan of the whole table, whose size an attacker spraying passwords decides.
export class LoginFailureAge1765300000000 implements MigrationInterface {
  name = 'LoginFailureAge1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_login_failure_occurred_at ON login_failure (occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_login_failure_occurred_at`);
  }
}
