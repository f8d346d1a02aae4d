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
import type { MinutesDocument } from '../domain/minutes-document';
import { MinutesEntity } from './minutes.entity';

@Entity({ name: 'minutes_version' })
// Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). The unique key is what makes two
// saves on the same base version unable to both win, whatever happens above it.
@Unique('uq_minutes_version', ['minutesId', 'version'])
@Check('ck_minutes_version_number', `version >= 1`)
export class MinutesVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_minutes_version' })
  id: string;

  @Column({ type: 'uuid' })
  minutesId: string;

  @ManyToOne(() => MinutesEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'minutes_id', foreignKeyConstraintName: 'fk_minutes_version_minutes' })
  minutes?: MinutesEntity;

  @Column({ type: 'integer' })
  version: number;

  // The whole document of this version; contentHash = SHA-256 of its canonical serialisation.
  @Column({ type: 'jsonb' })
  body: MinutesDocument;

  @Column({ type: 'char', length: 64 })
  contentHash: string;

  @Column({ type: 'char', length: 64, nullable: true })
  previousHash: string | null;

  // Saved after an approval: part of an amendment.
  @Column({ type: 'boolean' })
  isAmendment: boolean;

  @Index('ix_minutes_version_saved_by')
  @Column({ type: 'uuid' })
  savedBy: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'saved_by', foreignKeyConstraintName: 'fk_minutes_version_saved_by' })
  author?: MemberEntity;

  @Column({ type: 'timestamptz' })
  savedAt: Date;
}
