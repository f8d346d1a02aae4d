// npm run minutes:verify — recomputes the seal of every version of every meeting's minutes, checks
// each version's link to the one before it, and that each approval is bound to the seal of the
// version it approved (MinutesReader.verify, for every meeting at once). Exits 1 naming the first
// break of each broken minutes, 2 when it could not verify.
// Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the portal first: one process at a
// time may open an embedded data directory).
import { groupBy } from '@council/core';
import { MinutesDocument, verifyMinutesRecord } from '@council/meetings';
import { VerificationOutcome, exitUnverified, runVerification } from './verification-command';

// What runs the two statements: pg's Client#query in the command, the app's DataSource in tests.
export type RowQuery = (sql: string, parameters: unknown[]) => Promise<unknown[]>;

// Minutes read per round: each version's body may hold up to 200,000 characters.
const MINUTES_PER_PAGE = 50;

interface VersionRow {
  minutes_id: string;
  version: number;
  body: MinutesDocument;
  content_hash: string;
  previous_hash: string | null;
  approved_hash: string | null;
}

export async function minutesVerify(query: RowQuery): Promise<VerificationOutcome> {
  const started = Date.now();
  const broken: string[] = [];
  let minutesSeen = 0;
  let versionsSeen = 0;
  let approvalsSeen = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const minutes = (await query(
      `SELECT id::text AS id, meeting_id::text AS meeting_id FROM minutes
        WHERE id > $1::uuid ORDER BY id LIMIT ${MINUTES_PER_PAGE}`,
      [after],
    )) as { id: string; meeting_id: string }[];
    if (minutes.length === 0) break;
    after = minutes[minutes.length - 1].id;
    const rows = (await query(
      `SELECT v.minutes_id::text AS minutes_id, v.version, v.body, v.content_hash,
              v.previous_hash, a.content_hash AS approved_hash
         FROM minutes_version v
         LEFT JOIN minutes_approval a ON a.minutes_version_id = v.id
        WHERE v.minutes_id = ANY($1::uuid[])
        ORDER BY v.minutes_id, v.version`,
      [minutes.map((row) => row.id)],
    )) as VersionRow[];
    const versionsOf = groupBy(
      minutes.map((row) => row.id),
      rows,
      (row) => row.minutes_id,
    );
    for (const [index, { meeting_id: meetingId }] of minutes.entries()) {
      const versions = versionsOf[index];
      minutesSeen += 1;
      versionsSeen += versions.length;
      approvalsSeen += versions.filter((row) => row.approved_hash !== null).length;
      const problem = firstProblem(versions);
      if (problem) broken.push(`minutes of meeting ${meetingId} BROKEN at version ${problem}`);
    }
  }
  const counted = `${minutesSeen} minutes, ${versionsSeen} versions, ${approvalsSeen} approvals`;
  if (broken.length > 0) {
    return {
      exitCode: 1,
      message: [...broken, `${broken.length} of ${counted} broken`].join('\n'),
    };
  }
  return {
    exitCode: 0,
    message: `minutes intact: ${counted} verified in ${Date.now() - started} ms`,
  };
}

// The break verifyMinutesRecord finds (MinutesReader.verify's), as one line.
function firstProblem(versions: readonly VersionRow[]): string | null {
  const found = verifyMinutesRecord(
    versions.map((row) => ({
      version: row.version,
      previousHash: row.previous_hash,
      contentHash: row.content_hash,
      body: row.body,
      approvedHash: row.approved_hash,
    })),
  );
  if (!found) return null;
  if (found.problem === 'APPROVAL_HASH_MISMATCH') {
    return `${found.version}: APPROVAL_HASH_MISMATCH (approved ${found.expected}, sealed ${found.found})`;
  }
  return `${found.version}: ${found.problem} (expected ${found.expected}, found ${found.found})`;
}

export async function main(): Promise<void> {
  await runVerification(
    'minutes:verify',
    'this database has no minutes: is it the portal’s, and migrated?',
    (client) =>
      minutesVerify(
        async (sql, parameters) =>
          (await client.query<Record<string, unknown>>(sql, parameters)).rows,
      ),
  );
}

if (require.main === module) {
  main().catch(exitUnverified('minutes:verify'));
}
