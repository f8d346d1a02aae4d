import { MigrationInterface, QueryRunner } from 'typeorm';

// Meetings, agendas, attendance, minutes (append-only versions and approvals) and action items.
// PostgreSQL 15 compatible; constraint and index names match the entities' decorators.
export class Meetings1764400000000 implements MigrationInterface {
  name = 'Meetings1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE meeting_format AS ENUM ('IN_PERSON', 'ONLINE', 'HYBRID')`);
    await queryRunner.query(
      `CREATE TYPE meeting_status AS ENUM ('DRAFT', 'PUBLISHED', 'HELD', 'CANCELLED')`,
    );
    await queryRunner.query(`
      CREATE TABLE meeting (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        time_zone text NOT NULL,
        location text NOT NULL,
        format meeting_format NOT NULL,
        status meeting_status NOT NULL DEFAULT 'DRAFT',
        agenda_revision integer NOT NULL DEFAULT 0,
        published_at timestamptz,
        published_by uuid,
        held_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by uuid,
        cancellation_reason text,
        active_members_at_start integer,
        present_count integer NOT NULL DEFAULT 0,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_meeting PRIMARY KEY (id),
        CONSTRAINT ck_meeting_agenda_revision CHECK (agenda_revision >= 0),
        CONSTRAINT ck_meeting_present_count CHECK (present_count >= 0),
        CONSTRAINT ck_meeting_cancelled CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL)),
        CONSTRAINT ck_meeting_published CHECK (status = 'DRAFT' OR status = 'CANCELLED' OR published_at IS NOT NULL)
      )`);
    // meetings(from, to): ORDER BY starts_at DESC, id DESC is a backward scan of this index.
    await queryRunner.query(`CREATE INDEX ix_meeting_starts_at ON meeting (starts_at, id)`);

    await queryRunner.query(
      `CREATE TYPE agenda_item_kind AS ENUM ('INFORMATION', 'DISCUSSION', 'DECISION', 'ELECTION')`,
    );
    // uq_agenda_item_position is also the index for "agenda items of these meetings, in order";
    // DEFERRABLE so a reorder moves every item in one statement (checked at its end).
    await queryRunner.query(`
      CREATE TABLE agenda_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        description text,
        presenter_id uuid,
        duration_minutes integer NOT NULL,
        kind agenda_item_kind NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_agenda_item PRIMARY KEY (id),
        CONSTRAINT uq_agenda_item_position UNIQUE (meeting_id, position) DEFERRABLE INITIALLY IMMEDIATE,
        CONSTRAINT ck_agenda_item_position CHECK (position >= 1),
        CONSTRAINT ck_agenda_item_duration CHECK (duration_minutes BETWEEN 1 AND 600),
        CONSTRAINT fk_agenda_item_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE CASCADE,
        CONSTRAINT fk_agenda_item_presenter FOREIGN KEY (presenter_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_agenda_item_presenter_id ON agenda_item (presenter_id)`,
    );

    await queryRunner.query(
      `CREATE TYPE agenda_change_kind AS ENUM ('ITEM_ADDED', 'ITEM_UPDATED', 'ITEM_REMOVED', 'AGENDA_REORDERED', 'MEETING_UPDATED')`,
    );
    await queryRunner.query(`
      CREATE TABLE agenda_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        revision integer NOT NULL,
        kind agenda_change_kind NOT NULL,
        agenda_item_id uuid,
        item_title text,
        changes jsonb NOT NULL,
        changed_by uuid NOT NULL,
        changed_at timestamptz NOT NULL,
        CONSTRAINT pk_agenda_change PRIMARY KEY (id),
        CONSTRAINT uq_agenda_change_revision UNIQUE (meeting_id, revision),
        CONSTRAINT fk_agenda_change_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
      )`);

