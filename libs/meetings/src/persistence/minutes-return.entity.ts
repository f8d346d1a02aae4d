import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { MinutesEntity } from './minutes.entity';
import { MinutesVersionEntity } from './minutes-version.entity';

@Entity({ name: 'minutes_return' })
// Append-only like the versions: every time submitted minutes were sent back, with the comment.
export class MinutesReturnEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_minutes_return' })
  id: string;

  @Index('ix_minutes_return_version')
  @Column({ type: 'uuid' })
  minutesVersionId: string;

  @ManyToOne(() => MinutesVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'minutes_version_id', foreignKeyConstraintName: 'fk_minutes_return_version' })
  minutesVersion?: MinutesVersionEntity;

  @Index('ix_minutes_return_minutes_id')
  @Column({ type: 'uuid' })
  minutesId: string;

  @ManyToOne(() => MinutesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'minutes_id', foreignKeyConstraintName: 'fk_minutes_return_minutes' })
  minutes?: MinutesEntity;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  comment: string;

  @Index('ix_minutes_return_returned_by')
  @Column({ type: 'uuid' })
  returnedBy: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'returned_by', foreignKeyConstraintName: 'fk_minutes_return_returned_by' })
  returner?: MemberEntity;

  @Column({ type: 'timestamptz' })
  returnedAt: Date;
}
