import { Permission, hasPermission } from './permissions';
import { Role } from './role';

// Who is calling, with the roles of this instant (computed per request, never stored in a token).
export class Principal {
  constructor(
    readonly memberId: string,
    readonly sessionId: string,
    readonly roles: ReadonlySet<Role>,
  ) {}

  has(role: Role): boolean {
    return this.roles.has(role);
  }

  can(permission: Permission): boolean {
    return hasPermission(this.roles, permission);
  }
}
