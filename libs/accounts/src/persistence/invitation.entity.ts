import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { MemberEntity } from './member.entity';

@Entity({ name: 'invitation' })
@Unique('uq_invitation_token_hash', ['tokenHash'])
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invitation' })
  id: string;

  @Index('ix_invitation_member_id')
  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_invitation_member' })
  member?: MemberEntity;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  // Set when the invitation is ended early (issued again, or its issuer suspended): a state, not
  // a time compared with a clock, so no instance whose clock is behind accepts it.
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
