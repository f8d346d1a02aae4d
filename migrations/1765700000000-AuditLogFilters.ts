import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from './concurrent-index';

// auditLog's filters (entityId, actorId, action, from/to): without an index each would walk the
// log backwards from its newest entry, through every entry of a log that only grows, to fill a
// page of a rare action or an old entity. Partial where the column may be null (entries of the
// system have no actor, some have no entity). Built CONCURRENTLY, as in ListIndexes: every
// mutation appends to the log while a deploy runs.
const INDEXES: Array<{ name: string; definition: string }> = [
  {
    name: 'ix_audit_entry_entity_id',
    definition: 'ON audit_entry (entity_id, seq) WHERE entity_id IS NOT NULL',
  },
  {
    name: 'ix_audit_entry_actor_id',
    definition: 'ON audit_entry (actor_id, seq) WHERE actor_id IS NOT NULL',
  },
  { name: 'ix_audit_entry_action', definition: 'ON audit_entry (action, seq)' },
  { name: 'ix_audit_entry_occurred_at', definition: 'ON audit_entry (occurred_at)' },
];

export class AuditLogFilters1765700000000 implements MigrationInterface {
  name = 'AuditLogFilters1765700000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { name, definition } of INDEXES) {
      await buildIndexConcurrently(queryRunner, name, definition);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { name } of [...INDEXES].reverse()) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${name}`);
    }
  }
}
