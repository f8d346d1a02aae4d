import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { NominationStatus } from '../domain/election-status';
import { ContestEntity } from './election.entity';

// A nomination; accepted ones are the contest's candidates (frozen when the vote opens).
@Entity({ name: 'election_nomination' })
@Unique('uq_election_nomination_nominee', ['contestId', 'nomineeId'])
export class NominationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_election_nomination' })
  id: string;

  @Column({ type: 'uuid' })
  contestId: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contest_id', foreignKeyConstraintName: 'fk_election_nomination_contest' })
  contest?: Relation<ContestEntity>;

  @Index('ix_election_nomination_nominee_id')
  @Column({ type: 'uuid' })
  nomineeId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'nominee_id', foreignKeyConstraintName: 'fk_election_nomination_nominee' })
  nominee?: Relation<MemberEntity>;

  @Column({ type: 'uuid' })
  nominatedBy: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'nominated_by',
    foreignKeyConstraintName: 'fk_election_nomination_nominator',
  })
  nominator?: Relation<MemberEntity>;

  @Column({ type: 'enum', enum: NominationStatus, enumName: 'election_nomination_status' })
  status: NominationStatus;

  @Column({ type: 'timestamptz' })
  nominatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;
}
