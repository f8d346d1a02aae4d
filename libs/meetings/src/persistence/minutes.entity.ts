import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { MinutesStatus } from '../domain/minutes-lifecycle';
import { MeetingEntity } from './meeting.entity';

@Entity({ name: 'minutes' })
// One set of minutes per meeting; also the index for "minutes of these meetings".
@Unique('uq_minutes_meeting', ['meetingId'])
@Check('ck_minutes_current_version', `current_version >= 1`)
@Check(
  'ck_minutes_approved_version',
  `approved_version IS NULL OR (approved_version >= 1 AND approved_version <= current_version)`,
)
// A CHECK passes on NULL: APPROVED minutes must name their approved version.
@Check(
  'ck_minutes_approved_status',
  `status <> 'APPROVED' OR (approved_version IS NOT NULL AND approved_version = current_version)`,
)
export class MinutesEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_minutes' })
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_minutes_meeting' })
  meeting?: MeetingEntity;

  @Column({
    type: 'enum',
    enum: MinutesStatus,
    enumName: 'minutes_status',
    default: MinutesStatus.DRAFT,
  })
  status: MinutesStatus;

  // The latest version; a save names it as its base (optimistic concurrency).
  @Column({ type: 'integer' })
  currentVersion: number;

  // The latest approved version: what members read, also while an amendment is pending.
  @Column({ type: 'integer', nullable: true })
  approvedVersion: number | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  returnComment: string | null;

  @Column({ type: 'uuid', nullable: true })
  returnedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
