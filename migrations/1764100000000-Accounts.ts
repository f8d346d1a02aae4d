import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1764100000000 implements MigrationInterface {
  name = 'Accounts1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE organization (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        short_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organization PRIMARY KEY (id),
        CONSTRAINT uq_organization_name UNIQUE (name)
      )`);
    await queryRunner.query(`CREATE TYPE member_status AS ENUM ('INVITED', 'ACTIVE', 'SUSPENDED')`);
    await queryRunner.query(`
      CREATE TABLE member (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        email text NOT NULL,
        full_name text NOT NULL,
        organization_id uuid NOT NULL,
        status member_status NOT NULL DEFAULT 'INVITED',
        is_admin boolean NOT NULL DEFAULT false,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_member PRIMARY KEY (id),
        CONSTRAINT uq_member_email UNIQUE (email),
        CONSTRAINT fk_member_organization FOREIGN KEY (organization_id)
          REFERENCES organization (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_member_organization_id ON member (organization_id)`);
    await queryRunner.query(`
      CREATE TABLE auth_session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        CONSTRAINT pk_auth_session PRIMARY KEY (id),
        CONSTRAINT fk_auth_session_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_auth_session_member_id ON auth_session (member_id)`);
    await queryRunner.query(`
      CREATE TABLE refresh_token (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT pk_refresh_token PRIMARY KEY (id),
        CONSTRAINT uq_refresh_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_refresh_token_session FOREIGN KEY (session_id) REFERENCES auth_session (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_refresh_token_session_id ON refresh_token (session_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE invitation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL,
        token_hash char(64) NOT NULL,
        invited_by uuid,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        CONSTRAINT pk_invitation PRIMARY KEY (id),
        CONSTRAINT uq_invitation_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_invitation_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_invitation_member_id ON invitation (member_id)`);
    await queryRunner.query(`
      CREATE TABLE login_failure (
        id bigint GENERATED ALWAYS AS IDENTITY,
        email text NOT NULL,
        ip text NOT NULL,
        occurred_at timestamptz NOT NULL,
        CONSTRAINT pk_login_failure PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_login_failure_email_at ON login_failure (email, occurred_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_login_failure_ip_at ON login_failure (ip, occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_failure`);
    await queryRunner.query(`DROP TABLE invitation`);
    await queryRunner.query(`DROP TABLE refresh_token`);
    await queryRunner.query(`DROP TABLE auth_session`);
    await queryRunner.query(`DROP TABLE member`);
    await queryRunner.query(`DROP TYPE member_status`);
    await queryRunner.query(`DROP TABLE organization`);
  }
}
