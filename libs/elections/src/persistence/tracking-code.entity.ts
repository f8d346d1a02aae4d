import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ElectionEntity } from './election.entity';

// SHA-256 of a tracking code handed to a voter: linked to neither the voter nor the ballot, so it
// proves a ballot was counted without revealing which one. Only while the vote is open: the close
// moves the hashes into the sealed box (ballot-box.entity.ts).
@Entity({ name: 'election_tracking_code' })
export class TrackingCodeEntity {
  @PrimaryColumn({
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_election_tracking_code',
  })
  codeHash: string;

  @Index('ix_election_tracking_code_election_id')
  @Column({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => ElectionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'election_id',
    foreignKeyConstraintName: 'fk_election_tracking_code_election',
  })
  election?: Relation<ElectionEntity>;
}
