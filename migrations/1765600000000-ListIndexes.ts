import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from './concurrent-index';

// Indexes matching the sort keys of the paged lists that the benchmark does not measure. Without
// them each page read and sorted the whole table (EXPLAIN at 10,000 members and 48,000 action
// items: a sequential scan and a top-N sort for 21 rows; the later pages as much):
// - members(status?): ORDER BY full_name, id (ICU collation), optionally WHERE status = …;
// - organization.members: per organisation, ORDER BY full_name, id (replaces the index on
//   organization_id alone, a prefix of it);
// - actionItems(status?): ORDER BY due_on, id over the items not withdrawn; the follow-up view
//   (OPEN / IN_PROGRESS) has its own partial index, so that years of DONE items due earlier are
//   not walked over, and its count is an index-only scan (status INCLUDEd).
// Built CONCURRENTLY (buildIndexConcurrently): members and action items are written while a deploy
// runs.
const INDEXES: Array<{ name: string; definition: string }> = [
  { name: 'ix_member_full_name', definition: 'ON member (full_name, id)' },
  { name: 'ix_member_status_full_name', definition: 'ON member (status, full_name, id)' },
  {
    name: 'ix_member_organization_full_name',
    definition: 'ON member (organization_id, full_name, id)',
  },
  {
    name: 'ix_action_item_due',
    definition: 'ON action_item (due_on, id) WHERE withdrawn_in_version IS NULL',
  },
  {
    name: 'ix_action_item_open_due',
    definition: `ON action_item (due_on, id) INCLUDE (status)
                 WHERE withdrawn_in_version IS NULL AND status <> 'DONE'`,
  },
];

export class ListIndexes1765600000000 implements MigrationInterface {
  name = 'ListIndexes1765600000000';
  transaction = false;

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { name, definition } of INDEXES) {
      await buildIndexConcurrently(queryRunner, name, definition);
    }
    // Its column leads ix_member_organization_full_name, which serves the same look-ups (and the
    // foreign key's checks).
    await queryRunner.query(`DROP INDEX CONCURRENTLY IF EXISTS ix_member_organization_id`);
  }

  // Plain (not CONCURRENTLY) statements, as in the earlier index migrations: a revert runs in a
  // transaction.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS ix_member_organization_id ON member (organization_id)`,
    );
    for (const { name } of [...INDEXES].reverse()) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${name}`);
    }
  }
}
