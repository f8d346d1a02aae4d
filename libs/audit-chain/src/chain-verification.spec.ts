import { types } from 'pg';
import { GENESIS_HASH, chainHash } from './audit-chain';
import { AuditRowSource, isoTimestamp, queriedRows, verifyAuditChain } from './chain-verification';

const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ);
// How entries were read before: pg's Date, then toISOString.
const viaDate = (text: string) => new Date(parseTimestamptz(text)).toISOString();

describe('isoTimestamp', () => {
  it('writes every millisecond as pg’s Date and toISOString did', () => {
    for (let ms = 0; ms < 1000; ms += 1) {
      // PostgreSQL leaves out trailing zeros of the fraction.
      const fraction = String(ms).padStart(3, '0').replace(/0+$/, '');
      const text = `2027-01-01 09:30:05${fraction ? `.${fraction}` : ''}+00`;
      expect(isoTimestamp(text)).toBe(viaDate(text));
    }
  });

  it('gives anything else to pg’s parser', () => {
    for (const text of [
      '2027-01-01 12:30:05.25+03',
      '2027-01-01 09:30:05+05:30',
      '0044-03-15 12:00:00+00',
      '0044-03-15 12:00:00+00 BC',
      '12027-01-01 09:30:05+00',
    ]) {
      expect(isoTimestamp(text)).toBe(viaDate(text));
    }
  });

  it('keeps a fraction of a millisecond, which no entry is written with', () => {
    expect(isoTimestamp('2027-01-01 09:30:05.123456+00')).toBe('2027-01-01T09:30:05.123456Z');
    expect(isoTimestamp('2027-01-01 09:30:05.1234+00')).toBe('2027-01-01T09:30:05.1234Z');
    expect(isoTimestamp('2027-01-01 12:30:05.000001+03')).toBe('2027-01-01T09:30:05.000001Z');
  });
});

// audit_entry rows as the verifier selects them, served by keyset pages like PostgreSQL would.
function table(length: number) {
  const rows = [];
  let prevHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    const content = {
      seq: String(index),
      occurredAt: new Date(Date.UTC(2027, 0, 1, 0, 0, index, index * 10)),
      actorId: null,
      action: 'test.action',
      entityType: 'thing',
      entityId: String(index),
      summary: { n: index },
    };
    const hash = chainHash(prevHash, content);
    rows.push({
      seq: content.seq,
      occurred_at: content.occurredAt
        .toISOString()
        .replace('T', ' ')
        .replace(/\.?0*Z$/, '+00'),
      actor_id: content.actorId,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      summary: content.summary,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  return rows;
}

function runner(rows: ReturnType<typeof table>): AuditRowSource {
  return queriedRows({
    async query(_sql, [after, limit]) {
      return rows.filter((row) => Number(row.seq) > Number(after)).slice(0, Number(limit));
    },
  });
}

describe('verifyAuditChain', () => {
  it('verifies a chain read in pages, also one that ends on a page boundary', async () => {
    const rows = table(25);
    expect(await verifyAuditChain(runner(rows), 10)).toEqual({
      entries: 25,
      firstBreak: null,
      head: rows[24].hash,
    });
    expect(await verifyAuditChain(runner(table(20)), 10)).toMatchObject({
      entries: 20,
      firstBreak: null,
    });
    expect(await verifyAuditChain(runner([]), 10)).toEqual({
      entries: 0,
      firstBreak: null,
      head: GENESIS_HASH,
    });
  });

  it('notices an entry deleted at a page boundary', async () => {
    const rows = table(25).filter((row) => row.seq !== '11');
    expect(await verifyAuditChain(runner(rows), 10)).toMatchObject({
      entries: 10,
      firstBreak: { seq: '12', problem: 'GAP', expected: '11', found: '12' },
    });
  });

  it('notices a row slipped in before the first entry', async () => {
    const rows = table(5);
    const forged = { ...rows[0], seq: '0', hash: 'f'.repeat(64) };
    expect(await verifyAuditChain(runner([forged, ...rows]), 10)).toMatchObject({
      entries: 0,
      firstBreak: { seq: '0', problem: 'GAP', expected: '1', found: '0' },
    });
  });

  it('notices a time edited below the millisecond', async () => {
    const rows = table(5);
    rows[2] = { ...rows[2], occurred_at: rows[2].occurred_at.replace('+00', '0001+00') };
    expect(rows[2].occurred_at).toMatch(/\.\d{4,}\+00$/);
    expect(await verifyAuditChain(runner(rows), 10)).toMatchObject({
      entries: 2,
      firstBreak: { seq: '3', problem: 'HASH_MISMATCH', found: rows[2].hash },
    });
  });

  it('names the first edited entry, in a later page', async () => {
    const rows = table(25);
    rows[22] = { ...rows[22], summary: { n: 999 } };
    rows[23] = { ...rows[23], action: 'edited' };
    expect(await verifyAuditChain(runner(rows), 10)).toMatchObject({
      entries: 22,
      firstBreak: { seq: '23', problem: 'HASH_MISMATCH', found: rows[22].hash },
    });
  });

  // Found by review: such a row made the command fail with "could not verify" (exit 2), so an
  // edit that broke the chain read as an outage. The log never writes one: the chain breaks there.
  it('breaks at a row it cannot read, naming it, and does not hang', async () => {
    const infinite = table(5);
    infinite[3] = { ...infinite[3], occurred_at: 'infinity' };
    expect(await verifyAuditChain(runner(infinite), 10)).toMatchObject({
      entries: 3,
      firstBreak: { seq: '4', problem: 'UNREADABLE', found: 'Invalid time value' },
    });
    const deep = table(5);
    let nested: Record<string, unknown> = {};
    const summary = nested;
    for (let depth = 0; depth < 20_000; depth += 1) nested = nested.next = {};
    deep[1] = { ...deep[1], summary: summary as { n: number } };
    expect(await verifyAuditChain(runner(deep), 10)).toMatchObject({
      entries: 1,
      firstBreak: { seq: '2', problem: 'UNREADABLE' },
    });
  });
});
