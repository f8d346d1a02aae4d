import { MigrationInterface, QueryRunner } from 'typeorm';

// Organisation names were unique regardless of case, ё/е and the style of quotes, yet one typed
// with Latin or Greek letters that look like Cyrillic ones ("OOO «Ромашка»" with Latin O's, a
// keyboard left on the Latin layout; "АО «MTC»"), quoted with ‟…” or ‹…›, or written with a
// Unicode hyphen made a second organisation that reads exactly as the first everywhere, and no
// operation removes one. The key now also reads ‟ as ", ‹ and › as ', the hyphens U+2010 and
// U+2011 as -, and, once lower-cased, each Latin or Greek letter whose capital or small form looks
// like a Cyrillic letter as that letter (each script maps one to one, so two names written in
// one script still clash only when they differ by case alone).
// The same expression is in OrganizationsService (ORGANIZATION_NAME_KEY).
const KEY =
  `translate(lower(translate(name, 'Ёё«»„“”‟‘’‚‛‹›‐‑', 'ЕЕ""""""''''''''''''--')), ` +
  `'abcehkmoptxyαβεηκμορτχυ', 'авсенкмортхуавенкмортху')`;
const PREVIOUS_KEY = `lower(translate(name, 'Ёё«»„“”‘’‚‛', 'ЕЕ"""""'''''''''))`;

export class OrganizationLookAlikes1766000000000 implements MigrationInterface {
  name = 'OrganizationLookAlikes1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const clashes = (await queryRunner.query(
      `SELECT string_agg(format('%L (id %s)', name, id), ', ' ORDER BY name) AS names
         FROM organization GROUP BY ${KEY} HAVING count(*) > 1`,
    )) as Array<{ names: string }>;
    if (clashes.length > 0) {
      throw new Error(
        `Organisation names must now be unique regardless of case, of ё/е, of the style of ` +
          `quotes and of Latin or Greek letters that look like Cyrillic ones; these clash: ` +
          `${clashes.map((clash) => clash.names).join('; ')}. Rename all but one of each ` +
          `(UPDATE organization SET name = '…' WHERE id = '…') and start again.`,
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
      `CREATE UNIQUE INDEX uq_organization_name_folded ON organization (${PREVIOUS_KEY})`,
    );
  }
}
