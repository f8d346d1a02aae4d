export enum ActionItemStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}

// Overdue: not done and its due day (a council calendar date) is before today in the council's
// time zone.
export function isOverdue(
  item: { status: ActionItemStatus; dueOn: string },
  today: string,
): boolean {
  return item.status !== ActionItemStatus.DONE && item.dueOn < today;
}

// The status a minutes version shows for one of its action items: the tracked one, only while it
// follows that assignment. An item the version hands to someone else (a pending amendment), or
// one withdrawn since, shows none: the first assignee's progress is not the second's, and an
// approval would give the item anew (OPEN).
export function recordedStatus(
  recorded: { assigneeId: string },
  tracked: {
    status: ActionItemStatus;
    assigneeId: string;
    withdrawnInVersion: number | null;
  } | null,
): ActionItemStatus | null {
  if (!tracked || !isFollowedUp(tracked)) return null;
  return tracked.assigneeId === recorded.assigneeId ? tracked.status : null;
}

// An item an approved amendment withdrew is no longer followed up: it leaves the lists, cannot be
// updated, and is gone wherever something else names it.
export function isFollowedUp(item: { withdrawnInVersion: number | null }): boolean {
  return item.withdrawnInVersion === null;
}
