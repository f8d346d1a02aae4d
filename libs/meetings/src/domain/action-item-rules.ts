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
