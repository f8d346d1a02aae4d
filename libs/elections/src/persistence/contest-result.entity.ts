import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { ResultOutcome } from '../domain/election-status';
import { ContestEntity } from './election.entity';

// A candidate's result in a contest: written by the tally, never before the close.
@Entity({ name: 'election_contest_result' })
export class ContestResultEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_contest_result' })
  contestId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_contest_result' })
  memberId: string;

  @ManyToOne(() => ContestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'contest_id',
    foreignKeyConstraintName: 'fk_election_contest_result_contest',
  })
  contest?: Relation<ContestEntity>;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_election_contest_result_member' })
  member?: Relation<MemberEntity>;

  // Votes for the candidate (Yes votes in an uncontested contest).
  @Column({ type: 'integer' })
  votes: number;

  @Column({ type: 'integer', nullable: true })
  noVotes: number | null;

  @Column({ type: 'boolean' })
  elected: boolean;

  @Column({ type: 'enum', enum: ResultOutcome, enumName: 'election_result_outcome' })
  outcome: ResultOutcome;

  @Column({ type: 'text' })
  explanation: string;

  // The same in Russian; null for a result tallied before it was stored.
  @Column({ type: 'text', nullable: true })
  explanationRu: string | null;
}
