import { MigrationInterface, QueryRunner } from 'typeorm';

// Organisation names were unique regardless of case only: "ООО «Ёлочка»", "ООО «Елочка»" and
// 'ООО "Ёлочка"' were three organisations, although Russian writes ё as е at will and quotes in any
// style, and a duplicate cannot be undone (no operation removes an organisation or moves an active
// member). The unique key now also reads ё as е, every double quote as " and every single quote or
// apostrophe as ' (a phone types "O’Brien’s" for "O'Brien's").
// The same expression is in OrganizationsService (ORGANIZATION_NAME_KEY).
const KEY = `lower(translate(name, 'Ёё«»„“”‘’‚‛', 'ЕЕ"""""'''''''''))`;

export class OrganizationNameFold1765800000000 implements MigrationInterface {
  name = 'OrganizationNameFold1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const clashes = (await queryRunner.query(
      `SELECT string_agg(format('%L (id %s)', name, id), ', ' ORDER BY name) AS names
         FROM organization GROUP BY ${KEY} HAVING count(*) > 1`,
    )) as Array<{ names: string }>;
    if (clashes.length > 0) {
      throw new Error(
        `Organisation names must now be unique regardless of case, of ё/е and of the style of ` +
          `quotes; these clash: ${clashes.map((clash) => clash.names).join('; ')}. Rename all ` +
          `but one of each (UPDATE organization SET name = '…' WHERE id = '…') and start again.`,
      );
    }
    await queryRunner.query(`DROP INDEX uq_organization_name_folded`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_organization_name_folded ON organization (${KEY})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX uq_organization_name_folded`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_organization_name_folded ON organization (lower(name))`,
    );
  }
}
