// What audit:verify and minutes:verify share: the database (DATABASE_URL, or the embedded one in
// DATA_DIR, loaded only then), one connection, and the exit codes: 0 intact, 1 broken (the
// outcome's), 2 when the command could not verify (an error, one line, no stack).
import { Client } from 'pg';
import { SESSION_OPTIONS, withSessionOptions } from '@council/core';

export interface VerificationOutcome {
  exitCode: number;
  message: string;
}

export async function runVerification(
  command: string,
  // The message when the database has none of the tables verified (undefined_table): a database
  // the portal never migrated, or another one altogether.
  noTables: string,
  verify: (client: Client) => Promise<VerificationOutcome>,
): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await (await import('./embedded-database.js')).openExistingEmbeddedDatabase();
  const url = embedded?.url ?? process.env.DATABASE_URL!;
  const client = new Client({
    connectionString: withSessionOptions(url),
    application_name: `council-portal ${command}`,
    connectionTimeoutMillis: 5000,
    // Each page takes far less. No query_timeout: pg would then keep every row of a page
    // (audit:verify's streamedRows relies on it keeping none).
    statement_timeout: 30_000,
    options: SESSION_OPTIONS,
  });
  // A connection lost mid-walk is emitted as an 'error' event, which would otherwise crash the
  // process with exit 1 ("broken"): it is a failure to verify (2).
  let lost: Error | undefined;
  client.on('error', (error) => {
    lost ??= error;
  });
  await client.connect();
  try {
    const outcome = await verify(client).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === '42P01') throw new Error(noTables);
      throw error;
    });
    if (lost) throw lost;
    (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
    process.exitCode = outcome.exitCode;
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

// For `main().catch(…)` of a command run as a script.
export function exitUnverified(command: string): (error: unknown) => never {
  return (error) => {
    process.stderr.write(
      `${command} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  };
}
