import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from './concurrent-index';

// Every log-in removes a few sessions too old to matter (SessionService.pruneOldSessions), oldest
// first: without an index on their start that was a scan of every session ever started. Built
// CONCURRENTLY: log-ins write to this table while a deploy runs.
export class SessionAge1765400000000 implements MigrationInterface {
  name = 'SessionAge1765400000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await buildIndexConcurrently(
      queryRunner,
      'ix_auth_session_created_at',
      'ON auth_session (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ix_auth_session_created_at`);
  }
}
