import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { MemberEntity } from '@council/accounts';
import { NotFoundError } from '@council/core';
import { BallotContest } from '../domain/ballot-rules';
import { NominationStatus } from '../domain/election-status';
import { Ruleset } from '../domain/ruleset';
import { ContestEntity, ElectionEntity } from './election.entity';
import { NominationEntity } from './nomination.entity';

export type LockMode = 'update' | 'share';

export interface ContestWithCandidates {
  contest: ContestEntity;
  // Member ids of the accepted nominees, in nomination order.
  candidateIds: string[];
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
              contestId: In(contests.map((contest) => contest.id)),
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
      where: { id: In([...new Set(ids)]) },
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
