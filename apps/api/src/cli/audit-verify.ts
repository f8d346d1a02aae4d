// npm run audit:verify — walks the whole audit chain and exits non-zero at the first broken entry.
// Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: one process at a
// time may open an embedded data directory).
// Start-up is a large part of the command's time: it loads pg and the chain only, and the embedded
// engine (with the validated configuration) only when there is no DATABASE_URL.
import { Client } from 'pg';
import { AuditRowSource, streamedRows, verifyAuditChain } from '@council/audit-chain';

export interface AuditVerifyOutcome {
  exitCode: number;
  message: string;
}

export async function auditVerify(rows: AuditRowSource): Promise<AuditVerifyOutcome> {
  const started = Date.now();
  const result = await verifyAuditChain(rows);
  if (!result.firstBreak) {
    return {
      exitCode: 0,
      message: `audit chain intact: ${result.entries} entries verified in ${Date.now() - started} ms; head #${result.entries} ${result.head}`,
    };
  }
  const { seq, problem, expected, found } = result.firstBreak;
  return {
    exitCode: 1,
    message: `audit chain BROKEN at entry #${seq}: ${problem} (expected ${expected}, found ${found}); ${result.entries} entries before it verified`,
  };
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await (await import('./embedded-database.js')).startEmbeddedDatabase();
  const client = new Client({
    connectionString: embedded?.url ?? process.env.DATABASE_URL,
    application_name: 'council-portal audit:verify',
    connectionTimeoutMillis: 5000,
    // Each keyset page takes far less. No query_timeout: pg would then keep every row of a page
    // (streamedRows relies on it keeping none).
    statement_timeout: 30_000,
    options: '-c TimeZone=UTC -c DateStyle=ISO',
  });
  // A connection lost mid-walk is emitted as an 'error' event, which would otherwise crash the
  // process with exit 1 ("broken"): it is a failure to verify (2).
  let lost: Error | undefined;
  client.on('error', (error) => {
    lost ??= error;
  });
  await client.connect();
  try {
    const outcome = await auditVerify(streamedRows(client));
    if (lost) throw lost;
    (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
    process.exitCode = outcome.exitCode;
  } finally {
    await client.end();
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  });
}
