import { MemberStatus } from '@council/accounts';
import { Position } from '@council/terms';

export enum Role {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  CHAIR = 'CHAIR',
  CO_CHAIR = 'CO_CHAIR',
  EXECUTIVE_SECRETARY = 'EXECUTIVE_SECRETARY',
}

const POSITION_ROLE: Record<Position, Role> = {
  [Position.CHAIR]: Role.CHAIR,
  [Position.CO_CHAIR]: Role.CO_CHAIR,
  [Position.EXECUTIVE_SECRETARY]: Role.EXECUTIVE_SECRETARY,
};

export function rolesFor(
  member: { status: MemberStatus; isAdmin: boolean },
  positions: Position[],
): Set<Role> {
  // DOMAIN.md: a suspended (or not yet active) member has no roles at all.
  if (member.status !== MemberStatus.ACTIVE) return new Set();
  const roles = new Set<Role>([Role.MEMBER]);
  if (member.isAdmin) roles.add(Role.ADMIN);
  for (const position of positions) roles.add(POSITION_ROLE[position]);
  return roles;
}
