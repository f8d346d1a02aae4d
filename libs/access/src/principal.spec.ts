import { CurrentSeat, Position } from '@council/terms';
import { Permission } from './permissions';
import { Principal } from './principal';
import { Role } from './role';

const seat = (position: Position, memberId: string, holderActive = true): CurrentSeat => ({
  position,
  seatNo: 1,
  memberId,
  holderActive,
});

describe('Principal.withSeats', () => {
  const arrivedAsChair = new Principal('me', 'session', new Set([Role.MEMBER, Role.CHAIR]));

  it('takes the term roles from the seats given, not from those the request arrived with', () => {
    const now = arrivedAsChair.withSeats([
      seat(Position.CHAIR, 'someone-else'),
      seat(Position.CO_CHAIR, 'me'),
    ]);
    expect([...now.roles].sort()).toEqual([Role.CO_CHAIR, Role.MEMBER]);
    expect(arrivedAsChair.withSeats([]).can(Permission.APPROVE_MINUTES)).toBe(false);
  });

  it('keeps the admin flag, and finds the vacant seats a stand-in waits for', () => {
    const admin = new Principal('me', 'session', new Set([Role.MEMBER, Role.ADMIN]));
    const now = admin.withSeats([seat(Position.CHAIR, 'someone-else')]);
    expect([...now.roles].sort()).toEqual([Role.ADMIN, Role.MEMBER]);
    expect(now.can(Permission.MANAGE_ELECTIONS)).toBe(true);
    const withSecretary = admin.withSeats([seat(Position.EXECUTIVE_SECRETARY, 'someone-else')]);
    expect(withSecretary.can(Permission.MANAGE_ELECTIONS)).toBe(false);
  });

  it('gives no roles at all to a caller whose seat shows them no longer active', () => {
    expect(arrivedAsChair.withSeats([seat(Position.CHAIR, 'me', false)]).roles.size).toBe(0);
  });
});

describe('Principal.permissions', () => {
  it("lists what can() grants, in the table's order, stand-ins included", () => {
    const member = new Principal('me', 'session', new Set([Role.MEMBER]));
    expect(member.permissions()).toEqual([
      Permission.VIEW_COUNCIL,
      Permission.MANAGE_OWN_SESSION,
      Permission.TAKE_PART_IN_ELECTIONS,
      Permission.TRACK_ACTION_ITEMS,
    ]);
    const admin = new Principal('me', 'session', new Set([Role.MEMBER, Role.ADMIN]));
    expect(admin.permissions()).not.toContain(Permission.MANAGE_ELECTIONS);
    expect(admin.withSeats([]).permissions()).toContain(Permission.MANAGE_ELECTIONS);
    for (const principal of [member, admin, admin.withSeats([])]) {
      expect(principal.permissions()).toEqual(
        Object.values(Permission).filter((permission) => principal.can(permission)),
      );
    }
  });
});
