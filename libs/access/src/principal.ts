import { MemberStatus } from '@council/accounts';
import { CurrentSeat, Position } from '@council/terms';
import { Permission, STAND_IN_SEATS, hasPermission } from './permissions';
import { Role, rolesFor } from './role';

// Who is calling, with the roles of this instant (computed per request, never stored in a token).
export class Principal {
  constructor(
    readonly memberId: string,
    readonly sessionId: string,
    readonly roles: ReadonlySet<Role>,
    // Seats the current term lacks, as far as a stand-in needs to know (STAND_IN_TABLE): found out
    // for admins only.
    readonly vacantSeats: ReadonlySet<Position> = new Set(),
  ) {}

  can(permission: Permission): boolean {
    return hasPermission(this.roles, permission, this.vacantSeats);
  }

  // Every permission the caller has now, in the table's order (what a portal may offer them).
  permissions(): Permission[] {
    return Object.values(Permission).filter((permission) => this.can(permission));
  }

  // The same caller with the roles these seats of the current term give (all of the term's seats,
  // read by the caller under the roster lock) instead of the seats the request arrived with; the
  // account's own roles (MEMBER, ADMIN) stay as the request found them, unless one of the caller's
  // seats shows them no longer active.
  withSeats(seats: readonly CurrentSeat[]): Principal {
    const own = seats.filter((seat) => seat.memberId === this.memberId);
    const isAdmin = this.roles.has(Role.ADMIN);
    const status = own.every((seat) => seat.holderActive)
      ? MemberStatus.ACTIVE
      : MemberStatus.SUSPENDED;
    const vacantSeats = isAdmin
      ? STAND_IN_SEATS.filter((position) => !seats.some((seat) => seat.position === position))
      : [];
    return new Principal(
      this.memberId,
      this.sessionId,
      rolesFor(
        { status, isAdmin },
        own.map((seat) => seat.position),
      ),
      new Set(vacantSeats),
    );
  }
}
