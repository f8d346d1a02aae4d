import { candidaciesAmong } from './candidates';
import { NominationStatus } from './election-status';

describe("a contest's candidates", () => {
  it('are its accepted nominations, in their order', () => {
    const nominations = [
      { id: 'n1', status: NominationStatus.ACCEPTED },
      { id: 'n2', status: NominationStatus.PENDING },
      { id: 'n3', status: NominationStatus.DECLINED },
      { id: 'n4', status: NominationStatus.ACCEPTED },
    ];
    expect(candidaciesAmong(nominations).map((nomination) => nomination.id)).toEqual(['n1', 'n4']);
  });

  it('are nobody while no nomination is accepted', () => {
    expect(candidaciesAmong([{ status: NominationStatus.PENDING }])).toEqual([]);
    expect(candidaciesAmong([])).toEqual([]);
  });
});
