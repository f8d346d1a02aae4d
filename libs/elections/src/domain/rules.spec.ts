import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '@council/core';
import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position } from '@council/terms';
import {
  assertContestsVacant,
  defaultContests,
  vacantContests,
  validateContests,
} from './contests';
import { electorateDigest, listDigest, tallyDigest } from './digests';
import {
  MajorityRule,
  QuorumComparison,
  buildRuleset,
  majorityThreshold,
  quorumRequired,
} from './ruleset';
import { seatsFromContests } from './seating';

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
};

describe('contests', () => {
  it('defaults to chair, two co-chairs with their portfolios, and the secretary', () => {
    expect(validateContests(undefined)).toEqual(defaultContests());
    expect(defaultContests().map((c) => [c.position, c.seats, c.portfolio])).toEqual([
      [Position.CHAIR, 1, null],
      [Position.CO_CHAIR, 1, DEFAULT_CO_CHAIR_PORTFOLIOS[0]],
      [Position.CO_CHAIR, 1, DEFAULT_CO_CHAIR_PORTFOLIOS[1]],
      [Position.EXECUTIVE_SECRETARY, 1, null],
    ]);
  });

  it('refuses contests that do not fit a roster', () => {
    expect(reasonOf(() => validateContests([]))).toBe('NO_CONTESTS');
    expect(reasonOf(() => validateContests([{ position: Position.CHAIR, seats: 2 }]))).toBe(
      'TOO_MANY_SEATS',
    );
    expect(reasonOf(() => validateContests([{ position: Position.CHAIR, seats: 0 }]))).toBe(
      'INVALID_SEATS',
    );
    expect(
      reasonOf(() => validateContests([{ position: Position.CHAIR, portfolio: 'Регион' }])),
    ).toBe('UNEXPECTED_PORTFOLIO');
    expect(
      reasonOf(() =>
        validateContests([
          { position: Position.CO_CHAIR, seats: 2, portfolio: 'x' },
          { position: Position.CO_CHAIR, portfolio: 'y' },
        ]),
      ),
    ).toBe('TOO_MANY_SEATS');
    expect(
      reasonOf(() => validateContests([{ position: Position.CO_CHAIR, portfolio: '  ' }])),
    ).toBe('PORTFOLIO_REQUIRED');
    expect(
      reasonOf(() =>
        validateContests([
          { position: Position.CO_CHAIR, portfolio: 'Регион' },
          { position: Position.CO_CHAIR, portfolio: 'РЕГИОН ' },
        ]),
      ),
    ).toBe('DUPLICATE_PORTFOLIO');
    // Both co-chairs elected in one contest share its portfolio on purpose (API.md's seats).
    expect(
      validateContests([{ position: Position.CO_CHAIR, seats: 2, portfolio: 'Власти' }]),
    ).toHaveLength(1);
  });

  // A contest over its position's seats by itself takes none from the contests after it.
  it('names only the contest over the seats, not a later one that fits', () => {
    let error: { fieldReasons?: Record<string, string> } | undefined;
    try {
      validateContests([
        { position: Position.CO_CHAIR, seats: 3, portfolio: 'Регион' },
        { position: Position.CO_CHAIR, portfolio: 'Федерация' },
      ]);
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error?.fieldReasons).toEqual({ 'contests.0.seats': 'INVALID_SEATS' });
  });

  // Review (third): a contest has 1 or 2 seats (README, ContestInput's @Max(2): INVALID_SEATS);
  // the domain answered 3 as TOO_MANY_SEATS, a reason the API gives for another mistake.
  it('answers seats outside 1 or 2 as the input checks do', () => {
    expect(
      reasonOf(() => validateContests([{ position: Position.CO_CHAIR, seats: 3, portfolio: 'x' }])),
    ).toBe('INVALID_SEATS');
    expect(reasonOf(() => validateContests([{ position: Position.CHAIR, seats: 3 }]))).toBe(
      'INVALID_SEATS',
    );
  });
});

