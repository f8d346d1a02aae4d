import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgendaChangeKind, FieldChange } from '../domain/agenda-rules';
import { MeetingEntity } from './meeting.entity';

@Entity({ name: 'agenda_change' })
// One entry per revision of a published agenda; also the index for "changes of these meetings".
@Unique('uq_agenda_change_revision', ['meetingId', 'revision'])
export class AgendaChangeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agenda_change' })
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_agenda_change_meeting' })
  meeting?: MeetingEntity;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'enum', enum: AgendaChangeKind, enumName: 'agenda_change_kind' })
  kind: AgendaChangeKind;

  // No foreign key: a removed item's changes stay listed.
  @Column({ type: 'uuid', nullable: true })
  agendaItemId: string | null;

  @Column({ type: 'text', nullable: true })
  itemTitle: string | null;

  @Column({ type: 'jsonb' })
  changes: FieldChange[];

  @Column({ type: 'uuid' })
  changedBy: string;

  @Column({ type: 'timestamptz' })
  changedAt: Date;
}
