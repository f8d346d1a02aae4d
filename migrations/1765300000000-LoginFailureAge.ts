import { MigrationInterface, QueryRunner } from 'typeorm';

// Every log-in attempt prunes failures older than a day. Without an index on their time alone that
// was a scan of the whole table, whose size an attacker spraying passwords decides. Built
// CONCURRENTLY (outside a transaction): every log-in writes to this table, and instances still
// running during a deploy must not wait for the build. A build interrupted earlier leaves an
// invalid index behind, which is dropped and built again.
export class LoginFailureAge1765300000000 implements MigrationInterface {
  name = 'LoginFailureAge1765300000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const [index] = (await queryRunner.query(
      `SELECT i.indisvalid AS valid FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = 'ix_login_failure_occurred_at'`,
    )) as Array<{ valid: boolean }>;
    if (index && !index.valid) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY ix_login_failure_occurred_at`);
    }
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_login_failure_occurred_at
         ON login_failure (occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_login_failure_occurred_at`);
  }
}
