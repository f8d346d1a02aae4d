import { MigrationInterface, QueryRunner } from 'typeorm';

// Who the council's members were when a meeting was held: the quorum counts those, and only they
// can be recorded present afterwards (a member who joined later could otherwise turn a meeting
// that was not quorate into one that was; one suspended since could not be recorded at all).
// Meetings held before this migration keep their frozen count and the earlier rule.
export class MeetingMembersAtStart1765000000000 implements MigrationInterface {
  name = 'MeetingMembersAtStart1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE meeting_member_at_start (
        meeting_id uuid NOT NULL,
        member_id uuid NOT NULL,
        CONSTRAINT pk_meeting_member_at_start PRIMARY KEY (meeting_id, member_id),
        CONSTRAINT fk_meeting_member_at_start_meeting FOREIGN KEY (meeting_id)
          REFERENCES meeting (id) ON DELETE CASCADE,
        CONSTRAINT fk_meeting_member_at_start_member FOREIGN KEY (member_id)
          REFERENCES member (id) ON DELETE RESTRICT
      )`);
  }

  // Refused once a meeting has been held under this rule (found by review): the table cannot be
  // rebuilt, and without it those meetings would fall back to the earlier rule, so that members
  // who joined later could be recorded present and make them quorate after the fact.
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ held }] = (await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM meeting_member_at_start) AS held`,
    )) as Array<{ held: boolean }>;
    if (held) {
      throw new Error(
        'MeetingMembersAtStart cannot be reverted: meetings were held under it, and who counted at them would be lost (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(`DROP TABLE meeting_member_at_start`);
  }
}
