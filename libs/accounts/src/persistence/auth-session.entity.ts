import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MemberEntity } from './member.entity';

// One login = one session family; every refresh token issued from it belongs to it, so reuse of an
// old refresh token can revoke the whole family.
@Entity({ name: 'auth_session' })
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_auth_session' })
  id: string;

  @Index('ix_auth_session_member_id')
  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_auth_session_member' })
  member?: MemberEntity;

  @Index('ix_auth_session_created_at')
  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: string | null;

  // The client address of the log-in or accepted invitation that started it (null when started
  // without one, e.g. by the test factory): an address the member is known to use (LoginThrottle).
  @Column({ type: 'text', nullable: true })
  createdIp: string | null;
}
