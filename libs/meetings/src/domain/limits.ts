// Caps that keep one meeting's records reviewable and bound the work of one request.
export const MEETING_LIMITS = {
  title: 300,
  location: 300,
  description: 5000,
  reason: 2000,
  comment: 5000,
  discussion: 20000,
  decisionText: 5000,
  actionTitle: 500,
  agendaItems: 100,
  attendanceEntries: 1000,
  minutesItems: 100,
  decisionsPerItem: 50,
  actionItemsPerItem: 50,
  minDurationMinutes: 1,
  maxDurationMinutes: 600,
  maxVotes: 100000,
} as const;
