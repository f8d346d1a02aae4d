import { MigrationInterface, QueryRunner } from 'typeorm';

export class TermsAndRosters1764200000000 implements MigrationInterface {
  name = 'TermsAndRosters1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE term (
        label text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_term PRIMARY KEY (label),
        CONSTRAINT ck_term_label CHECK (label ~ '^[0-9]{4}-H[12]$')
      )`);
    await queryRunner.query(`CREATE TYPE roster_source AS ENUM ('FOUNDING', 'ELECTION')`);
    await queryRunner.query(`
      CREATE TABLE roster (
        term_label text NOT NULL,
        source roster_source NOT NULL,
        election_id uuid,
        installed_by uuid,
        installed_at timestamptz NOT NULL,
        CONSTRAINT pk_roster PRIMARY KEY (term_label),
        CONSTRAINT fk_roster_term FOREIGN KEY (term_label) REFERENCES term (label) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_roster_single_founding ON roster (source) WHERE source = 'FOUNDING'`,
    );
    await queryRunner.query(
      `CREATE TYPE seat_position AS ENUM ('CHAIR', 'CO_CHAIR', 'EXECUTIVE_SECRETARY')`,
    );
    await queryRunner.query(`
      CREATE TABLE seat (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        term_label text NOT NULL,
        position seat_position NOT NULL,
        seat_no smallint NOT NULL,
        portfolio text,
        member_id uuid NOT NULL,
        CONSTRAINT pk_seat PRIMARY KEY (id),
        CONSTRAINT uq_seat_position UNIQUE (term_label, position, seat_no),
        CONSTRAINT uq_seat_member UNIQUE (term_label, member_id),
        CONSTRAINT ck_seat_number CHECK ((position = 'CO_CHAIR' AND seat_no IN (1, 2)) OR (position <> 'CO_CHAIR' AND seat_no = 1)),
        CONSTRAINT ck_seat_portfolio CHECK ((position = 'CO_CHAIR') = (portfolio IS NOT NULL)),
        CONSTRAINT fk_seat_roster FOREIGN KEY (term_label) REFERENCES roster (term_label) ON DELETE CASCADE,
        CONSTRAINT fk_seat_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_seat_member_id ON seat (member_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE seat`);
    await queryRunner.query(`DROP TYPE seat_position`);
    await queryRunner.query(`DROP TABLE roster`);
    await queryRunner.query(`DROP TYPE roster_source`);
    await queryRunner.query(`DROP TABLE term`);
  }
}
