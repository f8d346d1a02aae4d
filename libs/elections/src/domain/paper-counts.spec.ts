import { BallotContest } from './ballot-rules';
import { ValidationError } from '@council/core';
import { PaperContestInput, paperCounts } from './paper-counts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CHAIR = id(11);
const BOARD = id(12);
const SECRETARY = id(13);
const [A, B, C, S] = [id(1), id(2), id(3), id(4)];
const contests: BallotContest[] = [
  { id: CHAIR, seats: 1, candidateIds: [A, B] },
  { id: BOARD, seats: 2, candidateIds: [A, B, C] },
  { id: SECRETARY, seats: 1, candidateIds: [S] },
];

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
};

describe('paper counts', () => {
  const good = () => [
    {
      contestId: CHAIR,
      abstentions: 1,
      counts: [
        { candidateId: A, votes: 6 },
        { candidateId: B, votes: 3 },
      ],
    },
    {
      contestId: BOARD,
      counts: [
        { candidateId: A, votes: 8 },
        { candidateId: C, votes: 7 },
      ],
    },
    { contestId: SECRETARY, abstentions: 2, yes: 7, no: 1 },
  ];

  it('turns the secretary’s counts into the same counts ballots give', () => {
    expect(paperCounts(contests, 10, good())).toEqual([
      {
        contestId: CHAIR,
        validBallots: 9,
        abstentions: 1,
        votes: { [A]: 6, [B]: 3 },
        yes: null,
        no: null,
      },
      {
        contestId: BOARD,
        validBallots: 10,
        abstentions: 0,
        votes: { [A]: 8, [B]: 0, [C]: 7 },
        yes: null,
        no: null,
      },
      { contestId: SECRETARY, validBallots: 8, abstentions: 2, votes: { [S]: 7 }, yes: 7, no: 1 },
    ]);
  });

  it.each([
    ['CONTEST_MISSING', (g: ReturnType<typeof good>) => g.slice(0, 2)],
    ['DUPLICATE_CONTEST', (g: ReturnType<typeof good>) => [...g, g[0]]],
    [
      'UNKNOWN_CANDIDATE',
      (g: ReturnType<typeof good>) => [
        { ...g[0], counts: [{ candidateId: S, votes: 9 }] },
        g[1],
        g[2],
      ],
    ],
    [
      'DUPLICATE_CANDIDATE',
      (g: ReturnType<typeof good>) => [
        {
          ...g[0],
          counts: [
            { candidateId: A, votes: 5 },
            { candidateId: A, votes: 4 },
          ],
        },
        g[1],
        g[2],
      ],
    ],
    // 9 valid single-seat ballots cannot hold 10 votes, nor 8.
    [
      'COUNTS_MISMATCH',
      (g: ReturnType<typeof good>) => [
        {
          ...g[0],
          counts: [
            { candidateId: A, votes: 7 },
            { candidateId: B, votes: 3 },
          ],
        },
        g[1],
        g[2],
      ],
    ],
    [
      'COUNTS_MISMATCH',
      (g: ReturnType<typeof good>) => [
        {
          ...g[0],
          counts: [
            { candidateId: A, votes: 5 },
            { candidateId: B, votes: 3 },
          ],
        },
        g[1],
        g[2],
      ],
    ],
    ['COUNTS_MISMATCH', (g: ReturnType<typeof good>) => [g[0], g[1], { ...g[2], yes: 8 }]],
    [
      'UNEXPECTED_COUNTS',
      (g: ReturnType<typeof good>) => [
        g[0],
        g[1],
        { ...g[2], counts: [{ candidateId: S, votes: 8 }] },
      ],
    ],
    ['ANSWER_NOT_ALLOWED', (g: ReturnType<typeof good>) => [{ ...g[0], yes: 3 }, g[1], g[2]]],
    ['INVALID_COUNTS', (g: ReturnType<typeof good>) => [{ ...g[0], abstentions: 11 }, g[1], g[2]]],
  ])('refuses inconsistent counts: %s', (reason, change) => {
    expect(reasonOf(() => paperCounts(contests, 10, change(good())))).toBe(reason);
  });

  // Each mistake its own reason, on the field to correct, for a portal to word it.
  it('names the Yes or No count an uncontested seat misses, Yes / No on a contested one, and counts that do not add up', () => {
    const [chair, board, secretary] = good();
    const fieldReasons = (counts: PaperContestInput[]) => {
      try {
        paperCounts(contests, 10, counts);
      } catch (error) {
        return (error as ValidationError).fieldReasons;
      }
      return undefined;
    };
    expect(fieldReasons([chair, board, { contestId: SECRETARY, abstentions: 10 }])).toEqual({
      'contests.2.yes': 'ANSWER_REQUIRED',
      'contests.2.no': 'ANSWER_REQUIRED',
    });
    expect(fieldReasons([chair, board, { contestId: SECRETARY, yes: 10 }])).toEqual({
      'contests.2.no': 'ANSWER_REQUIRED',
    });
    expect(fieldReasons([chair, board, { contestId: SECRETARY, no: 10 }])).toEqual({
      'contests.2.yes': 'ANSWER_REQUIRED',
    });
    expect(
      fieldReasons([chair, board, { ...secretary, counts: [{ candidateId: S, votes: 10 }] }]),
    ).toEqual({
      'contests.2.counts': 'UNEXPECTED_COUNTS',
    });
    expect(
      fieldReasons([
        chair,
        board,
        { contestId: SECRETARY, no: 10, counts: [{ candidateId: S, votes: 10 }] },
      ]),
    ).toEqual({ 'contests.2.counts': 'UNEXPECTED_COUNTS', 'contests.2.yes': 'ANSWER_REQUIRED' });
    expect(fieldReasons([chair, { ...board, no: 0 }, { ...secretary, yes: 1 }])).toEqual({
      'contests.1.no': 'ANSWER_NOT_ALLOWED',
      'contests.2': 'COUNTS_MISMATCH',
    });
    expect(
      fieldReasons([{ ...chair, counts: [{ candidateId: A, votes: 1 }] }, board, secretary]),
    ).toEqual({ 'contests.0.counts': 'COUNTS_MISMATCH' });
  });

  it('refuses a negative number of ballots', () => {
    expect(reasonOf(() => paperCounts(contests, -1, good()))).toBe('INVALID_COUNTS');
  });

  // Found by hand mutation testing: abstentions equal to the ballots cast were never tried.
  it('accepts a paper count in which every ballot cast abstained in a contest', () => {
    const counts = paperCounts(contests, 5, [
      { contestId: CHAIR, abstentions: 5, counts: [] },
      { contestId: BOARD, abstentions: 5, counts: [] },
      { contestId: SECRETARY, abstentions: 5, yes: 0, no: 0 },
    ]);
    expect(counts.map((count) => [count.validBallots, count.abstentions])).toEqual([
      [0, 5],
      [0, 5],
      [0, 5],
    ]);
  });

  // Found by hand mutation testing: a candidate's own bound was only tried where the contest's
  // total refused the count anyway (one seat).
  it('refuses a candidate with more votes than valid ballots, even where the total fits two seats', () => {
    const [chair, , secretary] = good();
    const counts = [
      chair,
      {
        contestId: BOARD,
        counts: [
          { candidateId: A, votes: 11 },
          { candidateId: C, votes: 9 },
        ],
      },
      secretary,
    ];
    expect(() => paperCounts(contests, 10, counts)).toThrow(
      expect.objectContaining({
        reason: 'INVALID_COUNTS',
        fields: { 'contests.1.counts.0.votes': expect.anything() },
      }),
    );
  });

  it('names the abstentions when they exceed the ballots cast', () => {
    const counts = [
      { contestId: CHAIR, abstentions: 11, counts: [] },
      { contestId: BOARD, counts: [{ candidateId: A, votes: 10 }] },
      { contestId: SECRETARY, yes: 10, no: 0 },
    ];
    expect(() => paperCounts(contests, 10, counts)).toThrow(
      expect.objectContaining({
        reason: 'INVALID_COUNTS',
        fields: { 'contests.0.abstentions': expect.anything() },
      }),
    );
  });

  it('names every contest’s mistakes in one answer, and a contest left out with them', () => {
    const counts = [
      { contestId: CHAIR, abstentions: 11, counts: [] },
      { contestId: BOARD, counts: [{ candidateId: S, votes: 1 }] },
    ];
    expect(() => paperCounts(contests, 10, counts)).toThrow(
      expect.objectContaining({
        reason: 'INVALID_INPUT',
        fieldReasons: {
          'contests.0.abstentions': 'INVALID_COUNTS',
          'contests.1.counts.0.candidateId': 'UNKNOWN_CANDIDATE',
          contests: 'CONTEST_MISSING',
        },
      }),
    );
  });

  // Review (second): the entries of one contest are as independent as the contests are.
  it('names every candidate entry of a contest that is wrong, not only the first', () => {
    const counts = [
      {
        contestId: CHAIR,
        counts: [
          { candidateId: S, votes: 1 },
          { candidateId: A, votes: 11 },
        ],
      },
      { contestId: BOARD, counts: [{ candidateId: A, votes: 10 }], yes: 1, no: 1 },
      { contestId: SECRETARY, yes: 9, no: 1 },
    ];
    expect(() => paperCounts(contests, 10, counts)).toThrow(
      expect.objectContaining({
        fieldReasons: {
          'contests.0.counts.0.candidateId': 'UNKNOWN_CANDIDATE',
          'contests.0.counts.1.votes': 'INVALID_COUNTS',
          'contests.1.yes': 'ANSWER_NOT_ALLOWED',
          'contests.1.no': 'ANSWER_NOT_ALLOWED',
        },
      }),
    );
  });
});
