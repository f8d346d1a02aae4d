// DATABASE_URL=<the schema owner's URL> npm run db:grant-app-role -- --role <role>
// Gives an existing database role what the portal needs at run time and nothing more: rows of
// every table, but only SELECT and INSERT on the append-only records and only SELECT on the
// migrations table; no schema changes. The portal then connects as that role with
// MIGRATIONS_AT_START=check, and the owner runs the migrations (README, "A role that owns nothing").
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { escapeIdentifier } from 'pg';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom } from '@council/database';
import { grantAppRole } from '../database/app-role';
import { createDataSource } from '../database/migrate';

const USAGE = 'usage: DATABASE_URL=<owner URL> npm run db:grant-app-role -- --role <role>';

export function roleOf(args: string[]): string | null {
  let role: string | undefined;
  try {
    role = parseArgs({ args, options: { role: { type: 'string' } } }).values.role;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return null;
  }
  if (!role) {
    process.stderr.write(`${USAGE}\n`);
    return null;
  }
  return role;
}

export async function main(args = process.argv.slice(2)): Promise<number> {
  const role = roleOf(args);
  if (role === null) return 2;
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  if (config.isEmbeddedDatabase) {
    process.stderr.write(
      `db:grant-app-role needs DATABASE_URL: the embedded engine serves the portal alone\n${USAGE}\n`,
    );
    return 2;
  }
  const dataSource = createDataSource({
    ...databaseSettingsFrom(config, config.DATABASE_URL!),
    poolSize: 1,
  });
  await dataSource.initialize();
  try {
    const grant = await grantAppRole(dataSource, role);
    process.stdout.write(
      [
        `Granted to "${role}":`,
        ...grant.statements.map((statement) => `  ${statement};`),
        grant.canVacuum
          ? ''
          : "Before PostgreSQL 17 only a table's owner may VACUUM it: after a vote closes, its deleted ballots stay in the tables' pages until autovacuum's next round (a minute by default; keep autovacuum on).",
        grant.schemaOpenToCreate
          ? `Warning: "${role}" may still create objects in the schema (CREATE granted to PUBLIC, PostgreSQL's default before 15); as the schema's owner: REVOKE CREATE ON SCHEMA ${escapeIdentifier(grant.schema)} FROM PUBLIC`
          : '',
        `Start the portal as "${role}" with MIGRATIONS_AT_START=check.`,
        '',
      ]
        .filter((line, index, lines) => line !== '' || index === lines.length - 1)
        .join('\n'),
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // A refusal, a bad setting, the server's own error (a role without the right to grant):
      // the message says it all; nothing was granted (one transaction).
      process.stderr.write(
        `db:grant-app-role failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
