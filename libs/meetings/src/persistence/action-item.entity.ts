import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { ActionItemStatus } from '../domain/action-item-rules';
import { AgendaItemEntity } from './agenda-item.entity';
import { MeetingEntity } from './meeting.entity';

@Entity({ name: 'action_item' })
// Tracked from the approved minutes (the id is the one in the minutes document). The sealed text
// stays in the minutes; this row follows the work (status).
@Index('ix_action_item_assignee_id', ['assigneeId', 'dueOn'])
// The follow-up list's order (migration 1765600000000-ListIndexes); the one for items not done
// INCLUDEs status, which TypeORM cannot declare: it is left to the migration.
@Index('ix_action_item_due', ['dueOn', 'id'], { where: 'withdrawn_in_version IS NULL' })
@Index('ix_action_item_open_due', { synchronize: false })
@Check(
  'ck_action_item_withdrawn',
  `withdrawn_in_version IS NULL OR withdrawn_in_version > since_version`,
)
export class ActionItemEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_action_item' })
  id: string;

  @Index('ix_action_item_meeting_id')
  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_action_item_meeting' })
  meeting?: MeetingEntity;

  @Index('ix_action_item_agenda_item_id')
  @Column({ type: 'uuid' })
  agendaItemId: string;

  @ManyToOne(() => AgendaItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agenda_item_id', foreignKeyConstraintName: 'fk_action_item_agenda_item' })
  agendaItem?: AgendaItemEntity;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'uuid' })
  assigneeId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_action_item_assignee' })
  assignee?: MemberEntity;

  // A calendar date in the council's time zone.
  @Column({ type: 'date' })
  dueOn: string;

  @Column({
    type: 'enum',
    enum: ActionItemStatus,
    enumName: 'action_item_status',
    default: ActionItemStatus.OPEN,
  })
  status: ActionItemStatus;

  // The approved version that introduced it, and the one that dropped it (if an amendment did).
  @Column({ type: 'integer' })
  sinceVersion: number;

  @Column({ type: 'integer', nullable: true })
  withdrawnInVersion: number | null;

  @Column({ type: 'uuid', nullable: true })
  statusChangedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
