import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MemberEntity, MemberStatus, lockMembers } from '@council/accounts';
import { AuditService } from '@council/audit';
import { TermsService } from '@council/terms';
import { Clock, NotFoundError, assertUuid, requireText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { ELECTION_NOTE_MAX_LENGTH } from './domain/contests';
import { NominationStatus } from './domain/election-status';
import { ElectionReason, conflict, forbidden, invalid } from './domain/elections.errors';
import { assertTransition } from './domain/transitions';
import { ContestEntity, ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';
import { NominationEntity } from './persistence/nomination.entity';

// DOMAIN.md: any member nominates any active member (self-nomination allowed); the nominee must
// accept before becoming a candidate.
@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repository: ElectionsRepository,
    private readonly terms: TermsService,
  ) {}

  async nominate(actorId: string, contestId: string, nomineeId: string): Promise<NominationEntity> {
    const contestKey = assertUuid(contestId, 'contestId');
    const nomineeKey = assertUuid(nomineeId, 'nomineeId');
    return this.dataSource.transaction(async (manager) => {
      const contest = await manager.findOneBy(ContestEntity, { id: contestKey });
      if (!contest) throw new NotFoundError('Contest');
      // FOR SHARE: opening the vote (FOR UPDATE) waits until this nomination is in, or refuses it.
      const election = await this.repository.lockElection(manager, contest.electionId, 'share');
      assertTransition(election.status, 'nominate');
      if (election.parentElectionId) {
        throw conflict(
          ElectionReason.RUNOFF_CANDIDATES_FIXED,
          'A runoff is held between the candidates the count named',
        );
      }
      const nominee = await manager.findOneBy(MemberEntity, { id: nomineeKey });
      // A reference in the input, as an agenda item's presenter is: the field is named.
      if (!nominee) throw invalid('nomineeId', ElectionReason.UNKNOWN_MEMBER, 'no such member');
      if (nominee.status !== MemberStatus.ACTIVE) {
        throw invalid(
          'nomineeId',
          ElectionReason.NOMINEE_NOT_ACTIVE,
          'only an active member can be nominated',
        );
      }
      // Only a by-election's term has seats yet: nobody holds two seats in one term.
      if (await this.terms.holdsSeat(manager, election.termLabel, nominee.id)) {
        throw invalid(
          'nomineeId',
          ElectionReason.NOMINEE_HOLDS_SEAT,
          `already holds a seat in ${election.termLabel} (one seat per person per term)`,
        );
      }
      const nomination = manager.create(NominationEntity, {
        contestId: contest.id,
        nomineeId: nominee.id,
        nominatedBy: actorId,
        status: NominationStatus.PENDING,
        nominatedAt: this.clock.now(),
        respondedAt: null,
      });
      try {
        await manager.insert(NominationEntity, nomination);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_election_nomination_nominee')) {
          throw conflict(
            ElectionReason.ALREADY_NOMINATED,
            'This member is already nominated in this contest',
            'nomineeId',
          );
        }
        throw error;
      }
      await this.audit.record(manager, {
        actorId,
        action: 'elections.nominated',
        entityType: 'election',
        entityId: election.id,
        summary: { nominationId: nomination.id, contestId: contest.id, nomineeId: nominee.id },
      });
      return nomination;
    });
  }

  // Only the nominee answers (an object-level rule: the permission table lets every member in).
  // The answer may change while nominations are open: accepting, then withdrawing, is allowed.
  async respondToNomination(
    actorId: string,
    nominationId: string,
    accept: boolean,
  ): Promise<NominationEntity> {
    const id = assertUuid(nominationId, 'nominationId');
    return this.dataSource.transaction(async (manager) => {
      const { nomination, election } = await this.lockNomination(manager, id);
      if (nomination.nomineeId !== actorId) {
        throw forbidden(ElectionReason.NOT_THE_NOMINEE, 'Only the nominee answers a nomination');
      }
      assertTransition(election.status, 'respondToNomination');
      const status = accept ? NominationStatus.ACCEPTED : NominationStatus.DECLINED;
      if (nomination.status === status) {
        throw conflict(ElectionReason.ALREADY_ANSWERED, `The nomination is already ${status}`);
      }
      const previous = nomination.status;
      nomination.status = status;
      nomination.respondedAt = this.clock.now();
      await manager.save(nomination);
      await this.audit.record(manager, {
        actorId,
        action: 'elections.nomination_answered',
        entityType: 'election',
        entityId: election.id,
        summary: { nominationId: nomination.id, from: previous, to: status },
      });
      return nomination;
    });
  }

  // A nominee who left the council (suspended) can answer no more, and openVoting refuses an
  // inactive candidate (CANDIDATE_NOT_ACTIVE): the election would otherwise have to be cancelled,
  // every nomination with it. Whoever runs the election strikes that nomination, with a reason; an
  // active nominee answers for themselves (NOMINEE_ACTIVE). The row goes, so a member reactivated
  // later may be nominated again; the audit entry keeps who was struck, from what, by whom and why.
  async withdrawNomination(
    actorId: string,
    nominationId: string,
    reason: string,
  ): Promise<ElectionEntity> {
    const id = assertUuid(nominationId, 'nominationId');
    const why = requireText(reason, 'reason', ELECTION_NOTE_MAX_LENGTH);
    return this.dataSource.transaction(async (manager) => {
      const { nomination, contest, election } = await this.lockNomination(manager, id);
      assertTransition(election.status, 'withdrawNomination');
      if (election.parentElectionId) {
        throw conflict(
          ElectionReason.RUNOFF_CANDIDATES_FIXED,
          'A runoff is held between the candidates the count named',
        );
      }
      // FOR SHARE: a reactivation under way is waited for (an active nominee answers for themselves).
      const [nominee] = await lockMembers(manager, [nomination.nomineeId]);
      if (nominee?.status === MemberStatus.ACTIVE) {
        throw conflict(
          ElectionReason.NOMINEE_ACTIVE,
          'An active nominee answers for themselves: only the nomination of a member no longer active is withdrawn',
        );
      }
      await manager.delete(NominationEntity, { id: nomination.id });
      await this.audit.record(manager, {
        actorId,
        action: 'elections.nomination_withdrawn',
        entityType: 'election',
        entityId: election.id,
        summary: {
          nominationId: nomination.id,
          contestId: contest.id,
          nomineeId: nomination.nomineeId,
          from: nomination.status,
          reason: why,
        },
      });
      return election;
    });
  }

  // The nomination, locked for its change, with its contest and election. The family's root is
  // locked first, as by every command on a runoff (a rejected parent ends its runoffs), and in
  // share mode: openVoting (FOR UPDATE) waits for the change or wins.
  private async lockNomination(manager: EntityManager, id: string) {
    const found = await manager.findOneBy(NominationEntity, { id });
    if (!found) throw new NotFoundError('Nomination');
    const contest = await manager.findOneByOrFail(ContestEntity, { id: found.contestId });
    const election = await this.repository.lockFamily(manager, contest.electionId, 'share');
    const nomination = await manager.findOne(NominationEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!nomination) throw new NotFoundError('Nomination');
    return { nomination, contest, election };
  }
}
