import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ElectorEntity } from './elector.entity';

// Who has voted (the signed register), and nothing else: no time, no link to the ballot. The key is
// the database's guarantee of one ballot per voter; the foreign key, that only electors vote.
@Entity({ name: 'election_participation' })
export class ParticipationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_participation' })
  electionId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_election_participation' })
  memberId: string;

  @ManyToOne(() => ElectorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    {
      name: 'election_id',
      referencedColumnName: 'electionId',
      foreignKeyConstraintName: 'fk_election_participation_elector',
    },
    { name: 'member_id', referencedColumnName: 'memberId' },
  ])
  elector?: Relation<ElectorEntity>;
}
