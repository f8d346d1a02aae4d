import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Failed log-ins, counted per e-mail and per client address over a sliding window. Kept in
// PostgreSQL so every API instance sees the same counts.
@Entity({ name: 'login_failure' })
@Index('ix_login_failure_email_at', ['email', 'occurredAt'])
@Index('ix_login_failure_ip_at', ['ip', 'occurredAt'])
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
}
