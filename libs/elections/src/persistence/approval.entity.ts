import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { ApprovalDecision, ApproverCapacity } from '../domain/election-status';
import { ElectionEntity } from './election.entity';

// An approver's decision on a tallied election, with the hash of the tally and electorate it saw.
@Entity({ name: 'election_approval' })
// The same person decides once per election.
@Unique('uq_election_approval_approver', ['electionId', 'approverId'])
export class ApprovalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_election_approval' })
  id: string;

  @Column({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => ElectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_election_approval_election' })
  election?: Relation<ElectionEntity>;

  @Column({ type: 'uuid' })
  approverId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approver_id', foreignKeyConstraintName: 'fk_election_approval_approver' })
  approver?: Relation<MemberEntity>;

  @Column({ type: 'enum', enum: ApprovalDecision, enumName: 'election_approval_decision' })
  decision: ApprovalDecision;

  @Column({ type: 'enum', enum: ApproverCapacity, enumName: 'election_approver_capacity' })
  capacity: ApproverCapacity;

  // The recused co-chair this approver stood in for.
  @Column({ type: 'uuid', nullable: true })
  onBehalfOf: string | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'char', length: 64 })
  tallyHash: string;

  @Column({ type: 'timestamptz' })
  decidedAt: Date;
}