describe('ruleset', () => {
  it('defaults to more than half, PLURALITY, RUNOFF', () => {
    expect(buildRuleset(null)).toEqual({
      quorum: { numerator: 1, denominator: 2, comparison: QuorumComparison.MORE_THAN },
      majority: MajorityRule.PLURALITY,
      tiePolicy: 'RUNOFF',
    });
  });

  it('refuses a quorum that is no share of the electorate', () => {
    expect(reasonOf(() => buildRuleset({ quorumNumerator: 3, quorumDenominator: 2 }))).toBe(
      'INVALID_RULESET',
    );
    expect(reasonOf(() => buildRuleset({ quorumDenominator: 0 }))).toBe('INVALID_RULESET');
    expect(reasonOf(() => buildRuleset({ quorumNumerator: 1, quorumDenominator: 1 }))).toBe(
      'INVALID_RULESET',
    );
  });

  it('computes majority thresholds with integers', () => {
    expect(majorityThreshold(MajorityRule.SIMPLE, 14, 17)).toBe(8);
    expect(majorityThreshold(MajorityRule.SIMPLE, 15, 17)).toBe(8);
    expect(majorityThreshold(MajorityRule.ABSOLUTE, 5, 17)).toBe(9);
    expect(majorityThreshold(MajorityRule.TWO_THIRDS, 9, 17)).toBe(6);
    expect(majorityThreshold(MajorityRule.TWO_THIRDS, 10, 17)).toBe(7);
    expect(majorityThreshold(MajorityRule.PLURALITY, 0, 17)).toBe(1);
  });
});

describe('seating', () => {
  it('seats winners in contest order and never a person twice', () => {
    expect(
      seatsFromContests([
        { position: Position.CHAIR, portfolio: null, elected: ['a'] },
        { position: Position.CO_CHAIR, portfolio: 'x', elected: ['a', 'b'] },
      ]),
    ).toEqual([
      { position: Position.CHAIR, memberId: 'a', portfolio: null },
      { position: Position.CO_CHAIR, memberId: 'b', portfolio: 'x' },
    ]);
  });
});

