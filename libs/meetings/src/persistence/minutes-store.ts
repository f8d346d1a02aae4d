import { EntityManager, MoreThan } from 'typeorm';
import { minutesNotFound } from '../domain/meetings.errors';
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

// Nobody approves minutes they drafted or submitted (since the last approval).
export async function isOwnWork(
  manager: EntityManager,
  minutes: MinutesEntity,
  memberId: string,
): Promise<boolean> {
  return (
    minutes.submittedBy === memberId ||
    manager.existsBy(MinutesVersionEntity, {
      minutesId: minutes.id,
      version: MoreThan(minutes.approvedVersion ?? 0),
      savedBy: memberId,
    })
  );
}
