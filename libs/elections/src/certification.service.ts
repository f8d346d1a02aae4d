import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, EntityManager } from 'typeorm';
import { MemberStatus, lockMembers } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { AuditService } from '@council/audit';
import { Clock, assertUuid, optionalText, requireText } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { RosterSource, TermsService } from '@council/terms';
import {
  approvalSlotsFromSeats,
  decidedAsCoChair,
  fillSlots,
  isFullyApproved,
  lastResortApprovers,
  recordedDecisions,
  slotFor,
  staleDecisionOf,
} from './domain/approval-rules';
import { ELECTION_NOTE_MAX_LENGTH } from './domain/contests';
import { ApprovalDecision, ContestStatus, ElectionStatus } from './domain/election-status';
import { ElectionReason, ElectionReasonCode, conflict, forbidden } from './domain/elections.errors';
import { seatsFromContests } from './domain/seating';
import { assertTermAllows, assertTransition } from './domain/transitions';
import { ApprovalEntity } from './persistence/approval.entity';
import { vacuumBallotTables } from './persistence/ballot-vacuum';
import { ContestResultEntity } from './persistence/contest-result.entity';
import { ContestEntity, ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';
import { RunoffsService } from './runoffs.service';
import { TallyService } from './tally.service';

// DOMAIN.md "Certification": every sitting co-chair (of the term current at approval time)
// approves or rejects; recused co-chairs are replaced by the chair, then the secretary. When all
// have approved, the election is CERTIFIED and, in the same transaction, the target term's roster
// is installed (or, for a runoff, the contest it decides is settled).
@Injectable()
export class CertificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly terms: TermsService,
    private readonly repository: ElectionsRepository,
    private readonly tally: TallyService,
    private readonly runoffs: RunoffsService,
  ) {}

  async approveElection(
    actor: Principal,
    electionId: string,
    comment?: string | null,
  ): Promise<ElectionEntity> {
    const text = optionalText(comment, 'comment', ELECTION_NOTE_MAX_LENGTH);
    return this.decide(actor, electionId, ApprovalDecision.APPROVE, text);
  }

  async rejectElection(
    actor: Principal,
    electionId: string,
    reason: string,
  ): Promise<ElectionEntity> {
    return this.decide(
      actor,
      electionId,
      ApprovalDecision.REJECT,
      requireText(reason, 'reason', ELECTION_NOTE_MAX_LENGTH),
    );
  }

  private async decide(
    actor: Principal,
    electionId: string,
    decision: ApprovalDecision,
    text: string | null,
  ): Promise<ElectionEntity> {
    const id = assertUuid(electionId, 'electionId');
    const isApproval = decision === ApprovalDecision.APPROVE;
    const decided = await this.dataSource.transaction(async (manager) => {
      const election = await this.repository.lockFamily(manager, id);
      const action = isApproval ? 'approve' : 'reject';
      assertTransition(election.status, action);
      assertTermAllows(action, this.terms.isPast(election.termLabel));
      if (isApproval && !election.quorumReached) {
        throw conflict(
          ElectionReason.QUORUM_NOT_REACHED,
          'The election missed its quorum and cannot be certified',
        );
      }
      if (isApproval) await this.assertAllDecided(manager, election);
      // Who may decide follows the seats read next: no roster may be installed between that read
      // and the commit (an ADMIN standing in for absent co-chairs would otherwise certify alone
      // while co-chairs were being seated), and decisions on elections take their turn.
      // A suspension or reactivation under way of the actor or a seat holder is waited for.
      const { actorActive, termLabel } = await this.terms.holdRostersAndSeatHolders(
        manager,
        actor.memberId,
      );
      if (!actorActive) {
        throw forbidden(
          ElectionReason.NOT_AN_APPROVER,
          'Only an active member decides on an election',
        );
      }
      const { slots, decisions, candidates } = await this.approvalState(
        manager,
        election,
        termLabel,
      );
      if (candidates.has(actor.memberId)) {
        throw forbidden(ElectionReason.RECUSED, 'A candidate cannot decide on the election');
      }
      // A new roster, or a suspension after a decision, can leave every approval now due given
      // with nobody left to give the last one (a co-chair approved and the next term has only
      // that co-chair, suspended since, say): whoever may decide on elections completes the
      // certification, recording nothing new. Without it the election would stay TALLIED for good.
      if (isApproval && isFullyApproved(slots, decisions)) {
        await this.assertTallyUnchanged(manager, election);
        const winners = await this.lockForInstall(manager, election);
        await this.certify(manager, election, actor.memberId, winners);
        return election;
      }
      // The same state when the certification can no longer happen (its term is over, or a winner
      // has left): every decision that counts was an approval, and nobody could reject either. It
      // is closed off by a rejection with a reason and no decision row (the approvals stay as they
      // were given); while it can still be certified, nobody outside the places may reject it.
      // The end of a term is nobody's doing: whoever may decide closes it off. A winner's
      // suspension is in an ADMIN's hands (suspend, reject, reactivate would be a veto): only
      // those whose approvals fill the places may take them back.
      if (!isApproval && isFullyApproved(slots, decisions)) {
        const blocked = await this.certificationBlocked(manager, election);
        const mayCloseOff =
          blocked === ElectionReason.TERM_IN_PAST ||
          fillSlots(slots, decisions).some((filled) => filled?.approverId === actor.memberId);
        if (blocked && mayCloseOff) {
          await this.runoffs.endRunoffsOf(manager, election, actor.memberId);
          await this.audit.record(manager, {
            actorId: actor.memberId,
            action: 'elections.rejected',
            entityType: 'election',
            entityId: id,
            summary: {
              capacity: null,
              onBehalfOf: null,
              tallyHash: election.tallyHash,
              reason: text,
              closedOff: blocked,
            },
          });
          election.status = assertTransition(election.status, 'reject');
          election.statusReason = text;
          election.endedAt = this.clock.now();
          await manager.save(election);
          return election;
        }
      }
      // A decision given in another role (under an earlier roster) counts for nothing now: its
      // author decides again in the place they hold, and the new decision replaces it.
      const stale = staleDecisionOf(slots, decisions, actor.memberId);
      if (!stale && decisions.some((recorded) => recorded.approverId === actor.memberId)) {
        throw conflict(ElectionReason.ALREADY_DECIDED, 'You have already decided on this election');
      }
      const isAdmin = actor.can(Permission.CERTIFY_AS_LAST_RESORT);
      const slot = slotFor(slots, decisions, { memberId: actor.memberId, isAdmin });
      if (!slot) {
        throw forbidden(
          ElectionReason.NOT_AN_APPROVER,
          'Only the sitting co-chairs (or those standing in for them) decide on an election',
        );
      }
      const tallyHash = await this.assertTallyUnchanged(manager, election);
      const given = {
        decision,
        capacity: slot.capacity,
        onBehalfOf: slot.onBehalfOf,
        comment: text,
        tallyHash,
        decidedAt: this.clock.now(),
      };
      if (stale) {
        await manager.update(ApprovalEntity, { electionId: id, approverId: actor.memberId }, given);
      } else {
        try {
          await manager.insert(ApprovalEntity, {
            electionId: id,
            approverId: actor.memberId,
            ...given,
          });
        } catch (error) {
          if (isUniqueViolation(error, 'uq_election_approval_approver')) {
            throw conflict(
              ElectionReason.ALREADY_DECIDED,
              'You have already decided on this election',
            );
          }
          throw error;
        }
      }
      const all = [
        ...decisions.filter((recorded) => recorded !== stale),
        {
          approverId: actor.memberId,
          isApproval,
          approverIsAdmin: isAdmin,
          capacity: slot.capacity,
        },
      ];
      const certifies = isApproval && isFullyApproved(slots, all);
      // Before the decision's audit entry: the runoffs' rows are locked before the audit log's
      // lock, the order every command on a runoff takes (root first, then the audit log).
      if (!isApproval) await this.runoffs.endRunoffsOf(manager, election, actor.memberId);
      const winners = certifies ? await this.lockForInstall(manager, election) : null;
      await this.audit.record(manager, {
        actorId: actor.memberId,
        action: isApproval ? 'elections.approved' : 'elections.rejected',
        entityType: 'election',
        entityId: id,
        summary: {
          capacity: slot.capacity,
          onBehalfOf: slot.onBehalfOf,
          tallyHash,
          ...(stale ? { replacesDecisionAs: stale.capacity } : {}),
          ...(isApproval ? (text === null ? {} : { comment: text }) : { reason: text }),
        },
      });
      if (!isApproval) {
        election.status = assertTransition(election.status, 'reject');
        election.statusReason = text;
        election.endedAt = this.clock.now();
        await manager.save(election);
        return election;
      }
      if (winners) await this.certify(manager, election, actor.memberId, winners);
      return election;
    });
    // A rejection cancels the runoffs still open, and their ballots with them.
    if (!isApproval) await vacuumBallotTables(this.dataSource, 'a rejection');
    return decided;
  }

  // Recomputed from the stored rows: what an approval approves must be what the close sealed.
  private async assertTallyUnchanged(
    manager: EntityManager,
    election: ElectionEntity,
  ): Promise<string> {
    const tallyHash = await this.tally.tallyHashOf(manager, election);
    if (tallyHash !== election.tallyHash) {
      throw conflict(
        ElectionReason.TALLY_CHANGED,
        'The stored results no longer match the sealed tally',
      );
    }
    return tallyHash;
  }

  private async assertAllDecided(manager: EntityManager, election: ElectionEntity): Promise<void> {
    const contests = await this.repository.contestsOf(manager, election.id);
    if (contests.some((contest) => contest.status === ContestStatus.UNDECIDED)) {
      throw conflict(
        ElectionReason.CONTEST_UNDECIDED,
        'A contest is undecided: its runoff (createRunoff) must be held and certified first',
      );
    }
    if (election.parentElectionId) {
      const parent = await manager.findOneByOrFail(ElectionEntity, {
        id: election.parentElectionId,
      });
      if (parent.status !== ElectionStatus.TALLIED) {
        throw conflict(
          ElectionReason.INVALID_TRANSITION,
          'The election this runoff decides is no longer awaiting certification',
        );
      }
    }
  }

  // `termLabel`: the term whose seat holders the caller locked (holdRostersAndSeatHolders).
  private async approvalState(manager: EntityManager, election: ElectionEntity, termLabel: string) {
    const root = await this.repository.rootOf(manager, election);
    const candidates = await this.repository.candidatesOfElection(manager, root.id);
    if (root.id !== election.id) {
      for (const id of await this.repository.candidatesOfElection(manager, election.id)) {
        candidates.add(id);
      }
    }
    const seats = await this.terms.currentSeats(manager, termLabel);
    const approvals = await manager.find(ApprovalEntity, {
      where: { electionId: election.id },
      order: { decidedAt: 'ASC' },
    });
    const admins = lastResortApprovers(
      await this.repository.accountsOf(
        manager,
        approvals.map((approval) => approval.approverId),
      ),
      seats,
    );
    return {
      slots: approvalSlotsFromSeats(seats, candidates, decidedAsCoChair(approvals)),
      decisions: recordedDecisions(approvals, admins),
      candidates,
    };
  }

  // Why a fully approved election can no longer be certified, or null while it can.
  private async certificationBlocked(
    manager: EntityManager,
    election: ElectionEntity,
  ): Promise<ElectionReasonCode | null> {
    if (this.terms.isPast(election.termLabel)) return ElectionReason.TERM_IN_PAST;
    // A runoff's certification settles its parent's contest and installs nobody: a winner gone
    // stops only the parent's (as certify() does).
    if (election.parentElectionId) return null;
    const elected = (await this.winnersByContest(manager, election)).flatMap(
      (contest) => contest.elected,
    );
    return (await allActive(manager, elected)) ? null : ElectionReason.WINNER_NOT_ACTIVE;
  }

  // Installing the roster writes to the roster table and takes key-share locks on the winners'
  // member rows (the seats' foreign key). A suspension or a password change locks a member row and
  // then waits for the audit log's lock, a founding appointment the roster table: taken after this
  // transaction's first audit entry (which holds that lock until the commit), ours would close a
  // cycle, and PostgreSQL would abort one side as a deadlock. Taken before any entry, they wait.
  // Returns the winners, which the certification then installs.
  private async lockForInstall(manager: EntityManager, election: ElectionEntity): Promise<Winners> {
    const winners = await this.winnersByContest(manager, election);
    if (election.parentElectionId) return winners;
    await this.terms.lockForInstall(
      manager,
      winners.flatMap((contest) => contest.elected),
    );
    return winners;
  }

  private async certify(
    manager: EntityManager,
    election: ElectionEntity,
    actorId: string,
    winners: Winners,
  ): Promise<void> {
    const approvals = await manager.findBy(ApprovalEntity, { electionId: election.id });
    if (approvals.some((approval) => approval.tallyHash !== election.tallyHash)) {
      throw conflict(ElectionReason.TALLY_CHANGED, 'The approvals were given on different tallies');
    }
    election.status = assertTransition(election.status, 'certify');
    assertTermAllows('certify', this.terms.isPast(election.termLabel));
    election.endedAt = this.clock.now();
    await manager.save(election);
    await this.audit.record(manager, {
      actorId,
      action: 'elections.certified',
      entityType: 'election',
      entityId: election.id,
      summary: {
        tallyHash: election.tallyHash,
        elected: winners.map((contest) => ({
          contestId: contest.contestId,
          elected: contest.elected,
        })),
      },
    });
    if (election.parentElectionId) {
      await this.runoffs.settleParentContest(manager, election, winners[0]?.elected ?? [], actorId);
      return;
    }
    const seats = seatsFromContests(winners);
    if (
      !(await allActive(
        manager,
        seats.map((seat) => seat.memberId),
      ))
    ) {
      throw conflict(
        ElectionReason.WINNER_NOT_ACTIVE,
        'A winner is no longer an active member: the roster cannot be installed',
      );
    }
    await this.terms.installRoster(manager, {
      termLabel: election.termLabel,
      seats,
      source: RosterSource.ELECTION,
      electionId: election.id,
      actorId,
      // A by-election fills the vacant seats of the roster its term had when it was created; any
      // other election meeting an installed roster is refused (ROSTER_EXISTS), as before.
      fillVacancies: election.byElection,
    });
  }

  private async winnersByContest(
    manager: EntityManager,
    election: ElectionEntity,
  ): Promise<Winners> {
    const contests = await this.repository.contestsOf(manager, election.id);
    const results = await manager.find(ContestResultEntity, {
      where: { contestId: Any(contests.map((contest) => contest.id)), elected: true },
      order: { votes: 'DESC', memberId: 'ASC' },
    });
    return contests.map((contest) => ({
      contestId: contest.id,
      position: contest.position,
      portfolio: contest.portfolio,
      elected: results.filter((result) => result.contestId === contest.id).map((r) => r.memberId),
    }));
  }
}

// Per contest, in contest order: who was elected.
type Winners = Array<{
  contestId: string;
  position: ContestEntity['position'];
  portfolio: ContestEntity['portfolio'];
  elected: string[];
}>;

// FOR SHARE: a winner's suspension or reactivation under way is waited for and its outcome read
// (rows this transaction already holds, as lockForInstall's, are not waited for again).
async function allActive(manager: EntityManager, memberIds: readonly string[]): Promise<boolean> {
  const members = await lockMembers(manager, memberIds);
  return (
    members.length === new Set(memberIds).size &&
    members.every((member) => member.status === MemberStatus.ACTIVE)
  );
}
