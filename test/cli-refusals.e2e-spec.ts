import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@council/core';
import { queryOnce, withDatabase } from '@council/testing';
import { main as adminInvite } from '../apps/api/src/cli/admin-invite';
import { main as auditVerify } from '../apps/api/src/cli/audit-verify';
import { main as minutesVerify } from '../apps/api/src/cli/minutes-verify';

// Found by review: audit:verify pointed at a DATA_DIR with no database (a typo) created one there
// (some 40 MB) and then answered `relation "audit_entry" does not exist`, naming neither.
describe('audit:verify and minutes:verify on a DATA_DIR without a database', () => {
  it('creates nothing and names DATA_DIR', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'council-cli-')), 'typo');
    const saved = { dir: process.env.DATA_DIR, url: process.env.DATABASE_URL };
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    try {
      await expect(auditVerify([])).rejects.toThrow(
        /^no embedded database in .*typo\/pglite: is DATA_DIR right\?/,
      );
      await expect(minutesVerify()).rejects.toThrow(
        /^no embedded database in .*typo\/pglite: is DATA_DIR right\?/,
      );
    } finally {
      process.env.DATA_DIR = saved.dir;
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});

// Found by review: `admin:invite` migrated the database it was given before it checked its own
// arguments, so a mistyped e-mail aimed at the wrong database still wrote the portal's schema
// there. A refused command now opens nothing. PostgreSQL only: without DATABASE_URL the command
// would open the embedded engine in DATA_DIR.
(process.env.DATABASE_URL ? describe : describe.skip)('command-line refusals (e2e)', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const database = `council_cli_${Date.now().toString(36)}_${process.pid}`;
  beforeAll(() => queryOnce(serverUrl, `CREATE DATABASE "${database}"`));
  afterAll(() => queryOnce(serverUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

  it('admin:invite with a malformed e-mail leaves the database it names untouched', async () => {
    const url = withDatabase(serverUrl, database);
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    try {
      const refusal = await adminInvite([
        '--email',
        'not-an-email',
        '--name',
        'Оператор',
        '--organization',
        'Дирекция',
      ]).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).reason).toBe('INVALID_EMAIL');
    } finally {
      process.env.DATABASE_URL = saved;
    }
    expect(
      await queryOnce(url, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`),
    ).toEqual([{ n: 0 }]);
  });

  it('audit:verify on a database that was never migrated says so', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = withDatabase(serverUrl, database);
    try {
      await expect(auditVerify([])).rejects.toThrow(
        'this database has no audit log: is it the portal’s, and migrated?',
      );
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
