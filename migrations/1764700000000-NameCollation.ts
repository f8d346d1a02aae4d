import { MigrationInterface, QueryRunner } from 'typeorm';

// Names are listed alphabetically: in the database's default collation (C on the embedded engine
// and on many servers) "Ёлкина" came before "Абрамова" and every lower-case name after every
// upper-case one. ICU's root collation ("und-x-icu", present in PostgreSQL built with ICU, as every
// distribution's is, and in the embedded engine) sorts Cyrillic and Latin as readers expect, with
// Ё beside Е. Organisation names are also unique regardless of case.
export class NameCollation1764700000000 implements MigrationInterface {
  name = 'NameCollation1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Names that differ only in case would stop the unique index, and start-up with it: say which.
    const clashes = (await queryRunner.query(
      `SELECT string_agg(format('%L (id %s)', name, id), ', ' ORDER BY name) AS names
         FROM organization GROUP BY lower(name COLLATE "und-x-icu") HAVING count(*) > 1`,
    )) as Array<{ names: string }>;
    if (clashes.length > 0) {
      throw new Error(
        `Organisation names must now be unique regardless of case; these differ only in case: ` +
          `${clashes.map((clash) => clash.names).join('; ')}. Rename all but one of each ` +
          `(UPDATE organization SET name = '…' WHERE id = '…') and start again.`,
      );
    }
    await queryRunner.query(
      `ALTER TABLE member ALTER COLUMN full_name TYPE text COLLATE "und-x-icu"`,
    );
    await queryRunner.query(
      `ALTER TABLE organization ALTER COLUMN name TYPE text COLLATE "und-x-icu"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_organization_name_folded ON organization (lower(name))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX uq_organization_name_folded`);
    await queryRunner.query(
      `ALTER TABLE organization ALTER COLUMN name TYPE text COLLATE pg_catalog."default"`,
    );
    await queryRunner.query(
      `ALTER TABLE member ALTER COLUMN full_name TYPE text COLLATE pg_catalog."default"`,
    );
  }
}
