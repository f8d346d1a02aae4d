import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '@council/core';
import {
  AuditContent,
  GENESIS_HASH,
  StoredAuditEntry,
  chainHash,
  chainHashParts,
  verifyChainSegment,
} from './audit-chain';

function chain(length: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    const content = {
      seq: String(index),
      occurredAt: new Date(Date.UTC(2027, 0, 1, 0, 0, index)),
      actorId: null,
      action: 'test.action',
      entityType: 'thing',
      entityId: String(index),
      summary: { n: index, text: 'Заседание Совета' },
    };
    const hash = chainHash(prevHash, content);
    entries.push({ ...content, occurredAt: content.occurredAt.toISOString(), prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit chain', () => {
  it('verifies an intact chain, also in segments', () => {
    const entries = chain(10);
    expect(verifyChainSegment(entries, null)).toBeNull();
    expect(verifyChainSegment(entries.slice(5), { seq: '5', hash: entries[4].hash })).toBeNull();
  });

  it('hashes canonical content: key order of the summary does not matter', () => {
    const base = {
      seq: '1',
      occurredAt: new Date(0),
      actorId: null,
      action: 'a',
      entityType: null,
      entityId: null,
    };
    expect(chainHash(GENESIS_HASH, { ...base, summary: { a: 1, b: 2 } })).toBe(
      chainHash(GENESIS_HASH, { ...base, summary: { b: 2, a: 1 } }),
    );
  });

  it('hashes the same bytes as when the chain was written', () => {
    // Computed by the first implementation: stored chains must keep verifying.
    const content = {
      seq: '7',
      occurredAt: new Date(Date.UTC(2027, 0, 1, 9, 30, 0, 120)),
      actorId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      action: 'meetings.minutes_saved',
      entityType: 'minutes',
      entityId: '42',
      summary: { title: 'Заседание "Совета"', items: [2, 1], at: { z: null, a: 1.5 } },
    };
    expect(chainHash(GENESIS_HASH, content)).toBe(
      '2fb56e51ec35c82c09a3365088c634ed85bd81b95f23d0bb5a2d193975643eee',
    );
  });

  it('hashes the previous hash and canonicalJson of the content, whatever its members hold', () => {
    const text = fc.oneof(
      fc.string(),
      // any UTF-16 code unit: quotes, control characters, lone surrogates
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      fc.constant(null),
    );
    // Not what the types allow, but canonicalJson still decides the bytes.
    const member = fc.oneof(
      text,
      text,
      fc.constant(undefined),
      fc.integer(),
      fc.date({ noInvalidDate: true }),
    );
    const summary = fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.jsonValue(),
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(
        fc.record({
          seq: member,
          actorId: member,
          action: member,
          entityType: member,
          entityId: member,
          summary,
        }),
        fc.date({ noInvalidDate: true }),
        (members, occurredAt) => {
          const content = { ...members, occurredAt } as unknown as AuditContent;
          const canonical = canonicalJson({ ...members, occurredAt: occurredAt.toISOString() });
          expect(chainHash(GENESIS_HASH, content)).toBe(sha256Hex(GENESIS_HASH + canonical));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('splits the hashed text around the seq, for an append that learns its seq in SQL', () => {
    const text = fc.oneof(
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
      // what could pass for the seq key inside a text or the summary
      fc.constantFrom('"seq":""', '","seq":"1', '\\"seq\\":\\"\\"'),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.record({ actorId: text, action: text, entityType: text, entityId: text }),
        fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.constant({ seq: '' })),
        fc.date({ noInvalidDate: true }),
        fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
        fc.string({ minLength: 64, maxLength: 64 }),
        (texts, summary, occurredAt, seq, prevHash) => {
          const content = { ...texts, summary, occurredAt } as Omit<AuditContent, 'seq'>;
          const { beforeSeq, afterSeq } = chainHashParts(content);
          expect(sha256Hex(prevHash + beforeSeq + seq.toString() + afterSeq)).toBe(
            chainHash(prevHash, { ...content, seq: seq.toString() }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the first entry whose content was edited', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], summary: { n: 999 } };
    expect(verifyChainSegment(entries, null)).toMatchObject({ seq: '3', problem: 'HASH_MISMATCH' });
  });

  it('notices a deleted entry and a rewritten link', () => {
    const entries = chain(5);
    expect(verifyChainSegment([...entries.slice(0, 2), ...entries.slice(3)], null)).toMatchObject({
      seq: '4',
      problem: 'GAP',
    });
    const relinked = chain(5);
    relinked[3] = { ...relinked[3], prevHash: GENESIS_HASH };
    expect(verifyChainSegment(relinked, null)).toMatchObject({
      seq: '4',
      problem: 'PREV_HASH_MISMATCH',
    });
  });
});
