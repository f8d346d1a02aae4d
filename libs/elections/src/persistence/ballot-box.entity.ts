import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { BallotMark } from '../domain/ballot-rules';
import { ElectionEntity } from './election.entity';

// The ballot box of a closed election, sealed by the close as one row written by its transaction:
// every ballot's choices in a random order, and every tracking-code hash in sorted order. The two
// lists cannot be joined; both are as long as the turnout.
@Entity({ name: 'election_ballot_box' })
@Check('ck_election_ballot_box_sizes', `cardinality(ballots) = cardinality(tracking_code_hashes)`)
export class BallotBoxEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_ballot_box' })
  electionId: string;

  @OneToOne(() => ElectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_election_ballot_box_election' })
  election?: Relation<ElectionEntity>;

  @Column({ type: 'jsonb', array: true })
  ballots: BallotMark[][];

  @Column({ type: 'text', array: true })
  trackingCodeHashes: string[];

  // The key of the register's seal in the close's audit entry (see participantsDigest); null for
  // boxes sealed before the seal was keyed. Never read through the API.
  @Column({ type: 'bytea', nullable: true, select: false })
  participantsKey?: Buffer | null;
}
