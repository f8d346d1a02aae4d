import { ConflictError } from '@council/core';
import {
  MINUTES_TRANSITIONS,
  MinutesEvent,
  MinutesStatus,
  nextMinutesStatus,
} from './minutes-lifecycle';
import { StoredMinutesVersion, minutesContentHash, verifyMinutesChain } from './minutes-document';
import { buildMinutesDocument, normalizeMinutesItems } from './minutes-rules';

const ITEM = 'bbbbbbbb-0000-4000-8000-000000000001';
const EVENTS = Object.values(MinutesEvent);

// A small deterministic generator (mulberry32), so a failing sequence can be replayed by its seed.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

// Random sequences of save / submit / return / approve / amend against the pure rules, checking
// after every step: the versions form one chain, every approved version's seal recomputes, an
// approval seals exactly the latest version, and only the table's transitions ever happen.
describe('minutes: random edit/approve/amend sequences keep one verifiable chain', () => {
  it.each(Array.from({ length: 40 }, (_, index) => index + 1))('seed %i', (seed) => {
    const next = random(seed);
    let status: MinutesStatus | null = null;
    const versions: StoredMinutesVersion[] = [];
    const approved = new Map<number, string>();
    for (let step = 0; step < 60; step += 1) {
      const event = EVENTS[Math.floor(next() * EVENTS.length)];
      let to: MinutesStatus;
      if (status === null) {
        // Before the first draft there is nothing to submit, approve or amend.
        if (event !== MinutesEvent.SAVE) continue;
        to = MinutesStatus.DRAFT;
      } else if (MINUTES_TRANSITIONS[status][event] === undefined) {
        const from = status;
        expect(() => nextMinutesStatus(from, event)).toThrow(ConflictError);
        continue;
      } else {
        to = nextMinutesStatus(status, event);
      }
      if (event === MinutesEvent.SAVE || event === MinutesEvent.AMEND) {
        const previous = versions.at(-1);
        const body = buildMinutesDocument(
          normalizeMinutesItems([{ agendaItemId: ITEM, discussion: `шаг ${step}: ${next()}` }]),
          {
            meeting: {
              id: ITEM,
              title: 'Заседание',
              startsAt: new Date('2027-01-01T08:00:00Z'),
              location: 'Технопарк',
              publishedAt: new Date('2026-12-20T08:00:00Z'),
              heldAt: new Date('2027-01-01T08:00:00Z'),
            },
            meetingDate: '2027-01-01',
            agenda: new Map([[ITEM, { title: 'Вопрос', position: 1 }]]),
            attendance: { activeMembers: 3, present: [], absent: [], excused: [] },
            knownMembers: new Set(),
            activeMembers: new Set(),
            knownActionItems: new Set(),
            carriedAssignees: new Map(),
            version: (previous?.version ?? 0) + 1,
            previousHash: previous?.contentHash ?? null,
            nonce: Buffer.from([seed, step, ...Array<number>(14).fill(7)]).toString('base64url'),
          },
        );
        versions.push({
          version: body.version,
          previousHash: body.previousHash,
          contentHash: minutesContentHash(body),
          body,
        });
      }
      if (event === MinutesEvent.APPROVE) {
        const latest = versions.at(-1)!;
        expect(approved.has(latest.version)).toBe(false);
        approved.set(latest.version, latest.contentHash);
      }
      status = to;
      expect(verifyMinutesChain(versions)).toBeNull();
      for (const [version, hash] of approved) {
        expect(minutesContentHash(versions[version - 1].body)).toBe(hash);
      }
      if (status === MinutesStatus.APPROVED) expect(approved.has(versions.length)).toBe(true);
    }
  });
});
