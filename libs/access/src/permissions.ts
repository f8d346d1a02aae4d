import { Position } from '@council/terms';
import { Role } from './role';

// Every protected operation needs exactly one of these.
export enum Permission {
  VIEW_COUNCIL = 'VIEW_COUNCIL',
  MANAGE_OWN_SESSION = 'MANAGE_OWN_SESSION',
  INVITE_MEMBER = 'INVITE_MEMBER',
  MANAGE_MEMBER_STATUS = 'MANAGE_MEMBER_STATUS',
  MANAGE_ORGANIZATIONS = 'MANAGE_ORGANIZATIONS',
  APPOINT_FOUNDING_ROSTER = 'APPOINT_FOUNDING_ROSTER',
  READ_AUDIT_LOG = 'READ_AUDIT_LOG',
  MANAGE_ELECTIONS = 'MANAGE_ELECTIONS',
  TAKE_PART_IN_ELECTIONS = 'TAKE_PART_IN_ELECTIONS',
  CERTIFY_ELECTIONS = 'CERTIFY_ELECTIONS',
  MANAGE_MEETINGS = 'MANAGE_MEETINGS',
  PUBLISH_AGENDA = 'PUBLISH_AGENDA',
  APPROVE_MINUTES = 'APPROVE_MINUTES',
  TRACK_ACTION_ITEMS = 'TRACK_ACTION_ITEMS',
  // Object-level: checked by the services, not declared by any operation.
  VIEW_DRAFTS = 'VIEW_DRAFTS',
  UPDATE_ANY_ACTION_ITEM = 'UPDATE_ANY_ACTION_ITEM',
  CERTIFY_AS_LAST_RESORT = 'CERTIFY_AS_LAST_RESORT',
  REISSUE_ANY_INVITATION = 'REISSUE_ANY_INVITATION',
}

// The one table of who may do what (DOMAIN.md "Roles are bound to terms"). Object-level rules
// (only the nominee answers a nomination, a co-chair approves minutes only while the chair seat is
// vacant or its holder drafted them, a recused co-chair's place goes to the chair...) live in the
// domain services.
export const PERMISSION_TABLE: Readonly<Record<Permission, readonly Role[]>> = {
  [Permission.VIEW_COUNCIL]: [Role.MEMBER],
  [Permission.MANAGE_OWN_SESSION]: [Role.MEMBER],
  [Permission.INVITE_MEMBER]: [Role.ADMIN, Role.EXECUTIVE_SECRETARY],
  [Permission.MANAGE_MEMBER_STATUS]: [Role.ADMIN],
  [Permission.MANAGE_ORGANIZATIONS]: [Role.ADMIN],
  [Permission.APPOINT_FOUNDING_ROSTER]: [Role.ADMIN],
  [Permission.READ_AUDIT_LOG]: [Role.CHAIR, Role.CO_CHAIR, Role.EXECUTIVE_SECRETARY, Role.ADMIN],
  [Permission.MANAGE_ELECTIONS]: [Role.EXECUTIVE_SECRETARY],
  [Permission.TAKE_PART_IN_ELECTIONS]: [Role.MEMBER],
  // Co-chairs certify; the chair and the secretary stand in for recused or suspended co-chairs, and
  // ADMIN fills the places CERTIFY_AS_LAST_RESORT describes: the elections service decides which
  // case applies.
  [Permission.CERTIFY_ELECTIONS]: [Role.CO_CHAIR, Role.CHAIR, Role.EXECUTIVE_SECRETARY, Role.ADMIN],
  [Permission.MANAGE_MEETINGS]: [Role.EXECUTIVE_SECRETARY],
  [Permission.PUBLISH_AGENDA]: [Role.EXECUTIVE_SECRETARY, Role.CHAIR],
  [Permission.VIEW_DRAFTS]: [Role.CHAIR, Role.CO_CHAIR, Role.EXECUTIVE_SECRETARY],
  // The chair approves and returns; a co-chair only while the chair seat is vacant or, to approve,
  // when its holder drafted or submitted them (checked by the meetings service).
  [Permission.APPROVE_MINUTES]: [Role.CHAIR, Role.CO_CHAIR],
  [Permission.TRACK_ACTION_ITEMS]: [Role.MEMBER],
  // Anyone's action item, not only one's own.
  [Permission.UPDATE_ANY_ACTION_ITEM]: [Role.EXECUTIVE_SECRETARY],
  // The certification's ADMIN place: while the term has no co-chairs (DOMAIN.md), and once for the
  // recused co-chairs nobody on the roster is left to stand in for (approval-rules.ts).
  [Permission.CERTIFY_AS_LAST_RESORT]: [Role.ADMIN],
  // Inviting again an address someone else invited: whoever invites receives its token.
  [Permission.REISSUE_ANY_INVITATION]: [Role.ADMIN],
};

// Who stands in while the current term has no such seat at all (no roster yet, or a roster without
// it). DOMAIN.md names no one for running elections; without a stand-in, a term that began before
// its election was certified, or whose roster has no secretary, could never elect one again. The
// ADMIN may then run elections (create, nominate, open and close voting, cancel, runoffs) and, as
// DOMAIN.md provides, certify them while the term has no co-chairs (CERTIFY_AS_LAST_RESORT); the
// meetings stay with the secretary. A suspended holder still holds the seat: the ADMIN, who may suspend members, cannot
// open a vacancy for themselves.
export const STAND_IN_TABLE: Readonly<
  Partial<Record<Permission, { role: Role; whileVacant: Position }>>
> = {
  [Permission.MANAGE_ELECTIONS]: { role: Role.ADMIN, whileVacant: Position.EXECUTIVE_SECRETARY },
};

// The seats whose absence a stand-in waits for.
export const STAND_IN_SEATS: readonly Position[] = [
  ...new Set(Object.values(STAND_IN_TABLE).map((standIn) => standIn.whileVacant)),
];

export function hasPermission(
  roles: ReadonlySet<Role>,
  permission: Permission,
  vacantSeats: ReadonlySet<Position> = new Set(),
): boolean {
  if (PERMISSION_TABLE[permission].some((role) => roles.has(role))) return true;
  const standIn = STAND_IN_TABLE[permission];
  return standIn !== undefined && roles.has(standIn.role) && vacantSeats.has(standIn.whileVacant);
}