describe('digests', () => {
  // Pinned values: the close seals these digests in the audit log, so their definition (SHA-256 of
  // the canonical JSON of the sorted list) must never drift.
  it('keep the sealed definition', () => {
    const ballots = [
      [{ contestId: 'c1', candidateIds: ['b'], answer: null, abstain: false }],
      [{ abstain: true, answer: null, candidateIds: [], contestId: 'c1' }],
    ];
    expect(listDigest(ballots)).toBe(
      'a51641d55083fb6fbfdf165752f9dee7fa887612e0692d4e0d557983f337aeea',
    );
    expect(listDigest([...ballots].reverse())).toBe(listDigest(ballots));
    expect(listDigest([ballots[0], ballots[1], ballots[0]])).toBe(
      sha256Hex(JSON.stringify([ballots[0], ballots[1], ballots[0]].map(canonicalJson).sort())),
    );
    expect(electorateDigest(['m2', 'ё', 'm1'])).toBe(
      'ec00bd5ea89e25373d65ad897b1ceb0614f291b9a49d69e77497e961d3e19a16',
    );
  });

  it('digest a list as SHA-256 of the sorted canonical JSONs, whatever repeats (by value or object)', () => {
    const item = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.record({ contestId: fc.string(), candidateIds: fc.array(fc.string(), { maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (pool, picks) => {
          // Repeats of the same object and of equal values, as a large box has.
          const items = pool.length ? picks.map((pick) => pool[pick % pool.length]) : [];
          const reference = sha256Hex(JSON.stringify(items.map(canonicalJson).sort()));
          expect(listDigest(items)).toBe(reference);
        },
      ),
    );
  });

  it('do not depend on order, and change with any count', () => {
    expect(electorateDigest(['b', 'a'])).toBe(electorateDigest(['a', 'b']));
    const snapshot = {
      electionId: 'e',
      electorateDigest: electorateDigest(['a', 'b']),
      electorateSize: 2,
      turnout: 2,
      ruleset: buildRuleset(null),
      contests: [
        {
          id: 'c',
          ordinal: 1,
          status: 'DECIDED',
          validBallots: 2,
          abstentions: 0,
          results: [
            { memberId: 'a', votes: 2, noVotes: null, elected: true },
            { memberId: 'b', votes: 0, noVotes: null, elected: false },
          ],
        },
      ],
    };
    const reordered = {
      ...snapshot,
      contests: [{ ...snapshot.contests[0], results: [...snapshot.contests[0].results].reverse() }],
    };
    expect(tallyDigest(reordered)).toBe(tallyDigest(snapshot));
    const changed = {
      ...snapshot,
      contests: [
        {
          ...snapshot.contests[0],
          results: [
            { ...snapshot.contests[0].results[0], votes: 1 },
            snapshot.contests[0].results[1],
          ],
        },
      ],
    };
    expect(tallyDigest(changed)).not.toBe(tallyDigest(snapshot));
  });
});

// Found by hand mutation testing: only the slow model test noticed a rounding change.
it('rounds a quorum of "at least a share" up', () => {
  const atLeast = (numerator: number, denominator: number) => ({
    numerator,
    denominator,
    comparison: QuorumComparison.AT_LEAST,
  });
  expect(quorumRequired(5, atLeast(1, 2))).toBe(3);
  expect(quorumRequired(10, atLeast(2, 3))).toBe(7);
  expect(quorumRequired(4, atLeast(1, 2))).toBe(2);
});

describe('by-elections: the vacant seats of a roster', () => {
  const [REGIONAL, FEDERAL] = DEFAULT_CO_CHAIR_PORTFOLIOS;
  const chair = { position: Position.CHAIR, portfolio: null };
  const secretary = { position: Position.EXECUTIVE_SECRETARY, portfolio: null };
  const coChair = (portfolio: string) => ({ position: Position.CO_CHAIR, portfolio });
  const positionsOf = (contests: ReturnType<typeof vacantContests>) =>
    contests.map((contest) => [contest.position, contest.portfolio]);

  it('offers, in the default order, exactly the seats nobody holds', () => {
    expect(positionsOf(vacantContests([chair, coChair(REGIONAL), coChair(FEDERAL)]))).toEqual([
      [Position.EXECUTIVE_SECRETARY, null],
    ]);
    expect(positionsOf(vacantContests([secretary, coChair(FEDERAL.toUpperCase())]))).toEqual([
      [Position.CHAIR, null],
      [Position.CO_CHAIR, REGIONAL],
    ]);
    // Co-chairs elected to a shared portfolio of their own: both seats held.
    expect(vacantContests([chair, secretary, coChair('Власти'), coChair('Власти')])).toEqual([]);
    // One co-chair on a portfolio of its own: one co-chair seat, the first default portfolio.
    expect(positionsOf(vacantContests([chair, secretary, coChair('Власти')]))).toEqual([
      [Position.CO_CHAIR, REGIONAL],
    ]);
  });

  it('refuses a contest for a seat held, or a portfolio a co-chair holds, naming the contest', () => {
    const held = [chair, coChair(REGIONAL)];
    const refusal = (contests: Parameters<typeof validateContests>[0]) => {
      try {
        assertContestsVacant(validateContests(contests), held);
        return 'accepted';
      } catch (error) {
        const { reason, fields } = error as { reason: string; fields: object };
        return `${reason} ${Object.keys(fields).join()}`;
      }
    };
    expect(refusal([{ position: Position.EXECUTIVE_SECRETARY }])).toBe('accepted');
    expect(refusal([{ position: Position.CO_CHAIR, portfolio: FEDERAL }])).toBe('accepted');
    expect(
      refusal([{ position: Position.EXECUTIVE_SECRETARY }, { position: Position.CHAIR }]),
    ).toBe('TERM_HAS_ROSTER contests.1');
    expect(
      refusal([{ position: Position.CO_CHAIR, portfolio: ` ${REGIONAL.toLowerCase()}` }]),
    ).toBe('TERM_HAS_ROSTER contests.0');
    expect(refusal([{ position: Position.CO_CHAIR, seats: 2, portfolio: 'Власти' }])).toBe(
      'TERM_HAS_ROSTER contests.0',
    );
  });
});

// Review (second): a contest's seats and its portfolio are independent mistakes; the seats' one
// hid the portfolio's, in the same contest and in a later one duplicating its portfolio.
describe('contests, every mistake at once', () => {
  const fieldReasonsOf = (fn: () => unknown) => {
    try {
      fn();
      return undefined;
    } catch (error) {
      return (error as { fieldReasons?: Record<string, string> }).fieldReasons;
    }
  };

  it('names a contest over its seats and its portfolio that does not belong', () => {
    expect(
      fieldReasonsOf(() =>
        validateContests([{ position: Position.CHAIR, seats: 2, portfolio: 'Власти' }]),
      ),
    ).toEqual({
      'contests.0.seats': 'TOO_MANY_SEATS',
      'contests.0.portfolio': 'UNEXPECTED_PORTFOLIO',
    });
  });

  it('names a later contest with the portfolio of one over its seats', () => {
    expect(
      fieldReasonsOf(() =>
        validateContests([
          { position: Position.CO_CHAIR, seats: 3, portfolio: 'Регион' },
          { position: Position.CO_CHAIR, portfolio: 'регион' },
        ]),
      ),
    ).toEqual({
      'contests.0.seats': 'INVALID_SEATS',
      'contests.1.portfolio': 'DUPLICATE_PORTFOLIO',
    });
  });
});
