import { CurrentSeat, Position } from '@council/terms';
import { chairSeatAllows, minutesDecisionsOf, sittingChairOf } from './minutes-approver-rules';

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

describe('what a caller may decide on minutes now', () => {
  const decide = (
    viewerId: string,
    options: Partial<{
      approver: boolean;
      submitted: boolean;
      chair: string | null;
      authors: string[];
    }> = {},
  ) =>
    minutesDecisionsOf({
      viewerId,
      approver: options.approver ?? true,
      submitted: options.submitted ?? true,
      sittingChair: options.chair === undefined ? 'chair' : options.chair,
      authors: new Set(options.authors ?? ['secretary']),
    });

  it('lets the sitting chair approve and return submitted minutes, and a co-chair neither', () => {
    expect(decide('chair')).toEqual({ mayApprove: true, mayReturn: true });
    expect(decide('co')).toEqual({ mayApprove: false, mayReturn: false });
  });

  it('lets a co-chair do both while the chair seat is vacant', () => {
    expect(decide('co', { chair: null })).toEqual({ mayApprove: true, mayReturn: true });
  });

  it('lets a co-chair approve, not return, minutes the sitting chair drafted; the chair neither approves them', () => {
    expect(decide('co', { authors: ['chair'] })).toEqual({ mayApprove: true, mayReturn: false });
    expect(decide('chair', { authors: ['chair'] })).toEqual({ mayApprove: false, mayReturn: true });
  });

  it('offers nothing on minutes not submitted, or to a caller without the permission', () => {
    expect(decide('chair', { submitted: false })).toEqual({ mayApprove: false, mayReturn: false });
    expect(decide('chair', { approver: false })).toEqual({ mayApprove: false, mayReturn: false });
  });
});
