import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'audit_entry' })
// auditLog's filters (migrations 1765700000000-AuditLogFilters, 1766700000000-AuditLogEntityType).
@Index('ix_audit_entry_entity_id', ['entityId', 'seq'], { where: 'entity_id IS NOT NULL' })
@Index('ix_audit_entry_entity_type', ['entityType', 'seq'], { where: 'entity_type IS NOT NULL' })
@Index('ix_audit_entry_actor_id', ['actorId', 'seq'], { where: 'actor_id IS NOT NULL' })
@Index('ix_audit_entry_action', ['action', 'seq'])
@Index('ix_audit_entry_occurred_at', ['occurredAt'])
export class AuditEntryEntity {
  // Gapless position in the chain, assigned under the append lock (not a sequence).
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_entry' })
  seq: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  entityType: string | null;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb' })
  summary: object;

  @Column({ type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
