import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { TermEntity } from './term.entity';

export enum RosterSource {
  FOUNDING = 'FOUNDING',
  ELECTION = 'ELECTION',
}

@Entity({ name: 'roster' })
// The founding appointment happens once in the council's life.
@Index('uq_roster_single_founding', ['source'], { unique: true, where: `source = 'FOUNDING'` })
export class RosterEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_roster' })
  termLabel: string;

  @OneToOne(() => TermEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_label', foreignKeyConstraintName: 'fk_roster_term' })
  term?: TermEntity;

  @Column({ type: 'enum', enum: RosterSource, enumName: 'roster_source' })
  source: RosterSource;

  // The certified election that installed it (no FK: the elections library sits above this one).
  @Column({ type: 'uuid', nullable: true })
  electionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  installedBy: string | null;

  @Column({ type: 'timestamptz' })
  installedAt: Date;
}
