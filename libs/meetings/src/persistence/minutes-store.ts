import { EntityManager } from 'typeorm';
import { minutesNotFound } from '../domain/meetings.errors';
import { MinutesStatus } from '../domain/minutes-lifecycle';
import { MinutesVersionEntity } from './minutes-version.entity';
import { MinutesEntity } from './minutes.entity';

// Taken after the meeting's lock (lockMeeting), by the commands that change the minutes.
export async function lockMinutesIfAny(
  manager: EntityManager,
  meetingId: string,
): Promise<MinutesEntity | null> {
  return manager.findOne(MinutesEntity, {
    where: { meetingId },
    lock: { mode: 'pessimistic_write' },
  });
}

export async function lockMinutes(
  manager: EntityManager,
  meetingId: string,
): Promise<MinutesEntity> {
  const minutes = await lockMinutesIfAny(manager, meetingId);
  if (!minutes) throw minutesNotFound();
  return minutes;
}

export async function currentVersionOf(
  manager: EntityManager,
  minutes: MinutesEntity,
): Promise<MinutesVersionEntity> {
  return manager.findOneByOrFail(MinutesVersionEntity, {
    minutesId: minutes.id,
    version: minutes.currentVersion,
  });
}

// Nobody approves minutes they drafted or submitted (since the last approval): their authors, as
// authorsOfMinutes reads them for many minutes at once (one definition of whose work they are).
export async function isOwnWork(
  manager: EntityManager,
  minutes: MinutesEntity,
  memberId: string,
): Promise<boolean> {
  const found = (await authorsOfMinutes(manager, [minutes.id])).get(minutes.id);
  return found?.authors.has(memberId) ?? false;
}

// Who drafted a version of each of these minutes since the last approval, or submitted them, and
// each one's status, in one query. Minutes not found are left out.
export async function authorsOfMinutes(
  manager: EntityManager,
  minutesIds: readonly string[],
): Promise<Map<string, { status: MinutesStatus; authors: Set<string> }>> {
  const rows: Array<{ id: string; status: MinutesStatus; authors: string[] }> = await manager.query(
    `SELECT m.id, m.status,
              array_remove(array_agg(DISTINCT v.saved_by::text)
                FILTER (WHERE v.version > coalesce(m.approved_version, 0))
                || m.submitted_by::text, NULL) AS authors
         FROM minutes m LEFT JOIN minutes_version v ON v.minutes_id = m.id
        WHERE m.id = ANY($1::uuid[])
        GROUP BY m.id`,
    [[...minutesIds]],
  );
  return new Map(
    rows.map((row) => [row.id, { status: row.status, authors: new Set(row.authors) }]),
  );
}
