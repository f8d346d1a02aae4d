import { MigrationInterface, QueryRunner } from 'typeorm';

// The app never deletes an election, a roster or a meeting; the cascades from them served no
// write path and let one stray DELETE (an operator's clean-up, a bug) take with it the records of
// a vote (contests, nominations, results, approvals, the electorate, who voted, the sealed box),
// a roster's seats, or a meeting's agenda, its revisions, attendance and roll. RESTRICT instead:
// the parent cannot go while they exist. Ballots and tracking codes keep their cascade: they are
// moved into the box at the close and deleted on a cancellation anyway.
// And APPROVED minutes must name their approved version: `approved_version = current_version`
// alone let a NULL through (a CHECK passes on NULL).
const FOREIGN_KEYS: Array<{ table: string; name: string; definition: string }> = [
  {
    table: 'election_contest',
    name: 'fk_election_contest_election',
    definition: 'FOREIGN KEY (election_id) REFERENCES election (id)',
  },
  {
    table: 'election_nomination',
    name: 'fk_election_nomination_contest',
    definition: 'FOREIGN KEY (contest_id) REFERENCES election_contest (id)',
  },
  {
    table: 'election_contest_result',
    name: 'fk_election_contest_result_contest',
    definition: 'FOREIGN KEY (contest_id) REFERENCES election_contest (id)',
  },
  {
    table: 'election_approval',
    name: 'fk_election_approval_election',
    definition: 'FOREIGN KEY (election_id) REFERENCES election (id)',
  },
  {
    table: 'election_elector',
    name: 'fk_election_elector_election',
    definition: 'FOREIGN KEY (election_id) REFERENCES election (id)',
  },
  {
    table: 'election_participation',
    name: 'fk_election_participation_elector',
    definition:
      'FOREIGN KEY (election_id, member_id) REFERENCES election_elector (election_id, member_id)',
  },
  {
    table: 'election_ballot_box',
    name: 'fk_election_ballot_box_election',
    definition: 'FOREIGN KEY (election_id) REFERENCES election (id)',
  },
  {
    table: 'seat',
    name: 'fk_seat_roster',
    definition: 'FOREIGN KEY (term_label) REFERENCES roster (term_label)',
  },
  {
    table: 'agenda_item',
    name: 'fk_agenda_item_meeting',
    definition: 'FOREIGN KEY (meeting_id) REFERENCES meeting (id)',
  },
  {
    table: 'agenda_change',
    name: 'fk_agenda_change_meeting',
    definition: 'FOREIGN KEY (meeting_id) REFERENCES meeting (id)',
  },
  {
    table: 'attendance',
    name: 'fk_attendance_meeting',
    definition: 'FOREIGN KEY (meeting_id) REFERENCES meeting (id)',
  },
  {
    table: 'meeting_member_at_start',
    name: 'fk_meeting_member_at_start_meeting',
    definition: 'FOREIGN KEY (meeting_id) REFERENCES meeting (id)',
  },
];

export class GovernanceRecordsKept1766200000000 implements MigrationInterface {
  name = 'GovernanceRecordsKept1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, name, definition } of FOREIGN_KEYS) {
      await queryRunner.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${name},
           ADD CONSTRAINT ${name} ${definition} ON DELETE RESTRICT`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE minutes DROP CONSTRAINT ck_minutes_approved_status,
         ADD CONSTRAINT ck_minutes_approved_status
           CHECK (status <> 'APPROVED' OR (approved_version IS NOT NULL AND approved_version = current_version))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE minutes DROP CONSTRAINT ck_minutes_approved_status,
         ADD CONSTRAINT ck_minutes_approved_status
           CHECK (status <> 'APPROVED' OR approved_version = current_version)`,
    );
    for (const { table, name, definition } of [...FOREIGN_KEYS].reverse()) {
      await queryRunner.query(
        `ALTER TABLE ${table} DROP CONSTRAINT ${name},
           ADD CONSTRAINT ${name} ${definition} ON DELETE CASCADE`,
      );
    }
  }
}
