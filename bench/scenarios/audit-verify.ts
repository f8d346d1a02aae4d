import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { median } from '../load';
import { DIST, fromDist, run } from '../processes';
import { ScenarioEntry } from '../report';
import { SETTINGS, TARGETS } from '../settings';

// Scenario 5: `npm run audit:verify` over the generated chain. `npm run audit:verify` is
// `nest build api && node dist/apps/api/src/cli/audit-verify.js`; the build is not part of the
// verification, so the compiled command is timed as a whole process (start-up, connection, reading
// every row, canonical JSON, hashing). Baseline: SHA-256 over the very same bytes in a loop.
export async function auditVerifyScenario(db: Client, databaseUrl: string): Promise<ScenarioEntry> {
  const entries = SETTINGS.auditEntries;
  const runs: number[] = [];
  const inProcess: number[] = [];
  let output = '';
  for (let i = 0; i < SETTINGS.repetitions; i++) {
    const outcome = run(
      process.execPath,
      [join(DIST, 'apps/api/src/cli/audit-verify.js')],
      { DATABASE_URL: databaseUrl, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      { pin: true, allowFailure: true },
    );
    output = (outcome.stdout + outcome.stderr).trim();
    if (outcome.code !== 0 || !output.includes(`${entries} entries verified`)) {
      return failed(`audit:verify exited ${outcome.code}: ${output.slice(0, 300)}`);
    }
    runs.push(outcome.ms);
    const reported = / in (\d+) ms/.exec(output);
    if (reported) inProcess.push(Number(reported[1]));
  }

  // The bytes the verifier hashes: previous hash + canonical JSON of each entry.
  const { canonicalJson } = fromDist<{ canonicalJson(value: unknown): string }>(
    'libs/core/src/canonical-json.js',
  );
  const rows = await db.query<{
    seq: string;
    occurred_at: Date;
    actor_id: string | null;
    action: string;
    entity_type: string | null;
    entity_id: string | null;
    summary: Record<string, unknown>;
    prev_hash: string;
    hash: string;
  }>('SELECT * FROM audit_entry ORDER BY seq');
  const inputs = rows.rows.map((row) =>
    Buffer.from(
      row.prev_hash +
        canonicalJson({
          seq: String(row.seq),
          occurredAt: new Date(row.occurred_at).toISOString(),
          actorId: row.actor_id,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          summary: row.summary,
        }),
    ),
  );
  const hashRuns: number[] = [];
  let mismatches = 0;
  for (let i = 0; i < SETTINGS.repetitions; i++) {
    const started = process.hrtime.bigint();
    const hashes = inputs.map((input) => createHash('sha256').update(input).digest('hex'));
    hashRuns.push(Number(process.hrtime.bigint() - started) / 1e6);
    mismatches = hashes.filter((hash, index) => hash !== rows.rows[index].hash).length;
  }
  if (mismatches) return failed(`baseline recomputed ${mismatches} different hashes`);

  const verifyMs = median(runs);
  const hashMs = median(hashRuns);
  const ratio = verifyMs / hashMs;
  return {
    name: `audit:verify, ${entries.toLocaleString('en')} entries`,
    measures:
      'wall time of the compiled audit:verify command (process start to exit), median of the runs',
    measured: {
      entries,
      ms: verifyMs,
      minMs: Math.min(...runs),
      maxMs: Math.max(...runs),
      // the verification alone, as the command reports it (without Node's start-up)
      verifyMs: inProcess.length ? median(inProcess) : null,
    },
    baseline: { hashLoopMs: hashMs },
    ratio,
    target: `≤ ${TARGETS.verifyRatio}× and ≤ ${TARGETS.verifyMaxMs} ms`,
    met: ratio <= TARGETS.verifyRatio && verifyMs <= TARGETS.verifyMaxMs,
    notes: [output],
  };
}

function failed(error: string): ScenarioEntry {
  return {
    name: 'audit:verify',
    measures: '',
    measured: {},
    baseline: null,
    ratio: null,
    target: `≤ ${TARGETS.verifyRatio}× and ≤ ${TARGETS.verifyMaxMs} ms`,
    met: false,
    notes: [],
    error,
  };
}
