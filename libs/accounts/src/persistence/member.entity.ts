import {
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
import { OrganizationEntity } from './organization.entity';

export enum MemberStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
}

@Entity({ name: 'member' })
@Unique('uq_member_email', ['email'])
// The list orders (migration 1765600000000-ListIndexes).
@Index('ix_member_full_name', ['fullName', 'id'])
@Index('ix_member_status_full_name', ['status', 'fullName', 'id'])
@Index('ix_member_organization_full_name', ['organizationId', 'fullName', 'id'])
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_member' })
  id: string;

  // Stored normalised (trimmed, lower case), so the unique constraint is case-insensitive.
  @Column({ type: 'text' })
  email: string;

  // Sorted as readers expect (migration 1764700000000-NameCollation).
  @Column({ type: 'text', collation: 'und-x-icu' })
  fullName: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_member_organization' })
  organization?: OrganizationEntity;

  @Column({
    type: 'enum',
    enum: MemberStatus,
    enumName: 'member_status',
    default: MemberStatus.INVITED,
  })
  status: MemberStatus;

  @Column({ type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
