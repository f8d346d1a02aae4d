import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

const logger = new Logger('BallotVacuum');

// Deleted ballots and codes stay in the tables' pages as dead rows until VACUUM, still readable to
// whoever can read the disk, and each written by the same statement (same transaction id) as its
// voter's participation row. After the close seals the box, and after a vote is cancelled, they
// are vacuumed away. Outside the transaction (VACUUM cannot run in one); a failure is logged.
export async function vacuumBallotTables(dataSource: DataSource, after: string): Promise<void> {
  try {
    await dataSource.query('VACUUM election_ballot, election_tracking_code');
  } catch (error) {
    logger.warn(`VACUUM after ${after} failed: ${(error as Error).message}`);
  }
}
