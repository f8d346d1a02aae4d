import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from './concurrent-index';

// Every log-in attempt prunes failures older than a day. Without an index on their time alone that
// was a scan of the whole table, whose size an attacker spraying passwords decides. Built
// CONCURRENTLY (outside a transaction): every log-in writes to this table, and instances still
// running during a deploy must not wait for the build (buildIndexConcurrently).
export class LoginFailureAge1765300000000 implements MigrationInterface {
  name = 'LoginFailureAge1765300000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await buildIndexConcurrently(
      queryRunner,
      'ix_login_failure_occurred_at',
      'ON login_failure (occurred_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_login_failure_occurred_at`);
  }
}
