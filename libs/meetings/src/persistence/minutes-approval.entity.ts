import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { MinutesEntity } from './minutes.entity';
import { MinutesVersionEntity } from './minutes-version.entity';

@Entity({ name: 'minutes_approval' })
// Append-only like the versions: an approval binds the approver to the exact hash they approved.
export class MinutesApprovalEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_minutes_approval' })
  minutesVersionId: string;

  @OneToOne(() => MinutesVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'minutes_version_id',
    foreignKeyConstraintName: 'fk_minutes_approval_version',
  })
  minutesVersion?: MinutesVersionEntity;

  @Index('ix_minutes_approval_minutes_id')
  @Column({ type: 'uuid' })
  minutesId: string;

  @ManyToOne(() => MinutesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'minutes_id', foreignKeyConstraintName: 'fk_minutes_approval_minutes' })
  minutes?: MinutesEntity;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Index('ix_minutes_approval_approved_by')
  @Column({ type: 'uuid' })
  approvedBy: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by', foreignKeyConstraintName: 'fk_minutes_approval_approved_by' })
  approver?: MemberEntity;

  @Column({ type: 'timestamptz' })
  approvedAt: Date;
}
