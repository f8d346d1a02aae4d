import { MigrationInterface, QueryRunner } from 'typeorm';

// An invitation ended early (issued again, or its issuer suspended) was ended by moving its
// expiry to the instant of the ending, read from the ending instance's clock: another instance
// whose clock is a little behind (or this one, stepped back by NTP) still found it unexpired and
// let its token in. The ending is a state of its own now; existing ended invitations keep their
// moved expiry, which is already past on every clock.
export class InvitationEnded1766500000000 implements MigrationInterface {
  name = 'InvitationEnded1766500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE invitation ADD COLUMN ended_at timestamptz`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE invitation DROP COLUMN ended_at`);
  }
}
