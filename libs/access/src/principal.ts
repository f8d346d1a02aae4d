import { Position } from '@council/terms';
import { Permission, hasPermission } from './permissions';
import { Role } from './role';

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

  has(role: Role): boolean {
    return this.roles.has(role);
  }

  can(permission: Permission): boolean {
    return hasPermission(this.roles, permission, this.vacantSeats);
  }
}
