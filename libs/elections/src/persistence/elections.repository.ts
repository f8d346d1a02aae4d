import { Injectable } from '@nestjs/common';
import { Any, EntityManager } from 'typeorm';
import { MemberEntity, MemberStatus } from '@council/accounts';
import { NotFoundError } from '@council/core';
import { BallotContest, BallotMark } from '../domain/ballot-rules';
import { ElectionStatus, NominationStatus } from '../domain/election-status';
import { Ruleset } from '../domain/ruleset';
import { ContestEntity, ElectionEntity } from './election.entity';
import { NominationEntity } from './nomination.entity';

export type LockMode = 'update' | 'share';

export interface BallotGate {
  status: ElectionStatus;
  isElector: boolean;
  isActive: boolean;
  hasVoted: boolean;
}

export interface ContestWithCandidates {
  contest: ContestEntity;
  // Member ids of the accepted nominees, in nomination order.
  candidateIds: string[];
}

function ballotPaperOf(
  rows: ReadonlyArray<{ id: string; seats: number; nominee_id: string | null }>,
): BallotContest[] {
  const contests = new Map<string, BallotContest & { candidateIds: string[] }>();
  for (const row of rows) {
    const contest = contests.get(row.id) ?? { id: row.id, seats: row.seats, candidateIds: [] };
    if (row.nominee_id) contest.candidateIds.push(row.nominee_id);
    contests.set(row.id, contest);
  }
  return [...contests.values()];
}

// What decides whether $2 may vote in election $1 now. FOR SHARE: the close (FOR UPDATE) waits for
// a ballot in flight, or the ballot sees the closed election.
const BALLOT_GATE = `SELECT e.status,
         EXISTS (SELECT 1 FROM election_elector
                  WHERE election_id = e.id AND member_id = $2) AS is_elector,
         EXISTS (SELECT 1 FROM member WHERE id = $2 AND status = '${MemberStatus.ACTIVE}') AS is_active,
         EXISTS (SELECT 1 FROM election_participation
                  WHERE election_id = e.id AND member_id = $2) AS has_voted
    FROM election e WHERE e.id = $1 FOR SHARE OF e`;

interface BallotGateRow {
  status: ElectionStatus;
  is_elector: boolean;
  is_active: boolean;
  has_voted: boolean;
}

function gateOf(row: BallotGateRow): BallotGate {
  return {
    status: row.status,
    isElector: row.is_elector,
    isActive: row.is_active,
    hasVoted: row.has_voted,
  };
}

// Reads and locks inside the caller's transaction. Every command locks its election row first:
// FOR UPDATE for transitions, FOR SHARE for casting a ballot, so a close waits for the ballots in
// flight and no ballot commits after it (acknowledged ⇔ counted).
@Injectable()
export class ElectionsRepository {
  async lockElection(manager: EntityManager, id: string, mode: LockMode): Promise<ElectionEntity> {
    const election = await manager.findOne(ElectionEntity, {
      where: { id },
      lock: { mode: mode === 'update' ? 'pessimistic_write' : 'pessimistic_read' },
    });
    if (!election) throw new NotFoundError('Election');
    return election;
  }

  // Locks an election and the elections its runoff decides, root first: every command that touches
  // a runoff and its parent takes the locks in this one order, so two of them cannot deadlock.
  async lockFamily(
    manager: EntityManager,
    id: string,
    mode: LockMode = 'update',
  ): Promise<ElectionEntity> {
    const chain: string[] = [];
    let current: string | null = id;
    while (current) {
      const row: ElectionEntity | null = await manager.findOne(ElectionEntity, {
        where: { id: current },
        select: { id: true, parentElectionId: true },
      });
      if (!row) throw new NotFoundError('Election');
      chain.unshift(row.id);
      current = row.parentElectionId;
    }
    let locked: ElectionEntity | undefined;
    for (const member of chain) locked = await this.lockElection(manager, member, mode);
    return locked!;
  }

  async contestsOf(manager: EntityManager, electionId: string): Promise<ContestEntity[]> {
    return manager.find(ContestEntity, { where: { electionId }, order: { ordinal: 'ASC' } });
  }

  async contestsWithCandidates(
    manager: EntityManager,
    electionId: string,
  ): Promise<ContestWithCandidates[]> {
    const contests = await this.contestsOf(manager, electionId);
    const nominations =
      contests.length === 0
        ? []
        : await manager.find(NominationEntity, {
            where: {
              contestId: Any(contests.map((contest) => contest.id)),
              status: NominationStatus.ACCEPTED,
            },
            order: { nominatedAt: 'ASC', id: 'ASC' },
          });
    return contests.map((contest) => ({
      contest,
      candidateIds: nominations
        .filter((nomination) => nomination.contestId === contest.id)
        .map((nomination) => nomination.nomineeId),
    }));
  }

  // The hot path of a vote, in few statements (hundreds of voters may cast at once).
  async ballotGate(
    manager: EntityManager,
    electionId: string,
    voterId: string,
  ): Promise<BallotGate | null> {
    const rows: BallotGateRow[] = await manager.query(BALLOT_GATE, [electionId, voterId]);
    return rows[0] ? gateOf(rows[0]) : null;
  }

  // The ballot paper (contests and accepted candidates), read in one snapshot with the status: null
  // unless the election is in VOTING (from then on its contests and candidates can no longer change)
  // or has no contest.
  async ballotPaperWhileVoting(
    manager: EntityManager,
    electionId: string,
  ): Promise<BallotContest[] | null> {
    const rows: Array<{ id: string; seats: number; nominee_id: string | null }> =
      await manager.query(
        `SELECT c.id, c.seats, n.nominee_id
         FROM election e
         JOIN election_contest c ON c.election_id = e.id
         LEFT JOIN election_nomination n ON n.contest_id = c.id AND n.status = 'ACCEPTED'
        WHERE e.id = $1 AND e.status = 'VOTING'
        ORDER BY c.ordinal, n.nominated_at, n.id`,
        [electionId],
      );
    return rows.length === 0 ? null : ballotPaperOf(rows);
  }

