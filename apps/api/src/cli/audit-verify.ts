// npm run audit:verify [-- --head N:HASH] — walks the whole audit chain and exits non-zero at the
// first broken entry, or when the chain no longer reaches a head recorded earlier.
// Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: one process at a
// time may open an embedded data directory).
// Start-up is a large part of the command's time: it loads pg and the chain only, and the embedded
// engine (with the validated configuration) only when there is no DATABASE_URL.
import { AuditRowSource, streamedRows, verifyAuditChain } from '@council/audit-chain';
import { VerificationOutcome, exitUnverified, runVerification } from './verification-command';

// A head printed by an earlier run and kept outside the database: the chain must still reach that
// entry, with that hash. Without one, anyone who can write to the database can remove the newest
// entries, or rewrite entries and recompute every hash after them, and the chain still verifies.
export interface RecordedHead {
  seq: string;
  hash: string;
}

const HEAD_ARGUMENT = /^([1-9]\d{0,18}):([0-9a-f]{64})$/;

// `--head N:HASH` (or `--head=N:HASH`), as a run printed `head #N HASH`; null when not given.
export function recordedHeadFrom(args: readonly string[]): RecordedHead | null {
  let given: string | null = null;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--head') {
      index += 1;
      given = args[index] ?? '';
    } else if (arg.startsWith('--head=')) {
      given = arg.slice('--head='.length);
    } else {
      throw new Error(
        `unknown argument ${JSON.stringify(arg)}; usage: audit:verify [--head N:HASH]`,
      );
    }
  }
  if (given === null) return null;
  const match = HEAD_ARGUMENT.exec(given.trim().replace(/^#/, '').toLowerCase());
  if (!match) {
    throw new Error(
      '--head takes the number and hash of an entry, as N:HASH (64 hexadecimal digits)',
    );
  }
  return { seq: match[1], hash: match[2] };
}

export async function auditVerify(
  rows: AuditRowSource,
  recorded: RecordedHead | null = null,
): Promise<VerificationOutcome> {
  const started = Date.now();
  const result = await verifyAuditChain(rows, undefined, recorded?.seq);
  if (result.firstBreak) {
    const { seq, problem, expected, found } = result.firstBreak;
    return {
      exitCode: 1,
      message: `audit chain BROKEN at entry #${seq}: ${problem} (expected ${expected}, found ${found}); ${result.entries} entries before it verified`,
    };
  }
  const intact = `${result.entries} entries verified in ${Date.now() - started} ms; head #${result.entries} ${result.head}`;
  if (!recorded) {
    return {
      exitCode: 0,
      message: `audit chain intact: ${intact}${result.entries === 0 ? ' (the log is empty)' : ''}`,
    };
  }
  if (result.hashAt === undefined) {
    return {
      exitCode: 1,
      message: `audit chain SHORTER than the recorded head #${recorded.seq}: it ends at #${result.entries} (entries were removed from the end); ${intact}`,
    };
  }
  if (result.hashAt !== recorded.hash) {
    return {
      exitCode: 1,
      message: `audit chain REWRITTEN: entry #${recorded.seq} has hash ${result.hashAt}, the recorded head ${recorded.hash} (entries up to it were changed and the hashes recomputed); ${intact}`,
    };
  }
  return {
    exitCode: 0,
    message: `audit chain intact and reaches the recorded head #${recorded.seq}: ${intact}`,
  };
}

export async function main(args = process.argv.slice(2)): Promise<void> {
  const recorded = recordedHeadFrom(args);
  await runVerification(
    'audit:verify',
    'this database has no audit log: is it the portal’s, and migrated?',
    (client) => auditVerify(streamedRows(client), recorded),
  );
}

if (require.main === module) {
  main().catch(exitUnverified('audit:verify'));
}
