import { GENESIS_HASH, StoredAuditEntry, chainHash, verifyChainSegment } from './audit-chain';

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
    entries.push({ ...content, prevHash, hash });
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
