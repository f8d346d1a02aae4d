import { MigrationInterface, QueryRunner } from 'typeorm';

// A chair or secretary approving in the place of a suspended co-chair is recorded as such, not as
// standing in for a recused one (the co-chair did not recuse).
export class ApproverForSuspended1764900000000 implements MigrationInterface {
  name = 'ApproverForSuspended1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TYPE election_approver_capacity ADD VALUE IF NOT EXISTS 'CHAIR_FOR_SUSPENDED'`,
    );
    await queryRunner.query(
      `ALTER TYPE election_approver_capacity ADD VALUE IF NOT EXISTS 'SECRETARY_FOR_SUSPENDED'`,
    );
  }

  // PostgreSQL cannot drop an enum value: the type is made again without them. Refused once an
  // approval was given for a suspended co-chair: it would read as given for a recused one, and
  // up again could not tell them apart.
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ given }] = (await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM election_approval
                       WHERE capacity::text IN ('CHAIR_FOR_SUSPENDED', 'SECRETARY_FOR_SUSPENDED')) AS given`,
    )) as Array<{ given: boolean }>;
    if (given) {
      throw new Error(
        'ApproverForSuspended cannot be reverted: approvals were given in the place of a suspended co-chair, and would read as given for a recused one (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(
      `ALTER TYPE election_approver_capacity RENAME TO election_approver_capacity_old`,
    );
    await queryRunner.query(
      `CREATE TYPE election_approver_capacity AS ENUM ('CO_CHAIR', 'CHAIR_FOR_RECUSED', 'SECRETARY_FOR_RECUSED', 'ADMIN')`,
    );
    await queryRunner.query(
      `ALTER TABLE election_approval ALTER COLUMN capacity TYPE election_approver_capacity
         USING (replace(capacity::text, '_FOR_SUSPENDED', '_FOR_RECUSED'))::election_approver_capacity`,
    );
    await queryRunner.query(`DROP TYPE election_approver_capacity_old`);
  }
}
