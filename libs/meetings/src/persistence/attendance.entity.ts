import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { AttendanceStatus } from '../domain/attendance-rules';
import { MeetingEntity } from './meeting.entity';

@Entity({ name: 'attendance' })
export class AttendanceEntity {
  // (meeting_id, member_id): one entry per member and meeting; the key also serves "by meeting".
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_attendance' })
  meetingId: string;

  @ManyToOne(() => MeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_attendance_meeting' })
  meeting?: MeetingEntity;

  @Index('ix_attendance_member_id')
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_attendance' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_attendance_member' })
  member?: MemberEntity;

  @Column({ type: 'enum', enum: AttendanceStatus, enumName: 'attendance_status' })
  status: AttendanceStatus;

  @Column({ type: 'uuid' })
  recordedBy: string;

  @Column({ type: 'timestamptz' })
  recordedAt: Date;
}
