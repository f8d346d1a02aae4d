import { createHash, createHmac } from 'node:crypto';
import {
  TallySnapshot,
  electorateDigest,
  listDigest,
  participantsDigest,
  tallyDigest,
} from './digests';
import { MajorityRule, QuorumComparison, Ruleset, TiePolicy } from './ruleset';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// The digests are stored (with the tally, in the audit log) and recomputed from the rows later: a
// change of their format would make every stored election look tampered with. Each is checked
// against its definition written out here, independently of the code.
describe('digests', () => {
  describe('electorateDigest', () => {
    it('is SHA-256 of the JSON array of the sorted member ids, whatever order they come in', () => {
      const members = [id(3), id(1), id(2)];
      expect(electorateDigest(members)).toBe(sha256(JSON.stringify([id(1), id(2), id(3)])));
      expect(electorateDigest([...members].reverse())).toBe(electorateDigest(members));
      expect(members).toEqual([id(3), id(1), id(2)]); // the caller's array is left as it was
    });

    it('changes with a member more or less', () => {
      const digest = electorateDigest([id(1), id(2)]);
      expect(electorateDigest([id(1)])).not.toBe(digest);
      expect(electorateDigest([id(1), id(2), id(3)])).not.toBe(digest);
      expect(electorateDigest([id(1), id(1), id(2)])).not.toBe(digest);
    });
  });

  describe('participantsDigest', () => {
    const key = Buffer.alloc(32, 7);

    it('is HMAC-SHA256 under the election key of the sorted ids, so it cannot be recomputed without the key', () => {
      const voters = [id(2), id(1)];
      const sortedJson = JSON.stringify([id(1), id(2)]);
      expect(participantsDigest(key, voters)).toBe(
        createHmac('sha256', key).update(sortedJson).digest('hex'),
      );
      expect(participantsDigest(key, voters)).not.toBe(sha256(sortedJson));
      expect(participantsDigest(Buffer.alloc(32, 8), voters)).not.toBe(
        participantsDigest(key, voters),
      );
      expect(participantsDigest(key, [id(1), id(2)])).toBe(participantsDigest(key, voters));
    });
  });

  describe('listDigest', () => {
    // The definition: SHA-256 of the JSON array of the sorted canonical JSONs of the items.
    const canonical = (value: unknown): string =>
      Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : value !== null && typeof value === 'object'
          ? `{${Object.keys(value)
              .sort()
              .map(
                (key) =>
                  `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`,
              )
              .join(',')}}`
          : JSON.stringify(value);
    const byDefinition = (items: unknown[]) => sha256(JSON.stringify(items.map(canonical).sort()));

    const ballot = (contest: number, candidate: number) => ({
      selections: [{ contestId: id(contest), answer: 'YES', candidateId: id(candidate) }],
      trackingCode: null,
    });

    it('follows its definition, and does not depend on the order of the items or of their keys', () => {
      const items = [
        ballot(1, 2),
        ballot(1, 3),
        ballot(1, 2),
        { b: 1, a: [2, { d: 'я', c: null }] },
      ];
      expect(listDigest(items)).toBe(byDefinition(items));
      expect(listDigest([...items].reverse())).toBe(listDigest(items));
      expect(listDigest([{ a: [2, { c: null, d: 'я' }], b: 1 }, ...items.slice(0, 3)])).toBe(
        listDigest(items),
      );
    });

    it('counts each item as often as it occurs, the same object or an equal one', () => {
      const same = ballot(1, 2);
      const other = ballot(1, 3);
      expect(listDigest([same, same, other])).toBe(listDigest([ballot(1, 2), ballot(1, 2), other]));
      expect(listDigest([same, same, other])).not.toBe(listDigest([same, other, other]));
      expect(listDigest([same, other])).not.toBe(listDigest([same, same, other]));
      expect(listDigest([])).toBe(sha256('[]'));
    });

    it('agrees with its definition on a large box of few distinct ballots', () => {
      const distinct = [ballot(1, 2), ballot(1, 3), ballot(2, 4), { abstained: true }];
      const box = Array.from({ length: 2_000 }, (_, n) => distinct[(n * 7919) % distinct.length]);
      expect(listDigest(box)).toBe(byDefinition(box));
    });
  });

  describe('tallyDigest', () => {
    // Written out, not DEFAULT_RULESET: the pinned hash pins the digest's format, and a new default
    // for later elections changes no stored tally.
    const ruleset: Ruleset = {
      quorum: { numerator: 1, denominator: 2, comparison: QuorumComparison.MORE_THAN },
      majority: MajorityRule.PLURALITY,
      tiePolicy: TiePolicy.RUNOFF,
    };
    const snapshot = (): TallySnapshot => ({
      electionId: id(100),
      electorateDigest: electorateDigest([id(1), id(2), id(3)]),
      electorateSize: 3,
      turnout: 3,
      ruleset,
      contests: [
        {
          id: id(201),
          ordinal: 1,
          status: 'DECIDED',
          validBallots: 3,
          abstentions: 0,
          results: [
            { memberId: id(1), votes: 2, noVotes: null, elected: true },
            { memberId: id(2), votes: 1, noVotes: null, elected: false },
          ],
        },
        {
          id: id(202),
          ordinal: 2,
          status: 'DECIDED',
          validBallots: 2,
          abstentions: 1,
          results: [{ memberId: id(3), votes: 2, noVotes: 0, elected: true }],
        },
      ],
    });

    // Pinned: the hash stored with a tallied election is recomputed by later versions of the code.
    it('hashes a known snapshot to the same value from one version to the next', () => {
      expect(tallyDigest(snapshot())).toBe(
        '67f61d5cd6afbea0027401c070cfb15516cd124af0eccfe03ae97f1dbb6e253e',
      );
    });

    it('does not depend on the order the contests or their results were read in', () => {
      const shuffled = snapshot();
      shuffled.contests.reverse();
      shuffled.contests[1].results.reverse();
      expect(tallyDigest(shuffled)).toBe(tallyDigest(snapshot()));
    });

    it.each<[string, (tally: TallySnapshot) => void]>([
      ['a vote moved', (tally) => (tally.contests[0].results[1].votes += 1)],
      ['a winner flag swapped', (tally) => (tally.contests[0].results[1].elected = true)],
      ['a No vote added', (tally) => (tally.contests[1].results[0].noVotes = 1)],
      ['the turnout', (tally) => (tally.turnout = 2)],
      ['the electorate', (tally) => (tally.electorateDigest = electorateDigest([id(1)]))],
      ['the ruleset', (tally) => (tally.ruleset = { ...tally.ruleset, tiePolicy: 'LOT' as never })],
      ['a contest status', (tally) => (tally.contests[1].status = 'FAILED')],
      ['the abstentions', (tally) => (tally.contests[1].abstentions = 0)],
      ['the election', (tally) => (tally.electionId = id(101))],
    ])('changes with %s', (_change, change) => {
      const changed = snapshot();
      change(changed);
      expect(tallyDigest(changed)).not.toBe(tallyDigest(snapshot()));
    });

    it('leaves the snapshot it is given as it was', () => {
      const tally = snapshot();
      tally.contests.reverse();
      const before = JSON.stringify(tally);
      tallyDigest(tally);
      expect(JSON.stringify(tally)).toBe(before);
    });
  });
});
