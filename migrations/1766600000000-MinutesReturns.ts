import { MigrationInterface, QueryRunner } from 'typeorm';

// Each return of submitted minutes is kept, with the version it was about, who returned it, when
// and the comment: `minutes.return_comment` held only the latest, so after a second round the
// history could no longer say what had been asked of the first. Append-only like the versions and
// approvals. The latest return of existing minutes is carried over (the earlier ones' comments
// were never kept), attached to the version it was about.
export class MinutesReturns1766600000000 implements MigrationInterface {
  name = 'MinutesReturns1766600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE minutes_return (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        minutes_version_id uuid NOT NULL,
        minutes_id uuid NOT NULL,
        version integer NOT NULL,
        comment text NOT NULL,
        returned_by uuid NOT NULL,
        returned_at timestamptz NOT NULL,
        CONSTRAINT pk_minutes_return PRIMARY KEY (id),
        CONSTRAINT fk_minutes_return_version FOREIGN KEY (minutes_version_id) REFERENCES minutes_version (id) ON DELETE RESTRICT,
        CONSTRAINT fk_minutes_return_minutes FOREIGN KEY (minutes_id) REFERENCES minutes (id) ON DELETE RESTRICT,
        CONSTRAINT fk_minutes_return_returned_by FOREIGN KEY (returned_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_minutes_return_version ON minutes_return (minutes_version_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_minutes_return_minutes_id ON minutes_return (minutes_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_minutes_return_returned_by ON minutes_return (returned_by)`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_minutes_return_append_only BEFORE UPDATE OR DELETE ON minutes_return
         FOR EACH ROW EXECUTE FUNCTION minutes_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_minutes_return_no_truncate BEFORE TRUNCATE ON minutes_return
         FOR EACH STATEMENT EXECUTE FUNCTION minutes_append_only()`,
    );
    // The version returned is the one its audit entry names (the latest `minutes_returned` of
    // those minutes); failing that (no entry, or one naming no version of them), the last one
    // saved before the return.
    await queryRunner.query(`
      WITH audited AS (
        SELECT DISTINCT ON (summary->>'minutesId')
               summary->>'minutesId' AS minutes_id,
               -- Only a whole number names a version: the log is append-only, so a cast failing
               -- on one entry would block the migration for good.
               CASE WHEN summary->>'version' ~ '^[0-9]{1,9}$'
                    THEN (summary->>'version')::int END AS version
          FROM audit_entry
         WHERE action = 'meetings.minutes_returned'
         ORDER BY summary->>'minutesId', seq DESC
      )
      INSERT INTO minutes_return
        (minutes_version_id, minutes_id, version, comment, returned_by, returned_at)
      SELECT v.id, m.id, v.version, m.return_comment, m.returned_by, m.returned_at
        FROM minutes m
        LEFT JOIN audited a ON a.minutes_id = m.id::text
        JOIN LATERAL (
          SELECT id, version FROM minutes_version
           WHERE minutes_id = m.id
             AND (version = a.version OR saved_at <= m.returned_at)
           ORDER BY version = a.version DESC NULLS LAST, version DESC LIMIT 1
        ) v ON true
       WHERE m.return_comment IS NOT NULL AND m.returned_by IS NOT NULL
         AND m.returned_at IS NOT NULL`);
  }

  // `minutes` keeps the latest return of each: refused once any minutes were returned twice.
  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ earlier }] = (await queryRunner.query(
      `SELECT EXISTS (
         SELECT 1 FROM minutes_return GROUP BY minutes_id HAVING count(*) > 1
       ) AS earlier`,
    )) as Array<{ earlier: boolean }>;
    if (earlier) {
      throw new Error(
        'MinutesReturns cannot be reverted: minutes were returned more than once, and only the latest return would be kept (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(`DROP TABLE minutes_return`);
  }
}
