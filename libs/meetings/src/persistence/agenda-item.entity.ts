import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { AgendaItemKind } from '../domain/agenda-rules';
import { MeetingEntity } from './meeting.entity';

@Entity({ name: 'agenda_item' })
// Also the index for "the agenda of these meetings, in order". Checked at the end of each statement,
// so a reorder can move every item in one UPDATE.
@Unique('uq_agenda_item_position', ['meetingId', 'position'], { deferrable: 'INITIALLY IMMEDIATE' })
@Check('ck_agenda_item_position', `position >= 1`)
@Check('ck_agenda_item_duration', `duration_minutes BETWEEN 1 AND 600`)
@Check('ck_agenda_item_election', `election_id IS NULL OR kind = 'ELECTION'`)
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agenda_item' })
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_agenda_item_meeting' })
  meeting?: MeetingEntity;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Index('ix_agenda_item_presenter_id')
  @Column({ type: 'uuid', nullable: true })
  presenterId: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'presenter_id', foreignKeyConstraintName: 'fk_agenda_item_presenter' })
  presenter?: MemberEntity;

  @Column({ type: 'integer' })
  durationMinutes: number;

  @Column({ type: 'enum', enum: AgendaItemKind, enumName: 'agenda_item_kind' })
  kind: AgendaItemKind;

  // The election an ELECTION item is about. Meetings and elections are peer libraries (neither
  // imports the other), so the relation names its target by entity name: the key is in the
  // schema, the code stays apart.
  @Index('ix_agenda_item_election_id')
  @Column({ type: 'uuid', nullable: true })
  electionId: string | null;

  @ManyToOne('ElectionEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_agenda_item_election' })
  election?: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
