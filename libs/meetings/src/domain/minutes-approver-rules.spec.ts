import { CurrentSeat, Position } from '@council/terms';
import { chairSeatAllows, sittingChairOf } from './minutes-approver-rules';

const seat = (position: Position, memberId: string, holderActive = true): CurrentSeat => ({
  position,
  seatNo: 1,
  memberId,
  holderActive,
});

describe('who approves minutes in the chair seat', () => {
  it('finds the chair seat held only while its holder is active', () => {
    const coChair = seat(Position.CO_CHAIR, 'co');
    expect(sittingChairOf([coChair, seat(Position.CHAIR, 'chair')])).toBe('chair');
    expect(sittingChairOf([coChair])).toBeNull();
    expect(sittingChairOf([coChair, seat(Position.CHAIR, 'chair', false)])).toBeNull();
  });

  it('lets the sitting chair act, and anyone else only while the seat is vacant', () => {
    expect(chairSeatAllows('chair', 'chair', false)).toBe(true);
    expect(chairSeatAllows('co', null, false)).toBe(true);
    expect(chairSeatAllows('co', 'chair', false)).toBe(false);
  });

  it('lets a co-chair approve in the place of a chair who drafted or submitted the minutes', () => {
    expect(chairSeatAllows('co', 'chair', true)).toBe(true);
  });
});
