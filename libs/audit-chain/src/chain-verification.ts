import { ClientBase, Query, types } from 'pg';
import { ChainBreak, ChainCheck, StoredAuditEntry } from './audit-chain';

export interface ChainVerification {
  entries: number;
  firstBreak: ChainBreak | null;
  // The hash of the last entry verified.
  head: string;
  // The hash of the entry asked for (`at`), when the chain reached it intact.
  hashAt?: string;
}

export interface AuditRow {
  seq: string;
  // PostgreSQL's text of the timestamptz (see isoTimestamp)
  occurred_at: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

// Where the verifier reads rows: hands each row of one statement to onRow, in order.
export interface AuditRowSource {
  eachRow(sql: string, parameters: unknown[], onRow: (row: AuditRow) => void): Promise<void>;
}

// Anything whose query() resolves to the rows, such as a TypeORM DataSource.
export interface SqlRunner {
  query(sql: string, parameters: unknown[]): Promise<unknown[]>;
}

export function queriedRows(sql: SqlRunner): AuditRowSource {
  return {
    async eachRow(statement, parameters, onRow) {
      for (const row of await sql.query(statement, parameters)) onRow(row as AuditRow);
    },
  };
}

// The rows of a pg client one by one as they arrive, none kept: the command-line verifier reads
// the whole log this way, without the garbage collector copying pages of rows around.
export function streamedRows(client: ClientBase): AuditRowSource {
  return {
    eachRow: (statement, parameters, onRow) =>
      new Promise((resolve, reject) => {
        const query = client.query(new Query<AuditRow>(statement, parameters));
        query.on('row', onRow);
        query.on('end', () => resolve());
        query.on('error', reject);
      }),
  };
}

const VERIFY_BATCH = 10_000;

// Keyset pages in chain order (short statements, however long the log). occurred_at comes as
// text: turning that into the hashed ISO string costs less than pg's parsing into a Date and back.
const SELECT_BATCH = `
  SELECT seq, occurred_at::text AS occurred_at, actor_id, action, entity_type, entity_id, summary,
         prev_hash, hash
    FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2`;

// Recomputes every entry's hash and checks every link and seq, from the first entry to the last.
// `at`: the seq of an entry whose hash the caller wants too (a head recorded elsewhere).
export async function verifyAuditChain(
  rows: AuditRowSource,
  batchSize = VERIFY_BATCH,
  at?: string,
): Promise<ChainVerification> {
  let hashAt: string | undefined;
  const check = new ChainCheck();
  // From the smallest bigint, not from 0: a row slipped in before the first entry (seq 0 or
  // below) is read, and breaks the chain, instead of being skipped.
  let lastSeq = '-9223372036854775808';
  let read: number;
  do {
    read = 0;
    await rows.eachRow(SELECT_BATCH, [lastSeq, batchSize], (row) => {
      read += 1;
      if (check.firstBreak) return;
      try {
        if (check.add(storedEntry(row))) {
          lastSeq = row.seq;
          if (String(row.seq) === at) hashAt = row.hash;
        }
      } catch (error) {
        // A value the hash cannot be computed from was edited in: the chain breaks there (and
        // thrown from inside the driver's row event, it would not reach the caller anyway).
        check.unreadable(String(row.seq), error instanceof Error ? error.message : String(error));
      }
    });
  } while (read === batchSize && !check.firstBreak);
  return {
    entries: check.entries,
    firstBreak: check.firstBreak,
    head: check.head,
    ...(hashAt === undefined ? {} : { hashAt }),
  };
}

function storedEntry(row: AuditRow): StoredAuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: isoTimestamp(row.occurred_at),
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: row.summary,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (
  text: string,
) => Date | number;
const UTC_MILLISECONDS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00$/;
// The digits of the seconds' fraction after the third (PostgreSQL leaves out trailing zeros, so
// any such digit means a fraction of a millisecond).
const BELOW_MILLISECONDS = /:\d{2}\.\d{3}(\d+)/;

// A timestamptz's text as Date.toISOString() writes it. The usual case (a UTC session, at most
// milliseconds) by hand; anything else (another offset or DateStyle, BC, year 10000 and later)
// through pg's own parser, exactly as entries were read before. Entries are written with
// milliseconds; a value edited below the millisecond keeps its extra digits ("…05.123456Z"), so
// it no longer hashes as written instead of being rounded back into an intact entry.
export function isoTimestamp(text: string): string {
  const match = UTC_MILLISECONDS.exec(text);
  if (match) return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0')}Z`;
  const iso = new Date(parseTimestamptz(text)).toISOString();
  const below = BELOW_MILLISECONDS.exec(text);
  return below ? iso.replace(/Z$/, `${below[1]}Z`) : iso;
}
