import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Failed log-ins, counted per e-mail and per client address over a sliding window, and log-ins
// whose password is being checked (pending). Kept in PostgreSQL so every API instance sees them.
@Entity({ name: 'login_failure' })
@Index('ix_login_failure_email_at', ['email', 'occurredAt'])
@Index('ix_login_failure_ip_at', ['ip', 'occurredAt'])
@Index('ix_login_failure_occurred_at', ['occurredAt'])
export class LoginFailureEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'pk_login_failure',
  })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  ip: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'boolean', default: false })
  pending: boolean;
}
