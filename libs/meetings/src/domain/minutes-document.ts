import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@council/core';

export enum DecisionOutcome {
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}

// Version 2 adds when the agenda was published and when the meeting was recorded held, so the sealed
// record itself shows a meeting recorded after the fact. Version 3 adds a random nonce to every
// version: its hash is shown to those who may not read it (previousHash of the next version, the
// audit log), and without the nonce anyone could confirm a guess at a draft's content (votes,
// outcomes, who was present) by hashing candidates offline. Versions stored before keep their
// schema (1 or 2), their body and their hash; only new versions are built as schema 3.
export const MINUTES_SCHEMA = 'council-minutes/3';
export type MinutesSchema = 'council-minutes/1' | 'council-minutes/2' | typeof MINUTES_SCHEMA;

// 128 random bits, base64url (22 characters): not to be guessed, and plain text in jsonb.
const NONCE_BYTES = 16;
export const MINUTES_NONCE_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function newMinutesNonce(): string {
  return randomBytes(NONCE_BYTES).toString('base64url');
}

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
  // Schema 3 on: random per version, so its hash reveals nothing to whoever cannot read it. It is
  // part of the canonical content, so whoever reads the version recomputes the hash as before.
  nonce?: string;
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
        // Whichever of the row's number and its body's differs (the body's when both do).
        found: stored.body.version !== expectedVersion ? stored.body.version : stored.version,
      };
    }
    if (stored.previousHash !== previous || stored.body.previousHash !== previous) {
      return {
        version: stored.version,
        problem: 'PREVIOUS_HASH_MISMATCH',
        expected: previous,
        found:
          stored.body.previousHash !== previous ? stored.body.previousHash : stored.previousHash,
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

export type MinutesRecordBreak =
  | MinutesChainBreak
  | { version: number; problem: 'APPROVAL_HASH_MISMATCH'; expected: string; found: string };

// The chain of versions, then the approvals' bound hashes (approvedHash: what the approval of that
// version recorded, null when it has none): the break found, or null.
export function verifyMinutesRecord(
  versions: ReadonlyArray<StoredMinutesVersion & { approvedHash: string | null }>,
): MinutesRecordBreak | null {
  const chainBreak = verifyMinutesChain(versions);
  if (chainBreak) return chainBreak;
  const rebound = versions.find(
    (stored) => stored.approvedHash !== null && stored.approvedHash !== stored.contentHash,
  );
  return rebound
    ? {
        version: rebound.version,
        problem: 'APPROVAL_HASH_MISMATCH',
        expected: rebound.approvedHash!,
        found: rebound.contentHash,
      }
    : null;
}
