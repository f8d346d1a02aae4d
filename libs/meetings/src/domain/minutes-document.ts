import { canonicalJson, sha256Hex } from '@council/core';

export enum DecisionOutcome {
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}

// Version 2 adds when the agenda was published and when the meeting was recorded held, so the sealed
// record itself shows a meeting recorded after the fact. Versions stored before keep schema 1.
export const MINUTES_SCHEMA = 'council-minutes/2';
export type MinutesSchema = 'council-minutes/1' | typeof MINUTES_SCHEMA;

export interface MinutesDecisionRecord {
  text: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstained: number;
  outcome: DecisionOutcome;
}

export interface MinutesActionItemRecord {
  // Stable across versions, so the status tracked after approval follows the item.
  id: string;
  title: string;
  assigneeId: string;
  // A calendar date in the council's time zone (YYYY-MM-DD).
  dueOn: string;
}

export interface MinutesItemRecord {
  agendaItemId: string;
  agendaItemTitle: string;
  position: number;
  discussion: string;
  decisions: MinutesDecisionRecord[];
  actionItems: MinutesActionItemRecord[];
}

export interface MinutesAttendanceRecord {
  activeMembers: number | null;
  present: string[];
  absent: string[];
  excused: string[];
}

// One version of the minutes, self-contained: what is sealed at approval is exactly this document.
// previousHash chains every version to the one before it, so the history is a single chain.
export interface MinutesDocument {
  schema: MinutesSchema;
  meeting: {
    id: string;
    title: string;
    startsAt: string;
    location: string;
    // Schema 2 on: ISO instants.
    publishedAt?: string;
    heldAt?: string;
  };
  version: number;
  previousHash: string | null;
  attendance: MinutesAttendanceRecord;
  items: MinutesItemRecord[];
}

// Sorted keys, no whitespace: the same content always serialises to the same bytes, whatever the
// order its objects were built in (or came back from jsonb in).
export function canonicalMinutes(document: MinutesDocument): string {
  return canonicalJson(document);
}

export function minutesContentHash(document: MinutesDocument): string {
  return sha256Hex(canonicalMinutes(document));
}

export interface StoredMinutesVersion {
  version: number;
  previousHash: string | null;
  contentHash: string;
  body: MinutesDocument;
}

export type MinutesChainBreak =
  | { version: number; problem: 'HASH_MISMATCH'; expected: string; found: string }
  | {
      version: number;
      problem: 'PREVIOUS_HASH_MISMATCH';
      expected: string | null;
      found: string | null;
    }
  | { version: number; problem: 'VERSION_GAP'; expected: number; found: number };

// Recomputes every version's hash from its body and checks the links between versions.
export function verifyMinutesChain(
  versions: readonly StoredMinutesVersion[],
): MinutesChainBreak | null {
  let previous: string | null = null;
  let expectedVersion = 1;
  for (const stored of [...versions].sort((a, b) => a.version - b.version)) {
    if (stored.version !== expectedVersion || stored.body.version !== stored.version) {
      return {
        version: stored.version,
        problem: 'VERSION_GAP',
        expected: expectedVersion,
        found: stored.body.version,
      };
    }
    if (stored.previousHash !== previous || stored.body.previousHash !== previous) {
      return {
        version: stored.version,
        problem: 'PREVIOUS_HASH_MISMATCH',
        expected: previous,
        found: stored.body.previousHash,
      };
    }
    const recomputed = minutesContentHash(stored.body);
    if (recomputed !== stored.contentHash) {
      return {
        version: stored.version,
        problem: 'HASH_MISMATCH',
        expected: recomputed,
        found: stored.contentHash,
      };
    }
    previous = stored.contentHash;
    expectedVersion += 1;
  }
  return null;
}
