import { MigrationInterface, QueryRunner } from 'typeorm';

// Leadership elections: contests, nominations, the electorate snapshot, the secret ballot (who
// voted, what was chosen and the tracking-code hashes in three unlinked tables), results and
// approvals. PostgreSQL 15 compatible.
export class Elections1764300000000 implements MigrationInterface {
  name = 'Elections1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE election_status AS ENUM ('DRAFT', 'NOMINATION', 'VOTING', 'TALLIED', 'CERTIFIED', 'REJECTED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TYPE election_quorum_comparison AS ENUM ('MORE_THAN', 'AT_LEAST')`,
    );
    await queryRunner.query(
      `CREATE TYPE election_majority AS ENUM ('PLURALITY', 'SIMPLE', 'ABSOLUTE', 'TWO_THIRDS')`,
    );
    await queryRunner.query(`CREATE TYPE election_tie_policy AS ENUM ('RUNOFF')`);
    await queryRunner.query(`CREATE TYPE election_voting_method AS ENUM ('ELECTRONIC', 'PAPER')`);
    await queryRunner.query(
      `CREATE TYPE election_contest_status AS ENUM ('PENDING', 'DECIDED', 'UNDECIDED', 'VACANT', 'NO_QUORUM')`,
    );
    await queryRunner.query(
      `CREATE TYPE election_nomination_status AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED')`,
    );
    await queryRunner.query(
      `CREATE TYPE election_result_outcome AS ENUM ('ELECTED', 'NOT_ELECTED', 'IN_RUNOFF', 'ELECTED_ELSEWHERE', 'ELECTED_IN_RUNOFF')`,
    );
    await queryRunner.query(`CREATE TYPE election_approval_decision AS ENUM ('APPROVE', 'REJECT')`);
    await queryRunner.query(
      `CREATE TYPE election_approver_capacity AS ENUM ('CO_CHAIR', 'CHAIR_FOR_RECUSED', 'SECRETARY_FOR_RECUSED', 'ADMIN')`,
    );

    await queryRunner.query(`
      CREATE TABLE election (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        term_label text NOT NULL,
        title text NOT NULL,
        status election_status NOT NULL,
        quorum_numerator smallint NOT NULL,
        quorum_denominator smallint NOT NULL,
        quorum_comparison election_quorum_comparison NOT NULL,
        majority election_majority NOT NULL,
        tie_policy election_tie_policy NOT NULL,
        voting_method election_voting_method,
        parent_election_id uuid,
        parent_contest_id uuid,
        electorate_size integer,
        electorate_hash char(64),
        turnout integer,
        quorum_required integer,
        quorum_reached boolean,
        tally_hash char(64),
        explanation text,
        status_reason text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        nominations_opened_at timestamptz,
        voting_opened_at timestamptz,
        tallied_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT pk_election PRIMARY KEY (id),
        CONSTRAINT ck_election_quorum CHECK (quorum_denominator BETWEEN 1 AND 100 AND quorum_numerator BETWEEN 0 AND quorum_denominator),
        CONSTRAINT ck_election_runoff CHECK ((parent_election_id IS NULL) = (parent_contest_id IS NULL)),
        CONSTRAINT ck_election_title CHECK (char_length(title) BETWEEN 1 AND 200),
        CONSTRAINT fk_election_term FOREIGN KEY (term_label) REFERENCES term (label) ON DELETE RESTRICT,
        CONSTRAINT fk_election_parent FOREIGN KEY (parent_election_id) REFERENCES election (id) ON DELETE RESTRICT,
        CONSTRAINT fk_election_created_by FOREIGN KEY (created_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_election_term_label ON election (term_label)`);
    await queryRunner.query(
      `CREATE INDEX ix_election_parent_contest_id ON election (parent_contest_id)`,
    );
    // One live election per term, one live runoff per contest: races cannot create two.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_election_live_per_term ON election (term_label) WHERE parent_election_id IS NULL AND status NOT IN ('CANCELLED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_election_live_runoff ON election (parent_contest_id) WHERE parent_contest_id IS NOT NULL AND status NOT IN ('CANCELLED', 'REJECTED')`,
    );

    await queryRunner.query(`
      CREATE TABLE election_contest (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        ordinal smallint NOT NULL,
        position seat_position NOT NULL,
        seats smallint NOT NULL,
        portfolio text,
        majority election_majority NOT NULL,
        status election_contest_status NOT NULL,
        valid_ballots integer,
        abstentions integer,
        explanation text,
        CONSTRAINT pk_election_contest PRIMARY KEY (id),
        CONSTRAINT uq_election_contest_ordinal UNIQUE (election_id, ordinal),
        CONSTRAINT ck_election_contest_seats CHECK ((position = 'CO_CHAIR' AND seats IN (1, 2)) OR (position <> 'CO_CHAIR' AND seats = 1)),
        CONSTRAINT ck_election_contest_portfolio CHECK ((position = 'CO_CHAIR') = (portfolio IS NOT NULL)),
        CONSTRAINT fk_election_contest_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      ALTER TABLE election ADD CONSTRAINT fk_election_parent_contest
        FOREIGN KEY (parent_contest_id) REFERENCES election_contest (id) ON DELETE RESTRICT`);

    await queryRunner.query(`
      CREATE TABLE election_nomination (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contest_id uuid NOT NULL,
        nominee_id uuid NOT NULL,
        nominated_by uuid NOT NULL,
        status election_nomination_status NOT NULL,
        nominated_at timestamptz NOT NULL,
        responded_at timestamptz,
        CONSTRAINT pk_election_nomination PRIMARY KEY (id),
        CONSTRAINT uq_election_nomination_nominee UNIQUE (contest_id, nominee_id),
        CONSTRAINT fk_election_nomination_contest FOREIGN KEY (contest_id) REFERENCES election_contest (id) ON DELETE CASCADE,
        CONSTRAINT fk_election_nomination_nominee FOREIGN KEY (nominee_id) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT fk_election_nomination_nominator FOREIGN KEY (nominated_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_election_nomination_nominee_id ON election_nomination (nominee_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE election_elector (
        election_id uuid NOT NULL,
        member_id uuid NOT NULL,
        CONSTRAINT pk_election_elector PRIMARY KEY (election_id, member_id),
        CONSTRAINT fk_election_elector_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE,
        CONSTRAINT fk_election_elector_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_election_elector_member_id ON election_elector (member_id)`,
    );

    // Who voted: one row per voter (the key refuses a second ballot), no time, no ballot link.
    await queryRunner.query(`
      CREATE TABLE election_participation (
        election_id uuid NOT NULL,
        member_id uuid NOT NULL,
        CONSTRAINT pk_election_participation PRIMARY KEY (election_id, member_id),
        CONSTRAINT fk_election_participation_elector FOREIGN KEY (election_id, member_id)
          REFERENCES election_elector (election_id, member_id) ON DELETE CASCADE
      )`);

    // What was chosen: random ids, no voter, no time.
    await queryRunner.query(`
      CREATE TABLE election_ballot (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        choices jsonb NOT NULL,
        CONSTRAINT pk_election_ballot PRIMARY KEY (id),
        CONSTRAINT fk_election_ballot_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_election_ballot_election_id ON election_ballot (election_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE election_tracking_code (
        code_hash char(64) NOT NULL,
        election_id uuid NOT NULL,
        CONSTRAINT pk_election_tracking_code PRIMARY KEY (code_hash),
        CONSTRAINT fk_election_tracking_code_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_election_tracking_code_election_id ON election_tracking_code (election_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE election_contest_result (
        contest_id uuid NOT NULL,
        member_id uuid NOT NULL,
        votes integer NOT NULL,
        no_votes integer,
        elected boolean NOT NULL,
        outcome election_result_outcome NOT NULL,
        explanation text NOT NULL,
        CONSTRAINT pk_election_contest_result PRIMARY KEY (contest_id, member_id),
        CONSTRAINT fk_election_contest_result_contest FOREIGN KEY (contest_id) REFERENCES election_contest (id) ON DELETE CASCADE,
        CONSTRAINT fk_election_contest_result_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);

    await queryRunner.query(`
      CREATE TABLE election_approval (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        election_id uuid NOT NULL,
        approver_id uuid NOT NULL,
        decision election_approval_decision NOT NULL,
        capacity election_approver_capacity NOT NULL,
        on_behalf_of uuid,
        comment text,
        tally_hash char(64) NOT NULL,
        decided_at timestamptz NOT NULL,
        CONSTRAINT pk_election_approval PRIMARY KEY (id),
        CONSTRAINT uq_election_approval_approver UNIQUE (election_id, approver_id),
        CONSTRAINT fk_election_approval_election FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE CASCADE,
        CONSTRAINT fk_election_approval_approver FOREIGN KEY (approver_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE election_approval`);
    await queryRunner.query(`DROP TABLE election_contest_result`);
    await queryRunner.query(`DROP TABLE election_tracking_code`);
    await queryRunner.query(`DROP TABLE election_ballot`);
    await queryRunner.query(`DROP TABLE election_participation`);
    await queryRunner.query(`DROP TABLE election_elector`);
    await queryRunner.query(`DROP TABLE election_nomination`);
    await queryRunner.query(`ALTER TABLE election DROP CONSTRAINT fk_election_parent_contest`);
    await queryRunner.query(`DROP TABLE election_contest`);
    await queryRunner.query(`DROP TABLE election`);
    await queryRunner.query(`DROP TYPE election_approver_capacity`);
    await queryRunner.query(`DROP TYPE election_approval_decision`);
    await queryRunner.query(`DROP TYPE election_result_outcome`);
    await queryRunner.query(`DROP TYPE election_nomination_status`);
    await queryRunner.query(`DROP TYPE election_contest_status`);
    await queryRunner.query(`DROP TYPE election_voting_method`);
    await queryRunner.query(`DROP TYPE election_tie_policy`);
    await queryRunner.query(`DROP TYPE election_majority`);
    await queryRunner.query(`DROP TYPE election_quorum_comparison`);
    await queryRunner.query(`DROP TYPE election_status`);
  }
}
