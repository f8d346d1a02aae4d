import { MigrationInterface, QueryRunner } from 'typeorm';

// An ELECTION item of an agenda may name the election it is about (DOMAIN.md: the leadership is
// elected at a council meeting), so the agenda leads to the vote and the vote's page to its
// meetings. Only an ELECTION item links one (the CHECK), and an election cannot go while an agenda
// names it (elections are never deleted; RESTRICT as for the other records of a vote). The index
// serves "the meetings of this election". agenda_item holds a few thousand rows: brief.
export class AgendaItemElection1766400000000 implements MigrationInterface {
  name = 'AgendaItemElection1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE agenda_item ADD COLUMN election_id uuid`);
    await queryRunner.query(
      `ALTER TABLE agenda_item ADD CONSTRAINT fk_agenda_item_election
         FOREIGN KEY (election_id) REFERENCES election (id) ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE agenda_item ADD CONSTRAINT ck_agenda_item_election
         CHECK (election_id IS NULL OR kind = 'ELECTION')`,
    );
    await queryRunner.query(`CREATE INDEX ix_agenda_item_election_id ON agenda_item (election_id)`);
  }

  // Refused once an agenda names an election: the earlier code has no place for the link, and the
  // secretary's choice would be lost (restore a backup taken before it instead).
  async down(queryRunner: QueryRunner): Promise<void> {
    const [{ linked }] = (await queryRunner.query(
      `SELECT EXISTS (SELECT 1 FROM agenda_item WHERE election_id IS NOT NULL) AS linked`,
    )) as Array<{ linked: boolean }>;
    if (linked) {
      throw new Error(
        'AgendaItemElection cannot be reverted: an agenda item names an election (restore a backup taken before it instead)',
      );
    }
    await queryRunner.query(`ALTER TABLE agenda_item DROP COLUMN election_id`);
  }
}
