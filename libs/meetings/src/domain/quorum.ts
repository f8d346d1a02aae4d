export interface Quorum {
  present: number;
  activeMembers: number;
  // The smallest number present that makes the meeting quorate.
  required: number;
  isQuorate: boolean;
}

// DOMAIN.md: quorate when more than half of the active members are present.
export function quorumOf(present: number, activeMembers: number): Quorum {
  const required = Math.floor(activeMembers / 2) + 1;
  return { present, activeMembers, required, isQuorate: present >= required };
}

// The quorum an approved version of the minutes records (null if taken before any attendance).
export function recordedQuorum(attendance: {
  present: readonly string[];
  activeMembers: number | null;
}): Quorum | null {
  return attendance.activeMembers === null
    ? null
    : quorumOf(attendance.present.length, attendance.activeMembers);
}

// Null until attendance has been taken (no snapshot of the active members yet).
export function meetingQuorum(meeting: {
  presentCount: number;
  activeMembersAtStart: number | null;
}): Quorum | null {
  return meeting.activeMembersAtStart === null
    ? null
    : quorumOf(meeting.presentCount, meeting.activeMembersAtStart);
}
