import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, EntityManager, In, LessThan, MoreThan, Not } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { AuditService } from '@council/audit';
import { Clock, NotFoundError, assertUuid, requireText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { TermsService } from '@council/terms';
import {
  ELECTION_TITLE_MAX_LENGTH,
  contestLabel,
  contestLabelRu,
  runoffTitle,
} from './domain/contests';
import {
  ContestStatus,
  ElectionStatus,
  NominationStatus,
  ResultOutcome,
} from './domain/election-status';
import { ElectionReason, conflict } from './domain/elections.errors';
import {
  explainElectedInEarlierRunoff,
  explainNobodyLeftForRunoff,
  explainRunoffOutcome,
  explainRunoffResolution,
  extendRussian,
} from './domain/explanation';
import {
  explainElectedInEarlierRunoffRu,
  explainNobodyLeftForRunoffRu,
  explainRunoffOutcomeRu,
  explainRunoffResolutionRu,
} from './domain/explanation-ru';
import {
  FINAL_STATUSES,
  assertTermAllows,
  assertTransition,
  canPerform,
} from './domain/transitions';
import { ContestResultEntity } from './persistence/contest-result.entity';
import { ContestEntity, ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';
import { NominationEntity } from './persistence/nomination.entity';
import { TallyService } from './tally.service';

// DOMAIN.md: a tie for the last seat, or no candidate with the required majority, leaves a contest
// UNDECIDED until a runoff decides it; the parent can be certified once the runoff is.
@Injectable()
export class RunoffsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repository: ElectionsRepository,
    private readonly tally: TallyService,
    private readonly terms: TermsService,
  ) {}

  // A new election for the contest's remaining seats, between the candidates the count named
  // (already accepted: they stood in the parent), open for the secretary to start the vote. Its
  // title is the secretary's, or else made from the parent's title and the contest.
  async createRunoff(
    actorId: string,
    contestId: string,
    title?: string | null,
  ): Promise<ElectionEntity> {
    const id = assertUuid(contestId, 'contestId');
    const givenTitle =
      title === undefined || title === null
        ? null
        : requireText(title, 'title', ELECTION_TITLE_MAX_LENGTH);
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOneBy(ContestEntity, { id });
      if (!found) throw new NotFoundError('Contest');
      // A runoff's own runoff: its root first, as every command on a runoff.
      const parent = await this.repository.lockFamily(manager, found.electionId);
      assertTransition(parent.status, 'createRunoff');
      assertTermAllows('createRunoff', this.terms.isPast(parent.termLabel));
      const contest = await manager.findOneByOrFail(ContestEntity, { id });
      if (contest.status !== ContestStatus.UNDECIDED) {
        throw conflict(
          ElectionReason.CONTEST_NOT_UNDECIDED,
          'Only an undecided contest has a runoff',
        );
      }
      const results = await manager.findBy(ContestResultEntity, { contestId: id });
      const contenders = results
        .filter((result) => result.outcome === ResultOutcome.IN_RUNOFF)
        .sort((a, b) => b.votes - a.votes || (a.memberId < b.memberId ? -1 : 1))
        .map((result) => result.memberId);
      // A contender whose account is no longer active could neither be seated (certification
      // refuses an inactive winner) nor decline: they do not stand, or the runoff could never
      // open, however often it was called again.
      const active = new Set(
        (await lockMembers(manager, contenders))
          .filter((member) => member.status === MemberStatus.ACTIVE)
          .map((member) => member.id),
      );
      const candidates = contenders.filter((memberId) => active.has(memberId));
      const notActive = contenders.filter((memberId) => !active.has(memberId));
      if (candidates.length === 0) {
        throw conflict(
          ElectionReason.NO_RUNOFF_CANDIDATES,
          notActive.length > 0
            ? 'Nobody can stand in a runoff: the contenders’ accounts are not active'
            : 'Nobody is left to stand in a runoff',
        );
      }
      await this.assertNoEarlierRunoffFor(manager, contest, candidates);
      const seats = contest.seats - results.filter((result) => result.elected).length;
      const now = this.clock.now();
      const runoff = manager.create(ElectionEntity, {
        termLabel: parent.termLabel,
        title: givenTitle ?? runoffTitle(parent.title, contest),
        status: ElectionStatus.NOMINATION,
        quorumNumerator: parent.quorumNumerator,
        quorumDenominator: parent.quorumDenominator,
        quorumComparison: parent.quorumComparison,
        majority: parent.majority,
        tiePolicy: parent.tiePolicy,
        votingMethod: null,
        byElection: false,
        parentElectionId: parent.id,
        parentContestId: contest.id,
        createdBy: actorId,
        createdAt: now,
        nominationsOpenedAt: now,
      });
      try {
        await manager.insert(ElectionEntity, runoff);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_election_live_runoff')) {
          throw conflict(ElectionReason.RUNOFF_EXISTS, 'A runoff for this contest is under way');
        }
        throw error;
      }
      const runoffContest = manager.create(ContestEntity, {
        electionId: runoff.id,
        ordinal: 1,
        position: contest.position,
        seats,
        portfolio: contest.portfolio,
        majority: contest.majority,
        status: ContestStatus.PENDING,
      });
      await manager.insert(ContestEntity, runoffContest);
      await manager.insert(
        NominationEntity,
        candidates.map((memberId, index) => ({
          contestId: runoffContest.id,
          nomineeId: memberId,
          nominatedBy: actorId,
          status: NominationStatus.ACCEPTED,
          // Keeps the count's order (best placed first) as the nomination order.
          nominatedAt: new Date(now.getTime() + index),
          respondedAt: now,
        })),
      );
      await this.audit.record(manager, {
        actorId,
        action: 'elections.runoff_created',
        entityType: 'election',
        entityId: runoff.id,
        summary: {
          parentElectionId: parent.id,
          contestId: contest.id,
          title: runoff.title,
          // The runoff's own contest, which its later entries name.
          runoffContestId: runoffContest.id,
          seats,
          candidates,
          ...(notActive.length > 0 ? { notActive } : {}),
        },
      });
      return runoff;
    });
  }

  // A certified runoff settles the parent's contest: its winners are elected there.
  async settleParentContest(
    manager: EntityManager,
    runoff: ElectionEntity,
    winners: readonly string[],
    actorId: string,
  ): Promise<void> {
    const contest = await manager.findOneByOrFail(ContestEntity, { id: runoff.parentContestId! });
    const parent = await this.repository.lockElection(manager, contest.electionId, 'update');
    const results = await manager.findBy(ContestResultEntity, { contestId: contest.id });
    // Every contender's result in one statement.
    const settled = results
      .filter((result) => result.outcome === ResultOutcome.IN_RUNOFF)
      .map((result) => {
        const elected = winners.includes(result.memberId);
        return {
          memberId: result.memberId,
          elected,
          outcome: elected ? ResultOutcome.ELECTED_IN_RUNOFF : ResultOutcome.NOT_ELECTED,
          explanation: `${result.explanation}; ${explainRunoffOutcome(elected)}`,
          explanationRu: extendRussian(
            result.explanationRu,
            result.explanation,
            '; ',
            explainRunoffOutcomeRu(elected),
          ),
        };
      });
    if (settled.length > 0) {
      await manager.query(
        `UPDATE election_contest_result AS r
            SET elected = u.elected, outcome = u.outcome::election_result_outcome,
                explanation = u.explanation, explanation_ru = u.explanation_ru
           FROM unnest($2::uuid[], $3::boolean[], $4::text[], $5::text[], $6::text[])
                AS u(member_id, elected, outcome, explanation, explanation_ru)
          WHERE r.contest_id = $1 AND r.member_id = u.member_id`,
        [
          contest.id,
          settled.map((row) => row.memberId),
          settled.map((row) => row.elected),
          settled.map((row) => row.outcome),
          settled.map((row) => row.explanation),
          settled.map((row) => row.explanationRu),
        ],
      );
    }
    const electedCount = results.filter((r) => r.elected).length + winners.length;
    const names = await this.repository.namesOf(manager, winners);
    const winnerNames = winners.map((id) => names.get(id) ?? id);
    const seatsLeftVacant = Math.max(0, contest.seats - electedCount);
    await manager.update(ContestEntity, contest.id, {
      status: electedCount > 0 ? ContestStatus.DECIDED : ContestStatus.VACANT,
      explanation: `${contest.explanation ?? ''} ${explainRunoffResolution(
        runoff.title,
        winnerNames,
        seatsLeftVacant,
      )}`.trim(),
      explanationRu: extendRussian(
        contest.explanationRu,
        contest.explanation,
        ' ',
        explainRunoffResolutionRu(contestLabelRu(contest), winnerNames, seatsLeftVacant),
      ),
    });
    const withdrawnFrom = await this.withdrawFromLaterRunoffs(manager, contest, winners);
    const previousHash = parent.tallyHash;
    parent.tallyHash = await this.tally.tallyHashOf(manager, parent);
    await manager.save(parent);
    await this.audit.record(manager, {
      actorId,
      action: 'elections.runoff_settled',
      entityType: 'election',
      entityId: parent.id,
      summary: {
        runoffId: runoff.id,
        contestId: contest.id,
        elected: [...winners],
        withdrawnFrom,
        previousTallyHash: previousHash,
        tallyHash: parent.tallyHash,
      },
    });
  }

  // Contest order decides who is seated where (DOMAIN.md): a contender of two undecided contests
  // stands in the earlier one's runoff first, and only if not elected there in the later one's.
  private async assertNoEarlierRunoffFor(
    manager: EntityManager,
    contest: ContestEntity,
    candidates: readonly string[],
  ): Promise<void> {
    const earlier = await manager.findBy(ContestEntity, {
      electionId: contest.electionId,
      status: ContestStatus.UNDECIDED,
      ordinal: LessThan(contest.ordinal),
    });
    if (earlier.length === 0) return;
    const shared = await manager.findBy(ContestResultEntity, {
      contestId: Any(earlier.map((other) => other.id)),
      memberId: Any([...candidates]),
      outcome: ResultOutcome.IN_RUNOFF,
    });
    if (shared.length > 0) {
      const first = earlier.find((other) => other.id === shared[0].contestId)!;
      throw conflict(
        ElectionReason.EARLIER_RUNOFF_FIRST,
        `The runoff for ${contestLabel(first)} comes first: a candidate stands in both`,
      );
    }
  }

  // Winners of a runoff leave the later undecided contests they were also a contender in; a contest
  // left with no contender is settled as it stands, its remaining seats vacant. Returns the ids of
  // the contests they left.
  private async withdrawFromLaterRunoffs(
    manager: EntityManager,
    contest: ContestEntity,
    winners: readonly string[],
  ): Promise<string[]> {
    const left: string[] = [];
    if (winners.length === 0) return left;
    const later = await manager.find(ContestEntity, {
      where: {
        electionId: contest.electionId,
        status: ContestStatus.UNDECIDED,
        ordinal: MoreThan(contest.ordinal),
      },
      order: { ordinal: 'ASC' },
    });
    for (const other of later) {
      const results = await manager.findBy(ContestResultEntity, { contestId: other.id });
      const contenders = results.filter((r) => r.outcome === ResultOutcome.IN_RUNOFF);
      const withdrawn = contenders.filter((r) => winners.includes(r.memberId));
      if (withdrawn.length === 0) continue;
      left.push(other.id);
      for (const result of withdrawn) {
        await manager.update(
          ContestResultEntity,
          { contestId: other.id, memberId: result.memberId },
          {
            outcome: ResultOutcome.ELECTED_ELSEWHERE,
            explanation: `${result.explanation}; ${explainElectedInEarlierRunoff(contestLabel(contest))}`,
            explanationRu: extendRussian(
              result.explanationRu,
              result.explanation,
              '; ',
              explainElectedInEarlierRunoffRu(contestLabelRu(contest)),
            ),
          },
        );
      }
      if (withdrawn.length < contenders.length) continue;
      const electedCount = results.filter((r) => r.elected).length;
      await manager.update(ContestEntity, other.id, {
        status: electedCount > 0 ? ContestStatus.DECIDED : ContestStatus.VACANT,
        explanation: `${other.explanation ?? ''} ${explainNobodyLeftForRunoff(
          other.seats - electedCount,
        )}`.trim(),
        explanationRu: extendRussian(
          other.explanationRu,
          other.explanation,
          ' ',
          explainNobodyLeftForRunoffRu(other.seats - electedCount),
        ),
      });
    }
    return left;
  }

  // When an election is rejected, its unfinished runoffs (and theirs) have nothing left to decide.
  // All are locked, parents first, before any of them changes.
  async endRunoffsOf(
    manager: EntityManager,
    election: ElectionEntity,
    actorId: string,
  ): Promise<void> {
    const live: ElectionEntity[] = [];
    let parents = [election.id];
    while (parents.length > 0) {
      const found = await manager.find(ElectionEntity, {
        where: { parentElectionId: Any(parents), status: Not(In([...FINAL_STATUSES])) },
        lock: { mode: 'pessimistic_write' },
      });
      live.push(...found);
      parents = found.map((runoff) => runoff.id);
    }
    for (const runoff of live) {
      const cancellable = canPerform(runoff.status, 'cancel');
      runoff.status = assertTransition(runoff.status, cancellable ? 'cancel' : 'reject');
      runoff.statusReason = 'The election this runoff decides was rejected';
      runoff.endedAt = this.clock.now();
      await manager.save(runoff);
      if (cancellable) {
        await manager.query('DELETE FROM election_ballot WHERE election_id = $1', [runoff.id]);
        await manager.query('DELETE FROM election_tracking_code WHERE election_id = $1', [
          runoff.id,
        ]);
      }
      await this.audit.record(manager, {
        actorId,
        action: cancellable ? 'elections.cancelled' : 'elections.rejected',
        entityType: 'election',
        entityId: runoff.id,
        summary: { status: runoff.status, reason: runoff.statusReason },
      });
    }
  }
}
