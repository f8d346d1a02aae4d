import { MigrationInterface, QueryRunner } from 'typeorm';

// Every log-in removes a few sessions too old to matter (SessionService.pruneOldSessions), oldest
// first: without an index on their start that was a scan of every session ever started. Built
// CONCURRENTLY for the reason given in LoginFailureAge: log-ins write to this table while a deploy
// runs, and an invalid index left by an interrupted build is dropped and built again.
export class SessionAge1765400000000 implements MigrationInterface {
  name = 'SessionAge1765400000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    const [index] = (await queryRunner.query(
      `SELECT i.indisvalid AS valid FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = 'ix_auth_session_created_at'`,
    )) as Array<{ valid: boolean }>;
    if (index && !index.valid) {
      await queryRunner.query(`DROP INDEX CONCURRENTLY ix_auth_session_created_at`);
    }
    await queryRunner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_auth_session_created_at
         ON auth_session (created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_auth_session_created_at`);
  }
}
