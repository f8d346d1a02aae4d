import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { AuditAction, AuditService } from '@council/audit';
import { Clock, allChecked, assertUuid, requireText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { SeatAssignment, TermPeriod, TermsService, isTermLabel } from '@council/terms';
import {
  ContestInput,
  ELECTION_NOTE_MAX_LENGTH,
  assertContestsVacant,
  contestLabel,
  vacantContests,
} from './domain/contests';
import { ContestStatus, ElectionStatus } from './domain/election-status';
import { electorateDigest } from './domain/digests';
import { ElectionReason, conflict, invalid } from './domain/elections.errors';
import { RulesetInput } from './domain/ruleset';
import { checkElectionForm } from './domain/election-form';
import { assertTermAllows, assertTransition } from './domain/transitions';
import { vacuumBallotTables } from './persistence/ballot-vacuum';
import { ContestEntity, ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';

export interface CreateElectionCommand {
  termLabel: string;
  title: string;
  contests?: ContestInput[] | null;
  ruleset?: RulesetInput | null;
}

// The lifecycle of an election up to the vote: create, open nominations, open the vote, cancel.
@Injectable()
export class ElectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly terms: TermsService,
    private readonly repository: ElectionsRepository,
  ) {}

  // The founding appointment (TermsService), here so that no caller can make it without the rule
  // below: a term's first roster comes from its election or from the founding appointment, not both.
  appointFoundingRoster(
    actorId: string,
    termLabel: string,
    seats: SeatAssignment[],
  ): Promise<TermPeriod> {
    return this.terms.appointFoundingRoster(actorId, termLabel, seats, (manager, label) =>
      this.assertNoElectionUnderWay(manager, label),
    );
  }

  // Inside the founding appointment's transaction once it holds the rosters (holdRosters, which
  // createElection takes too): an election for the term that is neither cancelled nor rejected
  // would install the roster when certified, and could not be certified after it.
  private async assertNoElectionUnderWay(manager: EntityManager, termLabel: string): Promise<void> {
    const underWay = await manager.existsBy(ElectionEntity, {
      termLabel,
      parentElectionId: IsNull(),
      status: Not(In([ElectionStatus.CANCELLED, ElectionStatus.REJECTED])),
    });
    if (underWay) {
      throw conflict(
        ElectionReason.ELECTION_EXISTS_FOR_TERM,
        `An election for ${termLabel} is under way: its certification installs the roster (cancel it first to appoint one)`,
      );
    }
  }

  async createElection(actorId: string, command: CreateElectionCommand): Promise<ElectionEntity> {
    // The form's mistakes in one answer: its title, term, contests and bylaws, and a past term.
    const [[title, requested, ruleset]] = allChecked(
      () => checkElectionForm(command),
      () => {
        if (isTermLabel(command.termLabel) && this.terms.isPast(command.termLabel)) {
          throw invalid('termLabel', ElectionReason.TERM_IN_PAST, 'the term is already over');
        }
      },
    );
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      // Against a founding roster appointed for the term meanwhile (assertNoElectionUnderWay).
      await this.terms.holdRosters(manager);
      // DOMAIN.md: the term appears in `terms` once an election refers to it.
      await this.terms.ensureTerm(manager, command.termLabel);
      // A term with a roster elects only its vacant seats (a by-election), and nothing once full.
      const held = await this.terms.installedSeats(manager, command.termLabel);
      const byElection = held !== null;
      let contests = requested;
      if (held) {
        if (command.contests === null || command.contests === undefined) {
          contests = vacantContests(held);
        } else {
          assertContestsVacant(requested, held);
        }
        if (contests.length === 0) {
          throw conflict(
            ElectionReason.TERM_HAS_ROSTER,
            `The roster of ${command.termLabel} is installed, with no vacant seat`,
          );
        }
      }
      const election = manager.create(ElectionEntity, {
        termLabel: command.termLabel,
        title,
        status: ElectionStatus.DRAFT,
        quorumNumerator: ruleset.quorum.numerator,
        quorumDenominator: ruleset.quorum.denominator,
        quorumComparison: ruleset.quorum.comparison,
        majority: ruleset.majority,
        tiePolicy: ruleset.tiePolicy,
        votingMethod: null,
        byElection,
        parentElectionId: null,
        parentContestId: null,
        createdBy: actorId,
        createdAt: now,
      });
      try {
        await manager.insert(ElectionEntity, election);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_election_live_per_term')) {
          throw conflict(
            ElectionReason.ELECTION_EXISTS_FOR_TERM,
            `An election for ${command.termLabel} is already under way`,
          );
        }
        throw error;
      }
      const inserted = await manager.insert(
        ContestEntity,
        contests.map((contest, index) => ({
          electionId: election.id,
          ordinal: index + 1,
          position: contest.position,
          seats: contest.seats,
          portfolio: contest.portfolio,
          majority: contest.majority ?? ruleset.majority,
          status: ContestStatus.PENDING,
        })),
      );
      await this.audit.record(manager, {
        actorId,
        action: 'elections.created',
        entityType: 'election',
        entityId: election.id,
        summary: {
          termLabel: command.termLabel,
          title,
          ruleset,
          // By id too: every later entry (nominations, the tally, runoffs) names contests by id.
          contests: contests.map((contest, index) => ({
            contestId: inserted.identifiers[index].id as string,
            label: contestLabel(contest),
          })),
          byElection,
        },
      });
      return election;
    });
  }

  async openNominations(actorId: string, electionId: string): Promise<ElectionEntity> {
    const id = assertUuid(electionId, 'electionId');
    return this.dataSource.transaction(async (manager) => {
      const election = await this.repository.lockElection(manager, id, 'update');
      election.status = assertTransition(election.status, 'openNominations');
      assertTermAllows('openNominations', this.terms.isPast(election.termLabel));
      election.nominationsOpenedAt = this.clock.now();
      await manager.save(election);
      await this.record(manager, actorId, 'elections.nominations_opened', election);
      return election;
    });
  }

  async openVoting(actorId: string, electionId: string): Promise<ElectionEntity> {
    const id = assertUuid(electionId, 'electionId');
    return this.dataSource.transaction(async (manager) => {
      const election = await this.repository.lockFamily(manager, id);
      const next = assertTransition(election.status, 'openVoting');
      const frozen = await this.freezeVote(manager, election);
      election.status = next;
      await manager.save(election);
      await this.record(manager, actorId, 'elections.voting_opened', election, frozen);
      return election;
    });
  }

  // DOMAIN.md: opening the vote freezes the candidate lists and snapshots the electorate (active
  // members at this instant). The ruleset was fixed at creation. Also used by a paper vote.
  async freezeVote(
    manager: EntityManager,
    election: ElectionEntity,
  ): Promise<Record<string, unknown>> {
    // Opening the vote and a paper result recorded straight from nominations both come here.
    assertTermAllows('openVoting', this.terms.isPast(election.termLabel));
    const contests = await this.repository.contestsWithCandidates(manager, election.id);
    const empty = contests.find(({ candidateIds }) => candidateIds.length === 0);
    if (empty) {
      throw conflict(
        ElectionReason.CONTEST_WITHOUT_CANDIDATES,
        `${contestLabel(empty.contest)} has no candidate who accepted a nomination`,
      );
    }
    // A candidate suspended since accepting could win and never be seated (certification refuses
    // an inactive winner): the vote does not open until they are reactivated or the election is
    // cancelled. Locked: no suspension can start before the electorate below is taken (it would
    // leave an active candidate out of it).
    const candidates = contests.flatMap(({ candidateIds }) => candidateIds);
    const inactive = (await lockMembers(manager, candidates)).filter(
      (member) => member.status !== MemberStatus.ACTIVE,
    );
    if (inactive.length > 0) {
      throw conflict(
        ElectionReason.CANDIDATE_NOT_ACTIVE,
        `${inactive.map((member) => member.fullName).join(', ')} cannot stand: the account is not active`,
      );
    }
    // FOR SHARE: a suspension under way is waited for and its member left out (the row is read
    // again once it commits).
    await manager.query(
      `INSERT INTO election_elector (election_id, member_id)
       SELECT $1, id FROM member WHERE status = '${MemberStatus.ACTIVE}' ORDER BY id FOR SHARE`,
      [election.id],
    );
    const electorate = await this.repository.electorateOf(manager, election.id);
    election.electorateSize = electorate.length;
    election.electorateHash = electorateDigest(electorate);
    election.votingOpenedAt = this.clock.now();
    return {
      electorateSize: electorate.length,
      electorateHash: election.electorateHash,
      candidates: Object.fromEntries(
        contests.map(({ contest, candidateIds }) => [contest.id, candidateIds]),
      ),
    };
  }

  async cancelElection(
    actorId: string,
    electionId: string,
    reason: string,
  ): Promise<ElectionEntity> {
    const id = assertUuid(electionId, 'electionId');
    const why = requireText(reason, 'reason', ELECTION_NOTE_MAX_LENGTH);
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const election = await this.repository.lockFamily(manager, id);
      election.status = assertTransition(election.status, 'cancel');
      election.statusReason = why;
      election.endedAt = this.clock.now();
      await manager.save(election);
      // A cancelled vote is never counted: its ballots and codes are destroyed, so nobody (the
      // database operator included) can ever read them. The register of who voted stays.
      await manager.query('DELETE FROM election_ballot WHERE election_id = $1', [id]);
      await manager.query('DELETE FROM election_tracking_code WHERE election_id = $1', [id]);
      await this.record(manager, actorId, 'elections.cancelled', election, { reason: why });
      return election;
    });
    await vacuumBallotTables(this.dataSource, 'a cancellation');
    return cancelled;
  }

  private async record(
    manager: EntityManager,
    actorId: string,
    action: AuditAction,
    election: ElectionEntity,
    summary: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record(manager, {
      actorId,
      action,
      entityType: 'election',
      entityId: election.id,
      summary: { status: election.status, ...summary },
    });
  }
}
