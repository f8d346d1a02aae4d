import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@council/config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@council/database';

// The embedded engine in DATA_DIR, for a command-line tool run while the portal is stopped (while
// it runs, the data directory is locked and this is refused: EmbeddedDatabaseInUseError).
export function startEmbeddedDatabase(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ dataDir: loadConfig().embeddedDataDir, unref: true });
}

// For a command that only reads (audit:verify): a mistyped DATA_DIR is named, instead of being
// filled with a new, empty database that has nothing to verify.
export async function openExistingEmbeddedDatabase(): Promise<EmbeddedPostgres> {
  const dataDir = loadConfig().embeddedDataDir;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `no embedded database in ${dataDir}: is DATA_DIR right? (the portal creates it when it first starts)`,
    );
  }
  return startEmbeddedPostgres({ dataDir, unref: true });
}
