import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessTokenClaims, MemberStatus } from '@council/accounts';
import { Clock, UnauthenticatedError } from '@council/core';
import { Position, TermsService } from '@council/terms';
import { Principal } from './principal';
import { STAND_IN_SEATS } from './permissions';
import { Role, rolesFor } from './role';

@Injectable()
export class AccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly terms: TermsService,
    private readonly clock: Clock,
  ) {}

  // One indexed query per request: the member's status, the session's validity and the positions
  // held in the term current at this instant. Suspension or logout take effect on the next request.
  async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    const now = this.clock.now();
    const rows: Array<{
      status: MemberStatus;
      is_admin: boolean;
      positions: Position[] | null;
      vacant_seats: Position[] | null;
    }> = await this.dataSource.query(
      // For an admin only: which of the seats a stand-in waits for the current term lacks. A
      // suspended holder still holds the seat: an admin, who may suspend, cannot make a vacancy.
      // One table in the FROM clause and subqueries for the rest: PostgreSQL plans it in about
      // half the time of the join with GROUP BY it replaces, and it is planned on every request.
      `SELECT m.status, m.is_admin,
              ARRAY(SELECT s.position::text FROM seat s
                     WHERE s.member_id = m.id AND s.term_label = $3) AS positions,
              CASE WHEN m.is_admin THEN ARRAY(
                SELECT w.position FROM unnest($5::text[]) AS w(position)
                 WHERE NOT EXISTS (
                   SELECT 1 FROM seat v WHERE v.term_label = $3 AND v.position::text = w.position))
              END AS vacant_seats
         FROM member m
        WHERE m.id = $1
          AND EXISTS (SELECT 1 FROM auth_session a
                       WHERE a.id = $2 AND a.member_id = m.id
                         AND a.revoked_at IS NULL AND a.expires_at > $4)`,
      [claims.memberId, claims.sessionId, this.terms.currentLabel(now), now, STAND_IN_SEATS],
    );
    const row = rows[0];
    if (!row || row.status !== MemberStatus.ACTIVE) {
      throw new UnauthenticatedError(
        'SESSION_INVALID',
        'The session has ended or the account is not active',
      );
    }
    return new Principal(
      claims.memberId,
      claims.sessionId,
      rolesFor({ status: row.status, isAdmin: row.is_admin }, row.positions ?? []),
      new Set(row.vacant_seats ?? []),
    );
  }

  async rolesOf(memberId: string): Promise<Set<Role>> {
    const rows: Array<{ status: MemberStatus; is_admin: boolean; positions: Position[] | null }> =
      await this.dataSource.query(
        `SELECT m.status, m.is_admin, array_remove(array_agg(s.position::text), NULL) AS positions
           FROM member m LEFT JOIN seat s ON s.member_id = m.id AND s.term_label = $2
          WHERE m.id = $1 GROUP BY m.id`,
        [memberId, this.terms.currentLabel()],
      );
    const row = rows[0];
    return row
      ? rolesFor({ status: row.status, isAdmin: row.is_admin }, row.positions ?? [])
      : new Set();
  }
}
