import { domainToUnicode } from 'node:url';
import { MigrationInterface, QueryRunner } from 'typeorm';

// An e-mail's punycode labels ("xn--…") are read in their own script since 094a665, and every
// address is looked up in that form; addresses stored before were kept as typed, so a member
// stored as "puny@xn--e1afmkfd.xn--p1ai" could not log in (either spelling was looked up as
// "puny@пример.рф") and an invitation to their mailbox made a second account. Stored addresses
// take the form they are looked up in, by the rule of normalizeEmail (libs/accounts/src/domain/
// email.ts: label by label, only a label that is punycode). Two accounts of one mailbox stop the
// migration with a message naming them, to be told apart first. Nothing to undo: the old release
// reads an address in its own script as it was typed.
const PUNYCODE_LABEL = /^xn--[a-z0-9-]+$/;

function unicodeDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0 || !email.includes('xn--', at)) return email;
  const domain = email
    .slice(at + 1)
    .split('.')
    .map((label) => (PUNYCODE_LABEL.test(label) ? domainToUnicode(label) || label : label))
    .join('.');
  return `${email.slice(0, at + 1)}${domain.normalize('NFC')}`;
}

export class EmailDomainUnicode1766100000000 implements MigrationInterface {
  name = 'EmailDomainUnicode1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const stored = (await queryRunner.query(
      `SELECT id, email FROM member WHERE email LIKE '%@%xn--%' FOR UPDATE`,
    )) as Array<{ id: string; email: string }>;
    const changes = stored
      .map((row) => ({ ...row, unicode: unicodeDomain(row.email) }))
      .filter((row) => row.unicode !== row.email);
    if (changes.length === 0) return;
    // Each address as it will be, with every account it would then name: the converted ones and
    // one stored in that form already.
    const clashes = (await queryRunner.query(
      `SELECT string_agg(DISTINCT format('%L (id %s)', m.email, m.id), ', '
                         ORDER BY format('%L (id %s)', m.email, m.id)) AS names
         FROM unnest($1::uuid[], $2::text[]) AS c(id, unicode)
         JOIN member m ON m.email = c.unicode OR m.id = c.id
        GROUP BY c.unicode HAVING count(DISTINCT m.id) > 1`,
      [changes.map((row) => row.id), changes.map((row) => row.unicode)],
    )) as Array<{ names: string }>;
    if (clashes.length > 0) {
      throw new Error(
        `E-mail addresses are now one mailbox whether their domain is written in its own script ` +
          `or in punycode (xn--); these accounts share one: ` +
          `${clashes.map((clash) => clash.names).join('; ')}. Give all but one of each another ` +
          `address (UPDATE member SET email = '…' WHERE id = '…') and start again.`,
      );
    }
    await queryRunner.query(
      `UPDATE member m SET email = c.unicode
         FROM unnest($1::uuid[], $2::text[]) AS c(id, unicode) WHERE m.id = c.id`,
      [changes.map((row) => row.id), changes.map((row) => row.unicode)],
    );
  }

  async down(): Promise<void> {
    // Nothing to undo (see above).
  }
}
