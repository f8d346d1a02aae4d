import { MigrationInterface, QueryRunner } from 'typeorm';

// A close deletes the vote's ballots and tracking codes from these two tables (they move into the
// sealed box), but the deleted rows stay readable in the tables' pages until a VACUUM, each still
// sharing its transaction id with its voter's participation row. The portal vacuums the tables
// itself right after, when its database role may: a role that owns nothing may not before
// PostgreSQL 17 (README, "A role that owns nothing"), and autovacuum's default threshold (more
// than 50 dead rows plus 20 % of the rows the table was last estimated to hold) may never be
// reached by the ballots of a council of some sixty members (seen on PostgreSQL 15: 40 deleted
// rows stayed). With both at zero, autovacuum's next round (autovacuum_naptime, a minute by
// default) vacuums a table as soon as it holds a dead row (seen: the same 40 went at the next
// round); between votes the tables are empty, so this costs nothing.
const TABLES = ['election_ballot', 'election_tracking_code'];

export class BallotTablesVacuumedPromptly1766300000000 implements MigrationInterface {
  name = 'BallotTablesVacuumedPromptly1766300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(
        `ALTER TABLE ${table} SET (autovacuum_vacuum_threshold = 0, autovacuum_vacuum_scale_factor = 0)`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await queryRunner.query(
        `ALTER TABLE ${table} RESET (autovacuum_vacuum_threshold, autovacuum_vacuum_scale_factor)`,
      );
    }
  }
}
