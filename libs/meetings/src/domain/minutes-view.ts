import { MinutesStatus } from './minutes-lifecycle';
import {
  MinutesAttendanceRecord,
  MinutesItemRecord,
  StoredMinutesVersion,
  canonicalMinutes,
} from './minutes-document';

// What the views read of the stored minutes, version and approval (the persistence rows).
export interface MinutesState {
  id: string;
  meetingId: string;
  status: MinutesStatus;
  approvedVersion: number | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  returnComment: string | null;
  returnedBy: string | null;
  returnedAt: Date | null;
}

export interface SavedMinutesVersion extends StoredMinutesVersion {
  id: string;
  minutesId: string;
  isAmendment: boolean;
  savedBy: string;
  savedAt: Date;
}

export interface MinutesSeal {
  approvedBy: string;
  approvedAt: Date;
}

export interface MinutesVersionView {
  id: string;
  minutesId: string;
  version: number;
  isAmendment: boolean;
  isApproved: boolean;
  // Only an approved version carries its seal.
  contentHash: string | null;
  previousHash: string | null;
  // The exact bytes the seal is computed over: SHA-256(canonicalContent) = contentHash.
  canonicalContent: string;
  items: MinutesItemRecord[];
  attendance: MinutesAttendanceRecord;
  savedById: string;
  savedAt: Date;
  approvedById: string | null;
  approvedAt: Date | null;
}

// A time submitted minutes were sent back (returnToDraft), with the version it was about.
export interface MinutesReturnView {
  version: number;
  comment: string;
  returnedById: string;
  returnedAt: Date;
}

// The minutes as one caller sees them: the leadership sees the latest version whatever its state;
// members see the latest approved version (also while an amendment of it is pending), or nothing.
export interface MinutesView extends Omit<MinutesVersionView, 'id'> {
  id: string;
  versionId: string;
  meetingId: string;
  status: MinutesStatus;
  approvedVersion: number | null;
  hasPendingAmendment: boolean | null;
  submittedById: string | null;
  submittedAt: Date | null;
  returnComment: string | null;
  returnedById: string | null;
  returnedAt: Date | null;
}

export function versionView(
  row: SavedMinutesVersion,
  approval: MinutesSeal | null,
): MinutesVersionView {
  return {
    id: row.id,
    minutesId: row.minutesId,
    version: row.version,
    isAmendment: row.isAmendment,
    isApproved: approval !== null,
    contentHash: approval ? row.contentHash : null,
    previousHash: row.previousHash,
    canonicalContent: canonicalMinutes(row.body),
    items: row.body.items,
    attendance: row.body.attendance,
    savedById: row.savedBy,
    savedAt: row.savedAt,
    approvedById: approval?.approvedBy ?? null,
    approvedAt: approval?.approvedAt ?? null,
  };
}

export function minutesView(
  minutes: MinutesState,
  row: SavedMinutesVersion,
  approval: MinutesSeal | null,
  seesDrafts: boolean,
): MinutesView {
  const { id: versionId, ...version } = versionView(row, approval);
  return {
    ...version,
    id: minutes.id,
    versionId,
    meetingId: minutes.meetingId,
    status: seesDrafts ? minutes.status : MinutesStatus.APPROVED,
    approvedVersion: minutes.approvedVersion,
    // Unknown to members (null), rather than a "no" that would be false while one is drafted.
    hasPendingAmendment: seesDrafts
      ? minutes.approvedVersion !== null && minutes.status !== MinutesStatus.APPROVED
      : null,
    submittedById: seesDrafts ? minutes.submittedBy : null,
    submittedAt: seesDrafts ? minutes.submittedAt : null,
    returnComment: seesDrafts ? minutes.returnComment : null,
    returnedById: seesDrafts ? minutes.returnedBy : null,
    returnedAt: seesDrafts ? minutes.returnedAt : null,
  };
}
