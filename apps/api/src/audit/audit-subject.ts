import { createUnionType } from '@nestjs/graphql';
import type { MemberEntity, OrganizationEntity } from '@council/accounts';
import type { ElectionEntity } from '@council/elections';
import type { ActionItemEntity, MeetingEntity } from '@council/meetings';
import { MemberType } from '../accounts/member.type';
import { OrganizationType } from '../accounts/organization.type';
import { ElectionType } from '../elections/election.type';
import { ActionItemType } from '../meetings/action-item.type';
import { MeetingType } from '../meetings/meeting.type';
import { TermType } from '../terms/term.type';

type SubjectType =
  | typeof MeetingType
  | typeof ElectionType
  | typeof MemberType
  | typeof OrganizationType
  | typeof TermType
  | typeof ActionItemType;

export type AuditSubjectValue =
  MeetingEntity | ElectionEntity | MemberEntity | OrganizationEntity | ActionItemEntity | TermType;

// The type each subject was loaded as: rows from the request's loaders are not always instances
// of their entity classes (some are read with plain SQL), so the union cannot tell them apart by
// their prototypes.
const LOADED_AS = new WeakMap<object, SubjectType>();

export function asSubject<T extends AuditSubjectValue>(
  value: T | null,
  type: SubjectType,
): T | null {
  if (value) LOADED_AS.set(value, type);
  return value;
}

// What an audit entry is about, so an audit page names its subjects in one request rather than
// one request per entry.
export const AuditSubject = createUnionType({
  name: 'AuditSubject',
  description:
    'What an audit entry is about, as the caller may see it now: a meeting, election, member, organisation, term or action item',
  types: () =>
    [MeetingType, ElectionType, MemberType, OrganizationType, TermType, ActionItemType] as const,
  resolveType: (value: AuditSubjectValue) => LOADED_AS.get(value),
});
