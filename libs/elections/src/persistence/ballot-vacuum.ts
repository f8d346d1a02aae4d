import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

const logger = new Logger('BallotVacuum');

// The tables ballots and tracking codes are cast into, emptied for the vote at its close (or its
// cancellation) and then vacuumed; a database role that owns nothing needs MAINTAIN on them.
export const VACUUMED_BALLOT_TABLES = ['election_ballot', 'election_tracking_code'] as const;

// Deleted ballots and codes stay in the tables' pages as dead rows until VACUUM, still readable to
// whoever can read the disk, and each written by the same statement (same transaction id) as its
// voter's participation row. After the close seals the box, and after a vote is cancelled, they
// are vacuumed away. Outside the transaction (VACUUM cannot run in one); a failure is logged.
// A role that may not vacuum a table (it owns nothing, README "A role that owns nothing") gets a
// warning, not an error, from PostgreSQL: that is logged too, or the rows' staying would go unseen.
export async function vacuumBallotTables(dataSource: DataSource, after: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const skipped: string[] = [];
  const onNotice = (notice: { severity?: string; message?: string }) => {
    if (notice.severity === 'WARNING' && notice.message) skipped.push(notice.message);
  };
  try {
    const connection = (await runner.connect()) as PoolClient;
    connection.on('notice', onNotice);
    try {
      await runner.query(`VACUUM ${VACUUMED_BALLOT_TABLES.join(', ')}`);
    } finally {
      connection.off('notice', onNotice);
    }
  } catch (error) {
    logger.warn(`VACUUM after ${after} failed: ${(error as Error).message}`);
  } finally {
    await runner.release();
  }
  if (skipped.length > 0) {
    logger.warn(
      `VACUUM after ${after} skipped tables (${skipped.join('; ')}): the deleted ballots and codes stay in their pages until autovacuum's next round (autovacuum_naptime, a minute by default); the portal vacuums them at once if its database role owns them or, on PostgreSQL 17+, holds MAINTAIN on them`,
    );
  }
}
