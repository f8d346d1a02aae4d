// npm run admin:invite -- --email <e-mail> --name "<full name>" --organization "<organisation>"
// Invites the first administrator of a council that has no active one (a fresh deployment, or one
// whose first admin never accepted) and prints the invitation token once; they accept it with the
// acceptInvitation mutation and choose their password. Uses DATABASE_URL (migrating it first, or
// checking it with MIGRATIONS_AT_START=check), or the embedded database in DATA_DIR (stop the
// portal first: one process at a time may open it).
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AdminBootstrapService, MIN_PASSWORD_LENGTH, firstAdminCommandOf } from '@council/accounts';
import { ConfigError, loadConfig, resolveJwtSecret } from '@council/config';
import { DomainError } from '@council/core';
import {
  EmbeddedDatabaseInUseError,
  SessionSettingsError,
  databaseFailureOf,
  databaseSettingsFrom,
} from '@council/database';
import { createApp } from '../bootstrap';
import { SchemaNotReadyError, prepareSchema } from '../database/migrate';
import { startEmbeddedDatabase } from './embedded-database';

const USAGE =
  'usage: npm run admin:invite -- --email <e-mail> --name "<full name>" --organization "<organisation>"';

// The three options, or null (after printing the usage) when they are missing or mistyped.
export function optionsOf(
  args: string[],
): { email: string; name: string; organization: string } | null {
  let values: { email?: string; name?: string; organization?: string };
  try {
    values = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        organization: { type: 'string' },
      },
    }).values;
  } catch (error) {
    // An unknown option (a typo), a missing value: parseArgs's message says which.
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return null;
  }
  const { email, name, organization } = values;
  if (!email || !name || !organization) {
    process.stderr.write(`${USAGE}\n`);
    return null;
  }
  return { email, name, organization };
}

export async function main(args = process.argv.slice(2)): Promise<number> {
  const values = optionsOf(args);
  if (!values) return 2;
  const command = firstAdminCommandOf({
    email: values.email,
    fullName: values.name,
    organizationName: values.organization,
  });
  // Only warnings: the invitation below is the command's output.
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const embedded = config.isEmbeddedDatabase ? await startEmbeddedDatabase() : undefined;
  try {
    const databaseUrl = embedded?.url ?? config.DATABASE_URL!;
    await prepareSchema(databaseSettingsFrom(config, databaseUrl), config.MIGRATIONS_AT_START);
    const app = await createApp({ config, databaseUrl, jwtSecret: resolveJwtSecret(config) });
    try {
      const invitation = await app.get(AdminBootstrapService).inviteFirstAdmin(command);
      process.stdout.write(
        [
          `Administrator invited: ${invitation.member.fullName} <${invitation.member.email}>`,
          `Invitation token (shown once, valid until ${invitation.expiresAt.toISOString()}):`,
          `  ${invitation.token}`,
          `They accept it and choose a password (${MIN_PASSWORD_LENGTH} characters or more) with:`,
          `  mutation { acceptInvitation(input: { token: "${invitation.token}", password: "…" }) { accessToken } }`,
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

// A refusal, a bad setting or a data directory in use is explained by its message (found by
// review: the last printed a stack trace); anything else by its stack.
export function failureText(error: unknown): string {
  if (error instanceof DomainError) {
    return `${error.reason}: ${error.message}${error.fields ? ` ${JSON.stringify(error.fields)}` : ''}`;
  }
  if (
    error instanceof ConfigError ||
    error instanceof EmbeddedDatabaseInUseError ||
    error instanceof SchemaNotReadyError ||
    error instanceof SessionSettingsError
  ) {
    return error.message;
  }
  // The database not reached or refusing the connection (TLS, pg_hba.conf, password): its message
  // says why, the stack only where in pg.
  if (error instanceof Error && databaseFailureOf(error)?.kind === 'UNAVAILABLE') {
    return `database unavailable: ${error.message}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`admin:invite failed: ${failureText(error)}\n`);
      process.exit(1);
    },
  );
}