    await queryRunner.query(
      `CREATE TYPE attendance_status AS ENUM ('PRESENT', 'ABSENT', 'EXCUSED')`,
    );
    await queryRunner.query(`
      CREATE TABLE attendance (
        meeting_id uuid NOT NULL,
        member_id uuid NOT NULL,
        status attendance_status NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT pk_attendance PRIMARY KEY (meeting_id, member_id),
        CONSTRAINT fk_attendance_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE CASCADE,
        CONSTRAINT fk_attendance_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(`CREATE INDEX ix_attendance_member_id ON attendance (member_id)`);

    await queryRunner.query(
      `CREATE TYPE minutes_status AS ENUM ('DRAFT', 'SUBMITTED', 'APPROVED')`,
    );
    await queryRunner.query(`
      CREATE TABLE minutes (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL,
        status minutes_status NOT NULL DEFAULT 'DRAFT',
        current_version integer NOT NULL,
        approved_version integer,
        submitted_by uuid,
        submitted_at timestamptz,
        return_comment text,
        returned_by uuid,
        returned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_minutes PRIMARY KEY (id),
        CONSTRAINT uq_minutes_meeting UNIQUE (meeting_id),
        CONSTRAINT ck_minutes_current_version CHECK (current_version >= 1),
        CONSTRAINT ck_minutes_approved_version CHECK (approved_version IS NULL OR (approved_version >= 1 AND approved_version <= current_version)),
        CONSTRAINT ck_minutes_approved_status CHECK (status <> 'APPROVED' OR approved_version = current_version),
        CONSTRAINT fk_minutes_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE RESTRICT
      )`);
    // uq_minutes_version: two saves on the same base version cannot both insert their version.
    await queryRunner.query(`
      CREATE TABLE minutes_version (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        minutes_id uuid NOT NULL,
        version integer NOT NULL,
        body jsonb NOT NULL,
        content_hash char(64) NOT NULL,
        previous_hash char(64),
        is_amendment boolean NOT NULL,
        saved_by uuid NOT NULL,
        saved_at timestamptz NOT NULL,
        CONSTRAINT pk_minutes_version PRIMARY KEY (id),
        CONSTRAINT uq_minutes_version UNIQUE (minutes_id, version),
        CONSTRAINT ck_minutes_version_number CHECK (version >= 1),
        CONSTRAINT fk_minutes_version_minutes FOREIGN KEY (minutes_id) REFERENCES minutes (id) ON DELETE RESTRICT,
        CONSTRAINT fk_minutes_version_saved_by FOREIGN KEY (saved_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_minutes_version_saved_by ON minutes_version (saved_by)`,
    );
    await queryRunner.query(`
      CREATE TABLE minutes_approval (
        minutes_version_id uuid NOT NULL,
        minutes_id uuid NOT NULL,
        version integer NOT NULL,
        content_hash char(64) NOT NULL,
        approved_by uuid NOT NULL,
        approved_at timestamptz NOT NULL,
        CONSTRAINT pk_minutes_approval PRIMARY KEY (minutes_version_id),
        CONSTRAINT fk_minutes_approval_version FOREIGN KEY (minutes_version_id) REFERENCES minutes_version (id) ON DELETE RESTRICT,
        CONSTRAINT fk_minutes_approval_minutes FOREIGN KEY (minutes_id) REFERENCES minutes (id) ON DELETE RESTRICT,
        CONSTRAINT fk_minutes_approval_approved_by FOREIGN KEY (approved_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_minutes_approval_minutes_id ON minutes_approval (minutes_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_minutes_approval_approved_by ON minutes_approval (approved_by)`,
    );
    // Versions and approvals are written once and never changed: corrections are amendments.
    await queryRunner.query(`
      CREATE FUNCTION minutes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'minutes versions and approvals are append-only (% on %)', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    for (const table of ['minutes_version', 'minutes_approval']) {
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION minutes_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER tr_${table}_no_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION minutes_append_only()`,
      );
    }

    await queryRunner.query(
      `CREATE TYPE action_item_status AS ENUM ('OPEN', 'IN_PROGRESS', 'DONE')`,
    );
    await queryRunner.query(`
      CREATE TABLE action_item (
        id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        agenda_item_id uuid NOT NULL,
        title text NOT NULL,
        assignee_id uuid NOT NULL,
        due_on date NOT NULL,
        status action_item_status NOT NULL DEFAULT 'OPEN',
        since_version integer NOT NULL,
        withdrawn_in_version integer,
        status_changed_by uuid,
        status_changed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_action_item PRIMARY KEY (id),
        CONSTRAINT ck_action_item_withdrawn CHECK (withdrawn_in_version IS NULL OR withdrawn_in_version > since_version),
        CONSTRAINT fk_action_item_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE RESTRICT,
        CONSTRAINT fk_action_item_agenda_item FOREIGN KEY (agenda_item_id) REFERENCES agenda_item (id) ON DELETE RESTRICT,
        CONSTRAINT fk_action_item_assignee FOREIGN KEY (assignee_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    // myActionItems: WHERE assignee_id = $1 ORDER BY ..., due_on.
    await queryRunner.query(
      `CREATE INDEX ix_action_item_assignee_id ON action_item (assignee_id, due_on)`,
    );
    await queryRunner.query(`CREATE INDEX ix_action_item_meeting_id ON action_item (meeting_id)`);
    await queryRunner.query(
      `CREATE INDEX ix_action_item_agenda_item_id ON action_item (agenda_item_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE action_item`);
    await queryRunner.query(`DROP TYPE action_item_status`);
    await queryRunner.query(`DROP TABLE minutes_approval`);
    await queryRunner.query(`DROP TABLE minutes_version`);
    await queryRunner.query(`DROP FUNCTION minutes_append_only()`);
    await queryRunner.query(`DROP TABLE minutes`);
    await queryRunner.query(`DROP TYPE minutes_status`);
    await queryRunner.query(`DROP TABLE attendance`);
    await queryRunner.query(`DROP TYPE attendance_status`);
    await queryRunner.query(`DROP TABLE agenda_change`);
    await queryRunner.query(`DROP TYPE agenda_change_kind`);
    await queryRunner.query(`DROP TABLE agenda_item`);
    await queryRunner.query(`DROP TYPE agenda_item_kind`);
    await queryRunner.query(`DROP TABLE meeting`);
    await queryRunner.query(`DROP TYPE meeting_status`);
    await queryRunner.query(`DROP TYPE meeting_format`);
  }
}
