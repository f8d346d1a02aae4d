import { MigrationInterface, QueryRunner } from 'typeorm';

// While an amendment of approved minutes is pending, attendance may be corrected; members keep
// seeing the meeting as its approved minutes record it (the corrections are a draft). The flag
// lets a meeting's page know that without reading its minutes.
export class MinutesAmendmentPending1765100000000 implements MigrationInterface {
  name = 'MinutesAmendmentPending1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE meeting ADD COLUMN minutes_amendment_pending boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `UPDATE meeting SET minutes_amendment_pending = true
        WHERE id IN (SELECT meeting_id FROM minutes
                      WHERE approved_version IS NOT NULL AND status <> 'APPROVED')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE meeting DROP COLUMN minutes_amendment_pending`);
  }
}
