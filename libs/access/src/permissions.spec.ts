import { MemberStatus } from '@council/accounts';
import { Position } from '@council/terms';
import { PERMISSION_TABLE, Permission, STAND_IN_TABLE, hasPermission } from './permissions';
import { Role, rolesFor } from './role';

describe('permission table', () => {
  it('gives every permission to at least one role', () => {
    for (const permission of Object.values(Permission)) {
      expect(PERMISSION_TABLE[permission].length).toBeGreaterThan(0);
    }
  });

  // A permission change is a visible diff in review.
  it('matches the reviewed table', () => {
    expect(PERMISSION_TABLE).toMatchSnapshot();
  });

  it('gives an ADMIN no council powers of its own', () => {
    const admin = new Set([Role.ADMIN, Role.MEMBER]);
    expect(hasPermission(admin, Permission.APPROVE_MINUTES)).toBe(false);
    expect(hasPermission(admin, Permission.MANAGE_MEETINGS)).toBe(false);
    expect(hasPermission(admin, Permission.MANAGE_ELECTIONS)).toBe(false);
    expect(hasPermission(admin, Permission.APPOINT_FOUNDING_ROSTER)).toBe(true);
  });

  it('lets the ADMIN run elections only while the secretary seat has no sitting holder', () => {
    // Written out, not a snapshot: widening a stand-in must be a deliberate edit here too.
    expect(STAND_IN_TABLE).toEqual({
      [Permission.MANAGE_ELECTIONS]: {
        role: Role.ADMIN,
        whileVacant: Position.EXECUTIVE_SECRETARY,
      },
    });
    const admin = new Set([Role.ADMIN, Role.MEMBER]);
    const vacant = new Set([Position.EXECUTIVE_SECRETARY]);
    expect(hasPermission(admin, Permission.MANAGE_ELECTIONS, vacant)).toBe(true);
    expect(hasPermission(admin, Permission.MANAGE_ELECTIONS, new Set([Position.CHAIR]))).toBe(
      false,
    );
    // Not the meetings, and not for a member who is no admin.
    expect(hasPermission(admin, Permission.MANAGE_MEETINGS, vacant)).toBe(false);
    expect(hasPermission(new Set([Role.MEMBER]), Permission.MANAGE_ELECTIONS, vacant)).toBe(false);
  });
});

describe('rolesFor', () => {
  it('derives roles from status, the admin flag and the positions held now', () => {
    expect([...rolesFor({ status: MemberStatus.ACTIVE, isAdmin: false }, [])]).toEqual([
      Role.MEMBER,
    ]);
    expect(
      [...rolesFor({ status: MemberStatus.ACTIVE, isAdmin: true }, [Position.CHAIR])].sort(),
    ).toEqual([Role.ADMIN, Role.CHAIR, Role.MEMBER]);
    expect(
      [...rolesFor({ status: MemberStatus.ACTIVE, isAdmin: false }, [Position.CO_CHAIR])].sort(),
    ).toEqual([Role.CO_CHAIR, Role.MEMBER]);
  });

  it('gives a suspended or invited member no roles at all', () => {
    expect(rolesFor({ status: MemberStatus.SUSPENDED, isAdmin: true }, [Position.CHAIR]).size).toBe(
      0,
    );
    expect(rolesFor({ status: MemberStatus.INVITED, isAdmin: false }, []).size).toBe(0);
  });
});
