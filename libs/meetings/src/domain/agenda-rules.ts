import { MEETING_LIMITS } from './limits';
import { MeetingsReason, invalidField } from './meetings.errors';

export enum AgendaItemKind {
  INFORMATION = 'INFORMATION',
  DISCUSSION = 'DISCUSSION',
  DECISION = 'DECISION',
  ELECTION = 'ELECTION',
}

export enum AgendaChangeKind {
  ITEM_ADDED = 'ITEM_ADDED',
  ITEM_UPDATED = 'ITEM_UPDATED',
  ITEM_REMOVED = 'ITEM_REMOVED',
  AGENDA_REORDERED = 'AGENDA_REORDERED',
  MEETING_UPDATED = 'MEETING_UPDATED',
}

// One changed field of a published agenda or meeting, as shown in its change list.
export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

// Only an ELECTION item names an election (the election it is about); any item may name none.
// `changed` says which field the caller set, so the error points at the one to correct.
export function assertElectionLink(
  kind: AgendaItemKind,
  electionId: string | null,
  changed: 'kind' | 'electionId' = 'electionId',
): void {
  if (electionId !== null && kind !== AgendaItemKind.ELECTION) {
    throw invalidField(
      changed,
      MeetingsReason.ELECTION_ITEM_ONLY,
      changed === 'kind'
        ? 'this item names an election: only an ELECTION item may (clear electionId first)'
        : 'only an item of kind ELECTION may name an election',
    );
  }
}

export function assertDuration(minutes: number, field = 'durationMinutes'): number {
  if (
    !Number.isInteger(minutes) ||
    minutes < MEETING_LIMITS.minDurationMinutes ||
    minutes > MEETING_LIMITS.maxDurationMinutes
  ) {
    throw invalidField(
      field,
      MeetingsReason.INVALID_NUMBER,
      `${field} must be a whole number of minutes from ${MEETING_LIMITS.minDurationMinutes} to ${MEETING_LIMITS.maxDurationMinutes}`,
    );
  }
  return minutes;
}

// reorderAgenda takes the full new order: every current item exactly once, nothing else.
export function assertCompleteOrder(
  currentIds: readonly string[],
  requestedIds: readonly string[],
  field = 'itemIds',
): string[] {
  const requested = requestedIds.map((id) => id.toLowerCase());
  const unique = new Set(requested);
  const current = new Set(currentIds);
  const matches =
    unique.size === requested.length &&
    requested.length === current.size &&
    requested.every((id) => current.has(id));
  if (!matches) {
    throw invalidField(
      field,
      MeetingsReason.AGENDA_ORDER_MISMATCH,
      `${field} must list every item of the agenda exactly once (${current.size} items)`,
    );
  }
  return requested;
}

// The change list of an edited item: only the fields whose value differs.
export function diffFields(
  before: Record<string, string | number | null>,
  after: Record<string, string | number | null>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (from !== to) {
      changes.push({
        field,
        from: from === null ? null : String(from),
        to: to === null ? null : String(to),
      });
    }
  }
  return changes;
}
