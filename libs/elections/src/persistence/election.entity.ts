import {
  Check,
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
import { Position, TermEntity } from '@council/terms';
import { ContestStatus, ElectionStatus, VotingMethod } from '../domain/election-status';
import { MajorityRule, QuorumComparison, TiePolicy } from '../domain/ruleset';

// An election and its contests live in one file: they refer to each other (a runoff election points
// at the contest it decides), and one module keeps the imports acyclic.
@Entity({ name: 'election' })
// One live election per term (runoffs aside): a second one waits until the first is cancelled,
// rejected or certified (then only for the seats its roster left vacant: createElection). Enforced
// by PostgreSQL, so two secretaries racing cannot both create one.
@Index('uq_election_live_per_term', ['termLabel'], {
  unique: true,
  where: `parent_election_id IS NULL AND status NOT IN ('CANCELLED', 'REJECTED', 'CERTIFIED')`,
})
// One live runoff per undecided contest.
@Index('uq_election_live_runoff', ['parentContestId'], {
  unique: true,
  where: `parent_contest_id IS NOT NULL AND status NOT IN ('CANCELLED', 'REJECTED')`,
})
@Check(
  'ck_election_quorum',
  `quorum_denominator BETWEEN 1 AND 100 AND quorum_numerator BETWEEN 0 AND quorum_denominator`,
)
@Check('ck_election_runoff', `(parent_election_id IS NULL) = (parent_contest_id IS NULL)`)
@Check('ck_election_title', `char_length(title) BETWEEN 1 AND 200`)
export class ElectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_election' })
  id: string;

  @Index('ix_election_term_label')
  @Column({ type: 'text' })
  termLabel: string;

  @ManyToOne(() => TermEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_label', foreignKeyConstraintName: 'fk_election_term' })
  term?: Relation<TermEntity>;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'enum', enum: ElectionStatus, enumName: 'election_status' })
  status: ElectionStatus;

  // The ruleset (DOMAIN.md: the bylaws are data).
  @Column({ type: 'smallint' })
  quorumNumerator: number;

  @Column({ type: 'smallint' })
  quorumDenominator: number;

  @Column({ type: 'enum', enum: QuorumComparison, enumName: 'election_quorum_comparison' })
  quorumComparison: QuorumComparison;

  @Column({ type: 'enum', enum: MajorityRule, enumName: 'election_majority' })
  majority: MajorityRule;

  @Column({ type: 'enum', enum: TiePolicy, enumName: 'election_tie_policy' })
  tiePolicy: TiePolicy;

  @Column({
    type: 'enum',
    enum: VotingMethod,
    enumName: 'election_voting_method',
    nullable: true,
  })
  votingMethod: VotingMethod | null;

  // Created for a term whose roster was installed: it elects the roster's vacant seats, and its
  // certification fills them (a runoff of one settles its parent's contest, as any runoff).
  @Column({ type: 'boolean', default: false })
  byElection: boolean;

  // A runoff points at the election and the contest it decides.
  @Column({ type: 'uuid', nullable: true })
  parentElectionId: string | null;

  @ManyToOne(() => ElectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_election_id', foreignKeyConstraintName: 'fk_election_parent' })
  parentElection?: Relation<ElectionEntity>;

  @Index('ix_election_parent_contest_id')
  @Column({ type: 'uuid', nullable: true })
  parentContestId: string | null;

  @ManyToOne(() => ContestEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_contest_id', foreignKeyConstraintName: 'fk_election_parent_contest' })
  parentContest?: Relation<ContestEntity>;

  // Fixed when the vote opens.
  @Column({ type: 'integer', nullable: true })
  electorateSize: number | null;

  @Column({ type: 'char', length: 64, nullable: true })
  electorateHash: string | null;

  // Fixed by the tally.
  @Column({ type: 'integer', nullable: true })
  turnout: number | null;

  @Column({ type: 'integer', nullable: true })
  quorumRequired: number | null;

  @Column({ type: 'boolean', nullable: true })
  quorumReached: boolean | null;

  @Column({ type: 'char', length: 64, nullable: true })
  tallyHash: string | null;

  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  // The same in Russian; null before the tally, or for one tallied before it was stored.
  @Column({ type: 'text', nullable: true })
  explanationRu: string | null;

  // Why it was cancelled or rejected.
  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_election_created_by' })
  creator?: Relation<MemberEntity>;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  nominationsOpenedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  votingOpenedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  talliedAt: Date | null;

  // When it became CERTIFIED, REJECTED or CANCELLED.
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}

@Entity({ name: 'election_contest' })
@Unique('uq_election_contest_ordinal', ['electionId', 'ordinal'])
@Check(
  'ck_election_contest_seats',
  `(position = 'CO_CHAIR' AND seats IN (1, 2)) OR (position <> 'CO_CHAIR' AND seats = 1)`,
)
@Check('ck_election_contest_portfolio', `(position = 'CO_CHAIR') = (portfolio IS NOT NULL)`)
export class ContestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_election_contest' })
  id: string;

  @Column({ type: 'uuid' })
  electionId: string;

  @ManyToOne(() => ElectionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'election_id', foreignKeyConstraintName: 'fk_election_contest_election' })
  election?: Relation<ElectionEntity>;

  // Contest order decides who is seated when a person wins twice.
  @Column({ type: 'smallint' })
  ordinal: number;

  @Column({ type: 'enum', enum: Position, enumName: 'seat_position' })
  position: Position;

  @Column({ type: 'smallint' })
  seats: number;

  @Column({ type: 'text', nullable: true })
  portfolio: string | null;

  @Column({ type: 'enum', enum: MajorityRule, enumName: 'election_majority' })
  majority: MajorityRule;

  @Column({ type: 'enum', enum: ContestStatus, enumName: 'election_contest_status' })
  status: ContestStatus;

  @Column({ type: 'integer', nullable: true })
  validBallots: number | null;

  @Column({ type: 'integer', nullable: true })
  abstentions: number | null;

  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  // The same in Russian; null before the tally, or for one tallied before it was stored.
  @Column({ type: 'text', nullable: true })
  explanationRu: string | null;
}
