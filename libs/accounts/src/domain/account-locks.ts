import { EntityManager } from 'typeorm';
import { MemberStatus } from '../persistence/member.entity';

// The class of the advisory lock that serialises changes to who is an administrator (the two-key
// form, apart from the audit log's one-key lock; taken before the audit log's, never after).
const ADMIN_CHANGE_LOCK = 0x1092;

// Inside the caller's transaction, until it ends.
export async function lockAdminChanges(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, 0)', [ADMIN_CHANGE_LOCK]);
}

// The class of the advisory locks that serialise invitations of one e-mail address (keyed by the
// address's hash; taken first, before any row lock and the audit log's lock).
const INVITATION_LOCK = 0x1093;

export async function lockInvitationsOf(manager: EntityManager, email: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INVITATION_LOCK, email]);
}

export interface LockedMember {
  id: string;
  fullName: string;
  status: MemberStatus;
}

// These members' rows under FOR SHARE until the caller's transaction ends, in id order: a
// suspension under way is waited for and its outcome seen, and none can start before the caller
// commits, so a check that they are active holds. Taken before the audit log's lock.
export async function lockMembers(
  manager: EntityManager,
  ids: readonly string[],
): Promise<LockedMember[]> {
  if (ids.length === 0) return [];
  return manager.query(
    `SELECT id, full_name AS "fullName", status FROM member
      WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`,
    [[...new Set(ids)]],
  );
}
