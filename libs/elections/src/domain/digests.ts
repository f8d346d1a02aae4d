import { createHmac } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@council/core';
import { Ruleset } from './ruleset';

// Hashes that seal what was counted and what was approved: recomputed from the stored rows, they
// show any later change of the electorate, the ballots or the results.

// For an array of strings, JSON.stringify already is the canonical JSON (there are no keys to
// order), and it is native: these lists hold one entry per voter.
export function electorateDigest(memberIds: readonly string[]): string {
  return sha256Hex(JSON.stringify([...memberIds].sort()));
}

// The register of who voted, sealed at the close. Keyed (HMAC-SHA256 with a random key per election
// that only the database keeps): the members and the turnout are known to the officers who read
// the audit log, and an unkeyed digest would let them try groups of members until one matched.
export function participantsDigest(key: Buffer, memberIds: readonly string[]): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([...memberIds].sort()))
    .digest('hex');
}

// Order-independent: the digest of a ballot box does not depend on the order it is stored in.
// SHA-256 of the canonical JSON of the sorted canonical JSONs of the items. Each distinct item (a
// value, or an object by identity) is canonicalised and sorted once: a box of 10,000 ballots holds
// few distinct ones.
export function listDigest(items: readonly unknown[]): string {
  const canonicalOf = new Map<unknown, string>();
  const counts = new Map<string, number>();
  for (const item of items) {
    let canonical = canonicalOf.get(item);
    if (canonical === undefined) {
      canonical = canonicalJson(item);
      canonicalOf.set(item, canonical);
    }
    counts.set(canonical, (counts.get(canonical) ?? 0) + 1);
  }
  const sorted: string[] = [];
  for (const canonical of [...counts.keys()].sort()) {
    for (let n = counts.get(canonical)!; n > 0; n -= 1) sorted.push(canonical);
  }
  return sha256Hex(JSON.stringify(sorted));
}

export interface TallySnapshot {
  electionId: string;
  electorateDigest: string;
  electorateSize: number;
  turnout: number;
  ruleset: Ruleset;
  contests: Array<{
    id: string;
    ordinal: number;
    status: string;
    validBallots: number | null;
    abstentions: number | null;
    results: Array<{ memberId: string; votes: number; noVotes: number | null; elected: boolean }>;
  }>;
}

export function tallyDigest(snapshot: TallySnapshot): string {
  return sha256Hex(
    canonicalJson({
      ...snapshot,
      contests: [...snapshot.contests]
        .sort((a, b) => a.ordinal - b.ordinal)
        .map((contest) => ({
          ...contest,
          results: [...contest.results].sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
        })),
    }),
  );
}
