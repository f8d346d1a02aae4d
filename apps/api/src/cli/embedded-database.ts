import { join } from 'node:path';
import { loadConfig } from '@council/config';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@council/database';

// The embedded engine in DATA_DIR, for a command-line tool run while the portal is stopped (while
// it runs, the data directory is locked and this is refused: EmbeddedDatabaseInUseError).
export function startEmbeddedDatabase(): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({ dataDir: join(loadConfig().DATA_DIR, 'pglite'), unref: true });
}
