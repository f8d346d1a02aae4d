import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { BallotMark } from '../domain/ballot-rules';
import { ElectionEntity } from './election.entity';

// A ballot's content and nothing that could identify the voter: a random (v4) id, the election and
// the marks. No member id, no timestamp, no sequence. Only while the vote is open: the close moves
// the ballots into the sealed box (ballot-box.entity.ts).
@Entity({ name: 'election_ballot' })
export class BallotEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_election_ballot' })
  id: string;

  @Index('ix_election_ballot_election_id')
  @Column({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => ElectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_election_ballot_election' })
  election?: Relation<ElectionEntity>;

  @Column({ type: 'jsonb' })
  choices: BallotMark[];
}
