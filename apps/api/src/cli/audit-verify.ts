// npm run audit:verify — walks the whole audit chain and exits non-zero at the first broken entry.
// Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: one process at a
// time may open an embedded data directory).
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '@council/audit';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom, startEmbeddedPostgres } from '@council/database';
import { createDataSource } from '../database/migrate';

export interface AuditVerifyOutcome {
  exitCode: number;
  message: string;
}

export async function auditVerify(dataSource: DataSource): Promise<AuditVerifyOutcome> {
  const started = Date.now();
  const result = await verifyAuditChain(dataSource);
  if (!result.firstBreak) {
    return {
      exitCode: 0,
      message: `audit chain intact: ${result.entries} entries verified in ${Date.now() - started} ms`,
    };
  }
  const { seq, problem, expected, found } = result.firstBreak;
  return {
    exitCode: 1,
    message: `audit chain BROKEN at entry #${seq}: ${problem} (expected ${expected}, found ${found}); ${result.entries} entries before it verified`,
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.isEmbeddedDatabase
    ? await startEmbeddedPostgres({ dataDir: join(config.DATA_DIR, 'pglite'), unref: true })
    : undefined;
  const dataSource = createDataSource(
    databaseSettingsFrom(config, embedded?.url ?? config.DATABASE_URL!),
  );
  await dataSource.initialize();
  try {
    const outcome = await auditVerify(dataSource);
    (outcome.exitCode === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
    process.exitCode = outcome.exitCode;
  } finally {
    await dataSource.destroy();
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
