import { Check, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

// A half-year term that something refers to (a roster, an election). The current and the next term
// exist in the API even without a row.
@Entity({ name: 'term' })
@Check('ck_term_label', `label ~ '^[0-9]{4}-H[12]$'`)
export class TermEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_term' })
  label: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
