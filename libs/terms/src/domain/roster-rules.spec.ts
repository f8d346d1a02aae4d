import { DomainError } from '@council/core';
import { Position, assertDistinctPortfolios, numberSeats, numberVacantSeats } from './roster-rules';

const reason = (action: () => unknown) => {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as DomainError).reason;
  }
};

describe('roster rules', () => {
  it('numbers a full roster: one chair, two co-chairs with portfolios, one secretary', () => {
    expect(
      numberSeats([
        { position: Position.CHAIR, memberId: 'a' },
        { position: Position.CO_CHAIR, memberId: 'b', portfolio: ' Регион ' },
        { position: Position.CO_CHAIR, memberId: 'c', portfolio: 'Федерация' },
        { position: Position.EXECUTIVE_SECRETARY, memberId: 'd' },
      ]),
    ).toEqual([
      { position: 'CHAIR', seatNo: 1, memberId: 'a', portfolio: null },
      { position: 'CO_CHAIR', seatNo: 1, memberId: 'b', portfolio: 'Регион' },
      { position: 'CO_CHAIR', seatNo: 2, memberId: 'c', portfolio: 'Федерация' },
      { position: 'EXECUTIVE_SECRETARY', seatNo: 1, memberId: 'd', portfolio: null },
    ]);
  });

  it('allows vacant seats but refuses over-filled ones, double holders and missing portfolios', () => {
    expect(numberSeats([{ position: Position.CHAIR, memberId: 'a' }])).toHaveLength(1);
    expect(reason(() => numberSeats([]))).toBe('EMPTY_ROSTER');
    expect(
      reason(() =>
        numberSeats([
          { position: Position.CHAIR, memberId: 'a' },
          { position: Position.CHAIR, memberId: 'b' },
        ]),
      ),
    ).toBe('TOO_MANY_SEATS');
    expect(
      reason(() =>
        numberSeats([
          { position: Position.CHAIR, memberId: 'a' },
          { position: Position.EXECUTIVE_SECRETARY, memberId: 'a' },
        ]),
      ),
    ).toBe('DUPLICATE_HOLDER');
    expect(reason(() => numberSeats([{ position: Position.CO_CHAIR, memberId: 'a' }]))).toBe(
      'PORTFOLIO_REQUIRED',
    );
    expect(
      reason(() => numberSeats([{ position: Position.CHAIR, memberId: 'a', portfolio: 'x' }])),
    ).toBe('UNEXPECTED_PORTFOLIO');
  });

  it('wants the two co-chair seats given one by one to carry different portfolios', () => {
    const coChairs = (first: string, second: string) => [
      { position: Position.CHAIR, memberId: 'a' },
      { position: Position.CO_CHAIR, memberId: 'b', portfolio: first },
      { position: Position.CO_CHAIR, memberId: 'c', portfolio: second },
    ];
    expect(() => assertDistinctPortfolios(coChairs('Регион', 'Федерация'))).not.toThrow();
    for (const [first, second] of [
      ['Регион', 'Регион'],
      ['Регион', ' регион '],
      ['Связи с  регионом', 'связи с регионом'],
      ['Ё', 'Е\u0308'],
      // Characters nobody sees: zero-width space, soft hyphen, word joiner, zero-width non-joiner.
      ['Регион', 'Рег\u200bион'],
      ['Регион', 'Ре\u00adгион'],
      ['Регион', 'Регион\u2060'],
      ['Region', 'Regi\u200con'],
      // ё written as е, and Latin letters that look like Cyrillic ones (a word
      // typed on the wrong layout), as organisation names are compared.
      ['Связи с учёными', 'Связи с учеными'],
      ['Регион', 'Peгиoн'],
      ['Relations with regional authorities', 'Relations with regiоnal authоrities'],
    ]) {
      expect(reason(() => assertDistinctPortfolios(coChairs(first, second)))).toBe(
        'DUPLICATE_PORTFOLIO',
      );
    }
  });
});

describe('a by-election filling the vacant seats', () => {
  const held = [
    { position: Position.CHAIR, seatNo: 1, memberId: 'chair' },
    { position: Position.CO_CHAIR, seatNo: 2, memberId: 'federal' },
  ];

  it('gives each winner the lowest free seat of its position', () => {
    expect(
      numberVacantSeats(held, [
        { position: Position.CO_CHAIR, memberId: 'regional', portfolio: 'Регион' },
        { position: Position.EXECUTIVE_SECRETARY, memberId: 'secretary' },
      ]).map((seat) => [seat.position, seat.seatNo, seat.memberId]),
    ).toEqual([
      [Position.CO_CHAIR, 1, 'regional'],
      [Position.EXECUTIVE_SECRETARY, 1, 'secretary'],
    ]);
    expect(numberVacantSeats(held, [])).toEqual([]);
  });

  it('refuses a seat that is no longer vacant, or a winner who holds one', () => {
    expect(
      reason(() => numberVacantSeats(held, [{ position: Position.CHAIR, memberId: 'x' }])),
    ).toBe('SEAT_TAKEN');
    expect(
      reason(() =>
        numberVacantSeats(held, [{ position: Position.EXECUTIVE_SECRETARY, memberId: 'chair' }]),
      ),
    ).toBe('SEAT_TAKEN');
  });
});
