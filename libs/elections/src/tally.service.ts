import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@council/audit';
import { Clock, assertUuid } from '@council/core';
import { BallotMark, ContestCounts, countBallots } from './domain/ballot-rules';
import { contestLabel, contestLabelRu } from './domain/contests';
import { ElectionStatus, VotingMethod } from './domain/election-status';
import { electorateDigest, listDigest, participantsDigest, tallyDigest } from './domain/digests';
import { ElectionReason, conflict, invalid } from './domain/elections.errors';
import { PaperContestInput, paperCounts } from './domain/paper-counts';
import { TallyOutcome, tallyElection } from './domain/tally';
import { assertTransition } from './domain/transitions';
import { vacuumBallotTables } from './persistence/ballot-vacuum';
import { ElectionsService } from './elections.service';
import { ContestResultEntity } from './persistence/contest-result.entity';
import { ElectionEntity } from './persistence/election.entity';
import {
  ContestWithCandidates,
  ElectionsRepository,
  rulesetOf,
} from './persistence/elections.repository';

export interface PaperResultCommand {
  electionId: string;
  ballotsCast: number;
  contests: PaperContestInput[];
}

// Closing the vote and counting it (electronic ballots or an in-room paper vote), and the hash
// that seals a tally for its approvers.
@Injectable()
export class TallyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repository: ElectionsRepository,
    private readonly elections: ElectionsService,
  ) {}

  async closeVoting(actorId: string, electionId: string): Promise<ElectionEntity> {
    const id = assertUuid(electionId, 'electionId');
    const election = await this.dataSource.transaction(async (manager) => {
      // FOR UPDATE waits for every ballot in flight (they hold FOR SHARE); none can follow. A
      // runoff's parent is locked first, as a rejection of the parent does.
      const locked = await this.repository.lockFamily(manager, id);
      assertTransition(locked.status, 'closeVoting');
      const box = await this.sealBallotBox(manager, id);
      const participants = await this.repository.participantsOf(manager, id);
      const turnout = participants.length;
      if (box.ballots.length !== turnout || box.codeHashes.length !== turnout) {
        // Acknowledged ⇔ counted: a mismatch means the box was tampered with; count nothing.
        throw new Error('Ballot box does not match the register of voters');
      }
      const contests = await this.repository.contestsWithCandidates(manager, id);
      const counts = countBallots(this.repository.ballotContests(contests), box.ballots);
      const outcome = await this.storeTally(manager, locked, contests, counts, turnout);
      locked.votingMethod = VotingMethod.ELECTRONIC;
      await manager.save(locked);
      await this.audit.record(manager, {
        actorId,
        action: 'elections.voting_closed',
        entityType: 'election',
        entityId: id,
        summary: {
          status: locked.status,
          turnout,
          electorateSize: locked.electorateSize,
          quorumReached: outcome.quorumReached,
          tallyHash: locked.tallyHash,
          // Seals of the register and the box (digests only, never a ballot or a code).
          participantsDigest: participantsDigest(box.participantsKey, participants),
          ballotsDigest: listDigest(box.ballots),
          trackingCodesDigest: listDigest(box.codeHashes),
          contests: outcome.contests.map((contest) => ({
            contestId: contest.contestId,
            status: contest.status,
          })),
        },
      });
      return locked;
    });
    await vacuumBallotTables(this.dataSource, 'the close');
    return election;
  }

  async recordPaperResult(actorId: string, command: PaperResultCommand): Promise<ElectionEntity> {
    const id = assertUuid(command.electionId, 'electionId');
    return this.dataSource.transaction(async (manager) => {
      const election = await this.repository.lockFamily(manager, id);
      assertTransition(election.status, 'recordPaperResult');
      // Straight from nominations the freeze happens here: its entry records it, as openVoting's does.
      let frozen: Record<string, unknown> = {};
      if (election.status === ElectionStatus.VOTING) {
        if ((await this.repository.participantCount(manager, id)) > 0) {
          throw conflict(
            ElectionReason.ELECTRONIC_BALLOTS_CAST,
            'Electronic ballots were cast: close the electronic vote instead',
          );
        }
      } else {
        frozen = await this.elections.freezeVote(manager, election);
      }
      if (command.ballotsCast > (election.electorateSize ?? 0)) {
        throw invalid(
          'ballotsCast',
          ElectionReason.TURNOUT_EXCEEDS_ELECTORATE,
          `more ballots than the ${election.electorateSize ?? 0} members of the electorate`,
        );
      }
      const contests = await this.repository.contestsWithCandidates(manager, id);
      const counts = paperCounts(
        this.repository.ballotContests(contests),
        command.ballotsCast,
        command.contests,
      );
      const outcome = await this.storeTally(
        manager,
        election,
        contests,
        counts,
        command.ballotsCast,
      );
      election.votingMethod = VotingMethod.PAPER;
      await manager.save(election);
      await this.audit.record(manager, {
        actorId,
        action: 'elections.paper_result_recorded',
        entityType: 'election',
        entityId: id,
        summary: {
          ...frozen,
          status: election.status,
          ballotsCast: command.ballotsCast,
          electorateSize: election.electorateSize,
          quorumReached: outcome.quorumReached,
          tallyHash: election.tallyHash,
          contests: outcome.contests.map((contest) => ({
            contestId: contest.contestId,
            status: contest.status,
          })),
        },
      });
      return election;
    });
  }

  // PostgreSQL itself can link rows: those written by one transaction share `xmin`, and rows land
  // in insertion order. The close therefore seals the box: the election's ballots and codes are
  // deleted from the tables they were cast into and written as one row of election_ballot_box,
  // by the closing transaction, with the ballots in a random order and the codes in sorted order.
  // No live row keeps a transaction id or a position of the vote, and the rows never leave the
  // database on the way. The order of the ballots comes from gen_random_uuid() (PostgreSQL's
  // cryptographic generator, pg_strong_random): a uniform random permutation. The codes are SHA-256
  // of random codes, so their sorted order is as unrelated to the voters as a shuffle (and it is
  // the order they are published in). One row, not 20,000: no foreign-key check and no index
  // entry per ballot and per code.
  private async sealBallotBox(
    manager: EntityManager,
    electionId: string,
  ): Promise<{ ballots: BallotMark[][]; codeHashes: string[]; participantsKey: Buffer }> {
    const participantsKey = randomBytes(32);
    // The sort of a large box stays in memory (the default work_mem spills 10,000 ballots to disk).
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    // Identical ballots (most of a large box) come back once, with their number of copies: each
    // distinct ballot is sent, parsed and canonicalised once, and the copies share its object.
    const [sealed]: Array<{
      distinctBallots: Array<{ choices: BallotMark[]; copies: number }>;
      codeHashes: string[];
    }> = await manager.query(
      `WITH ballots AS (DELETE FROM election_ballot WHERE election_id = $1 RETURNING choices),
            codes AS (DELETE FROM election_tracking_code WHERE election_id = $1 RETURNING code_hash),
            box AS (
              INSERT INTO election_ballot_box
                     (election_id, ballots, tracking_code_hashes, participants_key)
              SELECT $1,
                     (SELECT coalesce(array_agg(choices ORDER BY gen_random_uuid()), '{}') FROM ballots),
                     (SELECT coalesce(array_agg(code_hash::text ORDER BY code_hash COLLATE "C"), '{}') FROM codes),
                     $2
              RETURNING tracking_code_hashes)
       SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('choices', choices, 'copies', copies)), '[]')
                 FROM (SELECT choices, count(*)::int AS copies FROM ballots GROUP BY choices) counted
              ) AS "distinctBallots",
              tracking_code_hashes AS "codeHashes"
         FROM box`,
      [electionId, participantsKey],
    );
    return {
      ballots: sealed.distinctBallots.flatMap(({ choices, copies }) =>
        Array.from({ length: copies }, () => choices),
      ),
      codeHashes: sealed.codeHashes,
      participantsKey,
    };
  }

  // Inside the caller's transaction: counts the contests, stores their outcome and results, and
  // marks the election TALLIED with its tally hash (the caller saves the election once more).
  private async storeTally(
    manager: EntityManager,
    election: ElectionEntity,
    contests: ContestWithCandidates[],
    counts: ContestCounts[],
    turnout: number,
  ): Promise<TallyOutcome> {
    const names = await this.repository.namesOf(
      manager,
      contests.flatMap(({ candidateIds }) => candidateIds),
    );
    const outcome = tallyElection({
      electorateSize: election.electorateSize ?? 0,
      turnout,
      ruleset: rulesetOf(election),
      contests: contests.map(({ contest, candidateIds }, index) => ({
        id: contest.id,
        label: contestLabel(contest),
        labelRu: contestLabelRu(contest),
        seats: contest.seats,
        majority: contest.majority,
        candidates: candidateIds.map((memberId) => ({
          memberId,
          name: names.get(memberId) ?? memberId,
        })),
        counts: counts[index],
      })),
    });
    // Every contest in one statement, and every result in another: a default election has four.
    await manager.query(
      `UPDATE election_contest AS c
          SET status = u.status::election_contest_status, valid_ballots = u.valid_ballots,
              abstentions = u.abstentions, explanation = u.explanation,
              explanation_ru = u.explanation_ru
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[])
              AS u(id, status, valid_ballots, abstentions, explanation, explanation_ru)
        WHERE c.id = u.id AND c.election_id = $1`,
      [
        election.id,
        outcome.contests.map((result) => result.contestId),
        outcome.contests.map((result) => result.status),
        outcome.contests.map((result) => result.validBallots),
        outcome.contests.map((result) => result.abstentions),
        outcome.contests.map((result) => result.explanation),
        outcome.contests.map((result) => result.explanationRu),
      ],
    );
    const lines = outcome.contests.flatMap((result) =>
      result.results.map((line) => ({
        contestId: result.contestId,
        memberId: line.memberId,
        votes: line.votes,
        noVotes: line.noVotes,
        elected: line.elected,
        outcome: line.outcome,
        explanation: line.explanation,
        explanationRu: line.explanationRu,
      })),
    );
    if (lines.length > 0) await manager.insert(ContestResultEntity, lines);
    election.status = ElectionStatus.TALLIED;
    election.turnout = turnout;
    election.quorumRequired = outcome.quorumRequired;
    election.quorumReached = outcome.quorumReached;
    election.explanation = outcome.explanation;
    election.explanationRu = outcome.explanationRu;
    election.talliedAt = this.clock.now();
    await manager.save(election);
    election.tallyHash = await this.tallyHashOf(manager, election);
    return outcome;
  }

  // Recomputed from the stored rows (results, turnout, ruleset and the electorate snapshot), so an
  // approval records what it approved and any later change to either is detectable.
  async tallyHashOf(manager: EntityManager, election: ElectionEntity): Promise<string> {
    const contests = await this.repository.contestsOf(manager, election.id);
    const results = await manager.find(ContestResultEntity, {
      where: { contestId: Any(contests.map((contest) => contest.id)) },
    });
    const electorate = await this.repository.electorateOf(manager, election.id);
    return tallyDigest({
      electionId: election.id,
      electorateDigest: electorateDigest(electorate),
      electorateSize: electorate.length,
      turnout: election.turnout ?? 0,
      ruleset: rulesetOf(election),
      contests: contests.map((contest) => ({
        id: contest.id,
        ordinal: contest.ordinal,
        status: contest.status,
        validBallots: contest.validBallots,
        abstentions: contest.abstentions,
        results: results
          .filter((result) => result.contestId === contest.id)
          .map((result) => ({
            memberId: result.memberId,
            votes: result.votes,
            noVotes: result.noVotes,
            elected: result.elected,
          })),
      })),
    });
  }
}
