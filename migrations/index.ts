import { Accounts1764100000000 } from './1764100000000-Accounts';
import { AuditLog1764100001000 } from './1764100001000-AuditLog';
import { TermsAndRosters1764200000000 } from './1764200000000-TermsAndRosters';
import { Elections1764300000000 } from './1764300000000-Elections';
import { Meetings1764400000000 } from './1764400000000-Meetings';
import { SealedBallotBox1764500000000 } from './1764500000000-SealedBallotBox';
import { LoginAttemptPending1764600000000 } from './1764600000000-LoginAttemptPending';
import { NameCollation1764700000000 } from './1764700000000-NameCollation';
import { SessionAddress1764800000000 } from './1764800000000-SessionAddress';
import { ApproverForSuspended1764900000000 } from './1764900000000-ApproverForSuspended';
import { MeetingMembersAtStart1765000000000 } from './1765000000000-MeetingMembersAtStart';
import { MinutesAmendmentPending1765100000000 } from './1765100000000-MinutesAmendmentPending';
import { ParticipantsSealKey1765200000000 } from './1765200000000-ParticipantsSealKey';
import { LoginFailureAge1765300000000 } from './1765300000000-LoginFailureAge';
import { SessionAge1765400000000 } from './1765400000000-SessionAge';
import { ByElections1765500000000 } from './1765500000000-ByElections';
import { ListIndexes1765600000000 } from './1765600000000-ListIndexes';
import { AuditLogFilters1765700000000 } from './1765700000000-AuditLogFilters';
import { OrganizationNameFold1765800000000 } from './1765800000000-OrganizationNameFold';
import { ExplanationsInRussian1765900000000 } from './1765900000000-ExplanationsInRussian';
import { OrganizationLookAlikes1766000000000 } from './1766000000000-OrganizationLookAlikes';
import { EmailDomainUnicode1766100000000 } from './1766100000000-EmailDomainUnicode';
import { GovernanceRecordsKept1766200000000 } from './1766200000000-GovernanceRecordsKept';
import { BallotTablesVacuumedPromptly1766300000000 } from './1766300000000-BallotTablesVacuumedPromptly';
import { AgendaItemElection1766400000000 } from './1766400000000-AgendaItemElection';
import { InvitationEnded1766500000000 } from './1766500000000-InvitationEnded';
import { MinutesReturns1766600000000 } from './1766600000000-MinutesReturns';
import { AuditLogEntityType1766700000000 } from './1766700000000-AuditLogEntityType';

// An explicit list (no globs) so tsc, swc, jest and the CLI all load the same migrations.
export const MIGRATIONS = [
  Accounts1764100000000,
  AuditLog1764100001000,
  TermsAndRosters1764200000000,
  Elections1764300000000,
  Meetings1764400000000,
  SealedBallotBox1764500000000,
  LoginAttemptPending1764600000000,
  NameCollation1764700000000,
  SessionAddress1764800000000,
  ApproverForSuspended1764900000000,
  MeetingMembersAtStart1765000000000,
  MinutesAmendmentPending1765100000000,
  ParticipantsSealKey1765200000000,
  LoginFailureAge1765300000000,
  SessionAge1765400000000,
  ByElections1765500000000,
  ListIndexes1765600000000,
  AuditLogFilters1765700000000,
  OrganizationNameFold1765800000000,
  ExplanationsInRussian1765900000000,
  OrganizationLookAlikes1766000000000,
  EmailDomainUnicode1766100000000,
  GovernanceRecordsKept1766200000000,
  BallotTablesVacuumedPromptly1766300000000,
  AgendaItemElection1766400000000,
  InvitationEnded1766500000000,
  MinutesReturns1766600000000,
  AuditLogEntityType1766700000000,
];
