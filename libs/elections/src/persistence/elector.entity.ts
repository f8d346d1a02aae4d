import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { ElectionEntity } from './election.entity';

// The electorate: active members at the instant the vote opened. Later changes to membership do not
// change who may vote.
@Entity({ name: 'election_elector' })
export class ElectorEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_elector' })
  electionId: string;

  @Index('ix_election_elector_member_id')
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_elector' })
  memberId: string;

  @ManyToOne(() => ElectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_election_elector_election' })
  election?: Relation<ElectionEntity>;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_election_elector_member' })
  member?: Relation<MemberEntity>;
}
