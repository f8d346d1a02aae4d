import { EntityManager } from 'typeorm';
import { MemberEntity, MemberStatus } from '@council/accounts';
import { AgendaChangeKind, FieldChange } from '../domain/agenda-rules';
import { MeetingStatus, isRevisionTracked } from '../domain/meeting-lifecycle';
import { meetingNotFound } from '../domain/meetings.errors';
import { AgendaChangeEntity } from './agenda-change.entity';
import { MeetingEntity } from './meeting.entity';

// Every command on a meeting (its details, agenda, attendance, minutes) starts by locking the
// meeting's row: commands on one meeting run one after another, so a check made inside the
// transaction still holds when it commits.
export async function lockMeeting(manager: EntityManager, id: string): Promise<MeetingEntity> {
  const meeting = await manager.findOne(MeetingEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!meeting) throw meetingNotFound();
  return meeting;
}

export async function countActiveMembers(manager: EntityManager): Promise<number> {
  return manager.countBy(MemberEntity, { status: MemberStatus.ACTIVE });
}

// PUBLISHED → HELD. The quorum's denominator is frozen now: the members active at the moment the
// meeting is known to have started (the member table keeps no status history to look back into).
export async function holdMeeting(
  manager: EntityManager,
  meeting: MeetingEntity,
  now: Date,
): Promise<void> {
  meeting.status = MeetingStatus.HELD;
  meeting.heldAt = now;
  meeting.activeMembersAtStart = await countActiveMembers(manager);
  await manager.update(MeetingEntity, meeting.id, {
    status: meeting.status,
    heldAt: meeting.heldAt,
    activeMembersAtStart: meeting.activeMembersAtStart,
  });
}

export interface AgendaChangeRecord {
  kind: AgendaChangeKind;
  agendaItemId?: string | null;
  itemTitle?: string | null;
  changes: FieldChange[];
}

// DOMAIN.md: a change to a published agenda raises its revision and is listed (what, when, who).
// Returns the new revision, or null when the meeting is still a draft.
export async function logAgendaChange(
  manager: EntityManager,
  meeting: MeetingEntity,
  change: AgendaChangeRecord,
  actorId: string,
  now: Date,
): Promise<number | null> {
  if (!isRevisionTracked(meeting.status)) return null;
  meeting.agendaRevision += 1;
  await manager.update(MeetingEntity, meeting.id, { agendaRevision: meeting.agendaRevision });
  await manager.insert(AgendaChangeEntity, {
    meetingId: meeting.id,
    revision: meeting.agendaRevision,
    kind: change.kind,
    agendaItemId: change.agendaItemId ?? null,
    itemTitle: change.itemTitle ?? null,
    changes: change.changes,
    changedBy: actorId,
    changedAt: now,
  });
  return meeting.agendaRevision;
}

// Groups rows by a key, answering in the order of the keys asked (for DataLoaders).
export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
