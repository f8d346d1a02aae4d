export enum Role {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  CHAIR = 'CHAIR',
  CO_CHAIR = 'CO_CHAIR',
  EXECUTIVE_SECRETARY = 'EXECUTIVE_SECRETARY',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);
export const LEADERSHIP_ROLES: readonly Role[] = [
  Role.CHAIR,
  Role.CO_CHAIR,
  Role.EXECUTIVE_SECRETARY,
];
