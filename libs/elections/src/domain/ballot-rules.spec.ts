import { BallotContest, validateBallot } from './ballot-rules';
import { BallotAnswer } from './election-status';

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

const valid = () => [
  { contestId: CHAIR, candidateIds: [A] },
  { contestId: BOARD, candidateIds: [C, B] },
  { contestId: SECRETARY, answer: BallotAnswer.YES },
];

function reasonOf(choices: Parameters<typeof validateBallot>[1]): string | undefined {
  try {
    validateBallot(contests, choices);
    return undefined;
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
}

describe('ballot validation', () => {
  it('normalises a valid ballot into marks in contest order', () => {
    const choices = valid().reverse();
    expect(validateBallot(contests, choices)).toEqual([
      { contestId: CHAIR, candidateIds: [A], answer: null, abstain: false },
      { contestId: BOARD, candidateIds: [B, C], answer: null, abstain: false },
      { contestId: SECRETARY, candidateIds: [], answer: BallotAnswer.YES, abstain: false },
    ]);
  });

  it('accepts abstaining, and Yes / No / Abstain on an uncontested seat', () => {
    const marks = validateBallot(contests, [
      { contestId: CHAIR, abstain: true },
      { contestId: BOARD, abstain: true, candidateIds: [] },
      { contestId: SECRETARY, abstain: true },
    ]);
    expect(marks.map((mark) => [mark.abstain, mark.answer])).toEqual([
      [true, null],
      [true, null],
      [true, BallotAnswer.ABSTAIN],
    ]);
    expect(
      validateBallot(contests, [
        ...valid().slice(0, 2),
        { contestId: SECRETARY, answer: BallotAnswer.NO, candidateIds: [S] },
      ])[2],
    ).toMatchObject({ answer: BallotAnswer.NO });
  });

  it.each([
    ['UNKNOWN_CONTEST', [...valid(), { contestId: id(99), abstain: true }]],
    ['UNKNOWN_CONTEST', [...valid().slice(1), { contestId: 'not-an-id', abstain: true }]],
    ['DUPLICATE_CONTEST', [...valid(), { contestId: CHAIR, abstain: true }]],
    ['CONTEST_MISSING', valid().slice(0, 2)],
    ['UNKNOWN_CANDIDATE', [{ contestId: CHAIR, candidateIds: [C] }, ...valid().slice(1)]],
    ['UNKNOWN_CANDIDATE', [{ contestId: CHAIR, candidateIds: [S] }, ...valid().slice(1)]],
    ['DUPLICATE_CANDIDATE', [valid()[0], { contestId: BOARD, candidateIds: [B, B] }, valid()[2]]],
    ['TOO_MANY_CHOICES', [{ contestId: CHAIR, candidateIds: [A, B] }, ...valid().slice(1)]],
    ['TOO_MANY_CHOICES', [valid()[0], { contestId: BOARD, candidateIds: [A, B, C] }, valid()[2]]],
    ['EMPTY_CHOICE', [{ contestId: CHAIR, candidateIds: [] }, ...valid().slice(1)]],
    [
      'CONFLICTING_CHOICE',
      [{ contestId: CHAIR, candidateIds: [A], abstain: true }, ...valid().slice(1)],
    ],
    ['ANSWER_NOT_ALLOWED', [{ contestId: CHAIR, answer: BallotAnswer.YES }, ...valid().slice(1)]],
    ['ANSWER_REQUIRED', [...valid().slice(0, 2), { contestId: SECRETARY }]],
    ['ANSWER_REQUIRED', [...valid().slice(0, 2), { contestId: SECRETARY, candidateIds: [S] }]],
    [
      'CONFLICTING_CHOICE',
      [...valid().slice(0, 2), { contestId: SECRETARY, answer: BallotAnswer.YES, abstain: true }],
    ],
  ])('refuses a malformed ballot: %s', (reason, choices) => {
    expect(reasonOf(choices)).toBe(reason);
  });

  it('refuses an empty ballot', () => {
    expect(reasonOf([])).toBe('CONTEST_MISSING');
  });

  // A ballot page can point at the contests left out.
  it('names the contests a ballot leaves out', () => {
    expect(() => validateBallot(contests, [valid()[1]])).toThrow(
      expect.objectContaining({
        fields: {
          choices: [
            `the ballot needs one choice for every contest (abstaining is a choice); missing: ${CHAIR}, ${SECRETARY}`,
          ],
        },
      }),
    );
  });

  it('names the offending field', () => {
    try {
      validateBallot(contests, [
        valid()[0],
        { contestId: BOARD, candidateIds: [A, B, C] },
        valid()[2],
      ]);
    } catch (error) {
      expect((error as { fields?: object }).fields).toHaveProperty(['choices.1.candidateIds']);
    }
    expect.assertions(1);
  });

  it.each([
    ['an unknown candidate', [A, S], 'choices.1.candidateIds.1', 'UNKNOWN_CANDIDATE'],
    ['a repeated candidate', [B, B], 'choices.1.candidateIds.1', 'DUPLICATE_CANDIDATE'],
    ['an unknown first candidate', [S, A], 'choices.1.candidateIds.0', 'UNKNOWN_CANDIDATE'],
  ])('names the entry of %s in candidateIds', (_, candidateIds, path, reason) => {
    const board = { contestId: BOARD, candidateIds };
    try {
      validateBallot(contests, [valid()[0], board, valid()[2]]);
    } catch (error) {
      expect((error as { fields?: object }).fields).toEqual({ [path]: expect.anything() });
      expect((error as { reason?: string }).reason).toBe(reason);
    }
    expect.assertions(2);
  });
});
