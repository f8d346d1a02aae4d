import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { MeetingFormat, MeetingStatus } from '../domain/meeting-lifecycle';

@Entity({ name: 'meeting' })
// meetings(from, to) pages newest first: ORDER BY starts_at DESC, id DESC (a backward index scan).
@Index('ix_meeting_starts_at', ['startsAt', 'id'])
@Check('ck_meeting_agenda_revision', `agenda_revision >= 0`)
@Check('ck_meeting_present_count', `present_count >= 0`)
@Check('ck_meeting_cancelled', `(status = 'CANCELLED') = (cancelled_at IS NOT NULL)`)
@Check(
  'ck_meeting_published',
  `status = 'DRAFT' OR status = 'CANCELLED' OR published_at IS NOT NULL`,
)
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_meeting' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  // The IANA zone the meeting's local time is shown in (the council's zone unless given).
  @Column({ type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  location: string;

  @Column({ type: 'enum', enum: MeetingFormat, enumName: 'meeting_format' })
  format: MeetingFormat;

  @Column({
    type: 'enum',
    enum: MeetingStatus,
    enumName: 'meeting_status',
    default: MeetingStatus.DRAFT,
  })
  status: MeetingStatus;

  // 0 while a draft, 1 when the agenda is published, +1 for every later change.
  @Column({ type: 'integer', default: 0 })
  agendaRevision: number;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ type: 'text', nullable: true })
  cancellationReason: string | null;

  // Quorum snapshot: the members active when attendance was last taken before the meeting was
  // held (frozen once it is HELD), and how many of the recorded attendees are present.
  @Column({ type: 'integer', nullable: true })
  activeMembersAtStart: number | null;

  @Column({ type: 'integer', default: 0 })
  presentCount: number;

  // Approved minutes are being amended: attendance may hold corrections members do not see yet.
  @Column({ type: 'boolean', default: false })
  minutesAmendmentPending: boolean;

  @Column({ type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
