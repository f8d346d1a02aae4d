import { canonicalJson, sha256Hex } from '@council/core';
import { Ruleset } from './ruleset';

// Hashes that seal what was counted and what was approved: recomputed from the stored rows, they
// show any later change of the electorate, the ballots or the results.

// For an array of strings, JSON.stringify already is the canonical JSON (there are no keys to
// order), and it is native: these lists hold one entry per voter.
export function electorateDigest(memberIds: readonly string[]): string {
  return sha256Hex(JSON.stringify([...memberIds].sort()));
}

// Order-independent: the digest of a ballot box does not depend on the order it is stored in.
export function listDigest(items: readonly unknown[]): string {
  return sha256Hex(JSON.stringify(items.map((item) => canonicalJson(item)).sort()));
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