  // The three rows of a ballot (who voted, what was chosen, the code hash) and the gate, in one
  // statement: the rows are written only when the gate lets the voter through, under the same
  // FOR SHARE lock. The participation key refuses a second ballot of the same voter (unique
  // violation). Returns the gate as it was seen (null: no such election) and whether the ballot
  // was recorded.
  async recordBallotIfAllowed(
    manager: EntityManager,
    ballot: { electionId: string; voterId: string; marks: BallotMark[]; codeHash: string },
  ): Promise<{ gate: BallotGate; recorded: boolean } | null> {
    const rows: Array<BallotGateRow & { recorded: boolean }> = await manager.query(
      `WITH gate AS (${BALLOT_GATE}),
       voter AS (
         INSERT INTO election_participation (election_id, member_id)
         SELECT $1, $2 FROM gate
          WHERE status = 'VOTING' AND is_elector AND is_active AND NOT has_voted
         RETURNING election_id
       ), ballot AS (
         INSERT INTO election_ballot (election_id, choices) SELECT election_id, $3::jsonb FROM voter
       ), code AS (
         INSERT INTO election_tracking_code (code_hash, election_id) SELECT $4, election_id FROM voter
       )
       SELECT gate.*, EXISTS (SELECT 1 FROM voter) AS recorded FROM gate`,
      [ballot.electionId, ballot.voterId, JSON.stringify(ballot.marks), ballot.codeHash],
    );
    const row = rows[0];
    return row ? { gate: gateOf(row), recorded: row.recorded } : null;
  }

  // Whether the voter took part in this election and a ballot of it carries the code (its hash):
  // in the open vote, or in the box the close sealed (it moves the hashes there; one snapshot sees
  // them in one place or the other, and the box is published).
  async votedWithTrackingCode(
    manager: EntityManager,
    ballot: { electionId: string; voterId: string; codeHash: string },
  ): Promise<boolean> {
    const rows: Array<{ held: boolean }> = await manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM election_participation WHERE election_id = $2 AND member_id = $3
       ) AND (
         EXISTS (SELECT 1 FROM election_tracking_code WHERE code_hash = $1 AND election_id = $2)
         OR EXISTS (
           SELECT 1 FROM election_ballot_box
            WHERE election_id = $2 AND $1::text = ANY (tracking_code_hashes)
         )
       ) AS held`,
      [ballot.codeHash, ballot.electionId, ballot.voterId],
    );
    return rows[0].held;
  }

  ballotContests(contests: readonly ContestWithCandidates[]): BallotContest[] {
    return contests.map(({ contest, candidateIds }) => ({
      id: contest.id,
      seats: contest.seats,
      candidateIds,
    }));
  }

  async namesOf(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const members = await manager.find(MemberEntity, {
      where: { id: Any([...new Set(ids)]) },
      select: { id: true, fullName: true },
    });
    return new Map(members.map((member) => [member.id, member.fullName]));
  }

  async electorateOf(manager: EntityManager, electionId: string): Promise<string[]> {
    const rows: Array<{ member_id: string }> = await manager.query(
      'SELECT member_id FROM election_elector WHERE election_id = $1 ORDER BY member_id',
      [electionId],
    );
    return rows.map((row) => row.member_id);
  }

  // The register of voters: who took part, never how.
  async participantsOf(manager: EntityManager, electionId: string): Promise<string[]> {
    const rows: Array<{ member_id: string }> = await manager.query(
      'SELECT member_id FROM election_participation WHERE election_id = $1',
      [electionId],
    );
    return rows.map((row) => row.member_id);
  }

  async participantCount(manager: EntityManager, electionId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      'SELECT count(*)::int AS n FROM election_participation WHERE election_id = $1',
      [electionId],
    );
    return rows[0].n;
  }

  // The election a runoff ultimately decides (the election itself when it is not a runoff).
  async rootOf(manager: EntityManager, election: ElectionEntity): Promise<ElectionEntity> {
    let current = election;
    while (current.parentElectionId) {
      const parent = await manager.findOneBy(ElectionEntity, { id: current.parentElectionId });
      if (!parent) throw new NotFoundError('Election');
      current = parent;
    }
    return current;
  }

  // The accounts of these members as roles are computed from them (status, admin flag).
  async accountsOf(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Array<Pick<MemberEntity, 'id' | 'status' | 'isAdmin'>>> {
    if (ids.length === 0) return [];
    return manager.find(MemberEntity, {
      where: { id: Any([...ids]) },
      select: { id: true, status: true, isAdmin: true },
    });
  }

  // Everyone who stood in the election (its accepted nominees), used for recusal.
  async candidatesOfElection(manager: EntityManager, electionId: string): Promise<Set<string>> {
    const rows: Array<{ nominee_id: string }> = await manager.query(
      `SELECT DISTINCT n.nominee_id FROM election_nomination n
         JOIN election_contest c ON c.id = n.contest_id
        WHERE c.election_id = $1 AND n.status = 'ACCEPTED'`,
      [electionId],
    );
    return new Set(rows.map((row) => row.nominee_id));
  }
}

export function rulesetOf(election: ElectionEntity): Ruleset {
  return {
    quorum: {
      numerator: election.quorumNumerator,
      denominator: election.quorumDenominator,
      comparison: election.quorumComparison,
    },
    majority: election.majority,
    tiePolicy: election.tiePolicy,
  };
}
