import { canonicalJson, sha256Hex } from '@council/core';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: string;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: Record<string, unknown>;
}

// hash = SHA-256(previous hash + canonical content): editing, inserting or deleting any entry breaks
// every hash after it.
export function chainHash(prevHash: string, content: AuditContent): string {
  return hashContent(prevHash, { ...content, occurredAt: content.occurredAt.toISOString() });
}

// The hashed text of an entry around its seq, for an append that learns its seq and previous hash
// only in the statement that writes it (AuditService.record): for any seq,
// chainHash(prevHash, content) = SHA-256(prevHash + beforeSeq + seq + afterSeq).
export function chainHashParts(content: Omit<AuditContent, 'seq'>): {
  beforeSeq: string;
  afterSeq: string;
} {
  const canonical = canonicalContent({
    ...content,
    occurredAt: content.occurredAt.toISOString(),
    seq: '',
  });
  // The first "seq" key is the content's own: the members sorted before it are texts (or nulls),
  // in which a quote is always escaped, and the summary comes after it.
  const at = canonical.indexOf('"seq":""');
  if (at < 0) throw new Error('The canonical content has no seq');
  const split = at + '"seq":"'.length;
  return { beforeSeq: canonical.slice(0, split), afterSeq: canonical.slice(split) };
}

// What is hashed: the content with its time as an ISO string.
type HashedContent = Omit<AuditContent, 'occurredAt'> & { occurredAt: string };

// An entry as read back for verification.
export interface StoredAuditEntry extends HashedContent {
  prevHash: string;
  hash: string;
}

function hashContent(prevHash: string, content: HashedContent): string {
  return sha256Hex(prevHash + canonicalContent(content));
}

// canonicalJson({ seq, occurredAt, actorId, action, entityType, entityId, summary }). The six text
// members, strings or null as stored, go through one JSON.stringify call (for strings and null
// exactly what canonicalJson writes, the keys being listed in canonical order), the summary
// through canonicalJson; any other member types the general way. The verifier does this per entry.
function canonicalContent(content: HashedContent): string {
  const { seq, occurredAt, actorId, action, entityType, entityId, summary } = content;
  if (
    isText(action) &&
    isText(actorId) &&
    isText(entityId) &&
    isText(entityType) &&
    isText(occurredAt) &&
    isText(seq) &&
    typeof summary === 'object'
  ) {
    const texts = JSON.stringify({ action, actorId, entityId, entityType, occurredAt, seq });
    return `${texts.slice(0, -1)},"summary":${canonicalJson(summary)}}`;
  }
  return canonicalJson({ seq, occurredAt, actorId, action, entityType, entityId, summary });
}

const isText = (value: unknown): value is string | null =>
  typeof value === 'string' || value === null;

export type ChainBreak =
  | { seq: string; problem: 'PREV_HASH_MISMATCH'; expected: string; found: string }
  | { seq: string; problem: 'HASH_MISMATCH'; expected: string; found: string }
  | { seq: string; problem: 'GAP'; expected: string; found: string }
  // A stored value the entry's hash cannot be computed from (a timestamp of 'infinity', a
  // summary nested too deep): edited, since the log never writes one.
  | { seq: string; problem: 'UNREADABLE'; expected: string; found: string };

// Follows the chain entry by entry, in seq order: each entry must be the next seq, link to the
// previous entry's hash and hash to what it stores. Stops at the first break.
export class ChainCheck {
  entries = 0;
  firstBreak: ChainBreak | null = null;
  private expectedPrev: string;
  private expectedSeq: bigint;

  // Continues from the last entry of an earlier run, or starts at the genesis.
  constructor(previous: { seq: string; hash: string } | null = null) {
    this.expectedPrev = previous?.hash ?? GENESIS_HASH;
    this.expectedSeq = previous ? BigInt(previous.seq) + 1n : 1n;
  }

  // The hash of the last entry checked (the genesis before the first): recorded elsewhere, it
  // shows later whether entries were removed from the end, which no chain can show by itself.
  get head(): string {
    return this.expectedPrev;
  }

  // false once the chain is broken (firstBreak names the entry).
  add(entry: StoredAuditEntry): boolean {
    if (this.firstBreak) return false;
    this.firstBreak = this.breakAt(entry);
    if (this.firstBreak) return false;
    this.entries += 1;
    this.expectedPrev = entry.hash;
    this.expectedSeq += 1n;
    return true;
  }

  // The chain breaks at an entry that could not be read.
  unreadable(seq: string, reason: string): void {
    this.firstBreak ??= { seq, problem: 'UNREADABLE', expected: 'a readable entry', found: reason };
  }

  private breakAt(entry: StoredAuditEntry): ChainBreak | null {
    if (BigInt(entry.seq) !== this.expectedSeq) {
      const expected = this.expectedSeq.toString();
      return { seq: entry.seq, problem: 'GAP', expected, found: entry.seq };
    }
    if (entry.prevHash !== this.expectedPrev) {
      const expected = this.expectedPrev;
      return { seq: entry.seq, problem: 'PREV_HASH_MISMATCH', expected, found: entry.prevHash };
    }
    const recomputed = hashContent(entry.prevHash, entry);
    if (recomputed !== entry.hash) {
      return { seq: entry.seq, problem: 'HASH_MISMATCH', expected: recomputed, found: entry.hash };
    }
    return null;
  }
}

// Checks one run of consecutive entries, continuing from the previous run's last entry.
export function verifyChainSegment(
  entries: StoredAuditEntry[],
  previous: { seq: string; hash: string } | null,
): ChainBreak | null {
  const check = new ChainCheck(previous);
  for (const entry of entries) {
    if (!check.add(entry)) break;
  }
  return check.firstBreak;
}
