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
  // Every text of one minutes version together (discussions, decisions, action items): the caps
  // above multiply to some 29.5 million characters, and a request reusing a variable in every
  // item reaches them within the body limit.
  minutesText: 200000,
  minDurationMinutes: 1,
  maxDurationMinutes: 600,
  maxVotes: 100000,
} as const;
