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
import { MemberEntity } from '@council/accounts';
import { Position } from '../domain/roster-rules';
import { RosterEntity } from './roster.entity';

@Entity({ name: 'seat' })
// The database guarantees a seat is held once and a person holds at most one seat per term.
@Unique('uq_seat_position', ['termLabel', 'position', 'seatNo'])
@Unique('uq_seat_member', ['termLabel', 'memberId'])
@Check(
  'ck_seat_number',
  `(position = 'CO_CHAIR' AND seat_no IN (1, 2)) OR (position <> 'CO_CHAIR' AND seat_no = 1)`,
)
@Check('ck_seat_portfolio', `(position = 'CO_CHAIR') = (portfolio IS NOT NULL)`)
export class SeatEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_seat' })
  id: string;

  @Column({ type: 'text' })
  termLabel: string;

  @ManyToOne(() => RosterEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'term_label', foreignKeyConstraintName: 'fk_seat_roster' })
  roster?: RosterEntity;

  @Column({ type: 'enum', enum: Position, enumName: 'seat_position' })
  position: Position;

  @Column({ type: 'smallint' })
  seatNo: number;

  @Column({ type: 'text', nullable: true })
  portfolio: string | null;

  @Index('ix_seat_member_id')
  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'fk_seat_member' })
  member?: MemberEntity;
}
