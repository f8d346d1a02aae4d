import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from './concurrent-index';

// auditLog(entityType): the one filter AuditLogFilters left without an index. Its count read the
// whole log on every page, and a page of a rare type (organisations, terms) walked the log back
// from its newest entry to its oldest. Partial, as entity_id's: entries of sessions have no type.
const NAME = 'ix_audit_entry_entity_type';

export class AuditLogEntityType1766700000000 implements MigrationInterface {
  name = 'AuditLogEntityType1766700000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    await buildIndexConcurrently(
      queryRunner,
      NAME,
      'ON audit_entry (entity_type, seq) WHERE entity_type IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS ${NAME}`);
  }
}
