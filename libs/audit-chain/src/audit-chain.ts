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
  return sha256Hex(
    prevHash +
      canonicalJson({
        seq: content.seq,
        occurredAt: content.occurredAt.toISOString(),
        actorId: content.actorId,
        action: content.action,
        entityType: content.entityType,
        entityId: content.entityId,
        summary: content.summary,
      }),
  );
}

export interface StoredAuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

export type ChainBreak =
  | { seq: string; problem: 'PREV_HASH_MISMATCH'; expected: string; found: string }
  | { seq: string; problem: 'HASH_MISMATCH'; expected: string; found: string }
  | { seq: string; problem: 'GAP'; expected: string; found: string };

// Checks one run of consecutive entries, continuing from the previous run's last entry.
export function verifyChainSegment(
  entries: StoredAuditEntry[],
  previous: { seq: string; hash: string } | null,
): ChainBreak | null {
  let expectedPrev = previous?.hash ?? GENESIS_HASH;
  let expectedSeq = previous ? BigInt(previous.seq) + 1n : 1n;
  for (const entry of entries) {
    if (BigInt(entry.seq) !== expectedSeq) {
      return { seq: entry.seq, problem: 'GAP', expected: expectedSeq.toString(), found: entry.seq };
    }
    if (entry.prevHash !== expectedPrev) {
      return {
        seq: entry.seq,
        problem: 'PREV_HASH_MISMATCH',
        expected: expectedPrev,
        found: entry.prevHash,
      };
    }
    const recomputed = chainHash(entry.prevHash, entry);
    if (recomputed !== entry.hash) {
      return { seq: entry.seq, problem: 'HASH_MISMATCH', expected: recomputed, found: entry.hash };
    }
    expectedPrev = entry.hash;
    expectedSeq += 1n;
  }
  return null;
}
