import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Any, DataSource, In } from 'typeorm';
import {
  CursorKind,
  NotFoundError,
  Page,
  PageRequest,
  alignById,
  assertOneOf,
  assertUuid,
  cursorPart,
  groupBy,
  pageWindow,
} from '@council/core';
import { instantKeysetPage } from '@council/database';
import { TermsService } from '@council/terms';
import {
  ApprovalSlot,
  approvalSlotsFromSeats,
  decidedAsCoChair,
  lastResortApprovers,
  pendingSlots,
  recordedDecisions,
} from './domain/approval-rules';
import { ContestStatus, ElectionStatus, NominationStatus } from './domain/election-status';
import {
  MajorityRule,
  QuorumComparison,
  TiePolicy,
  describeQuorum,
  describeQuorumRu,
} from './domain/ruleset';
import { ApprovalEntity } from './persistence/approval.entity';
import { ContestResultEntity } from './persistence/contest-result.entity';
import { ContestEntity, ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';
import { NominationEntity } from './persistence/nomination.entity';

export interface RulesetView {
  quorumNumerator: number;
  quorumDenominator: number;
  quorumComparison: QuorumComparison;
  quorumDescription: string;
  quorumDescriptionRu: string;
  majority: MajorityRule;
  tiePolicy: TiePolicy;
}

// API.md makes elections a plain list. Two or three elections a term (with runoffs) make 200 a
// century of the council; the cap keeps one request's size bounded all the same.
export const ELECTIONS_LISTED = 200;

// A member's own nominations, newest first: the cursor holds the nomination's time and id.
export const NOMINATION_CURSOR = new CursorKind('myNominations', [
  cursorPart.instant,
  cursorPart.id,
]);

export interface NominationsQuery extends PageRequest {
  status?: readonly NominationStatus[] | null;
  // Only those the nominee can still answer: their election is taking nominations.
  answerable?: boolean | null;
}

// Reads for the API, batched by lists of ids (one query per kind for a whole response).
@Injectable()
export class ElectionsQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly terms: TermsService,
    private readonly repository: ElectionsRepository,
  ) {}

  rulesetOf(election: ElectionEntity): RulesetView {
    const quorum = {
      numerator: election.quorumNumerator,
      denominator: election.quorumDenominator,
      comparison: election.quorumComparison,
    };
    return {
      quorumNumerator: quorum.numerator,
      quorumDenominator: quorum.denominator,
      quorumComparison: quorum.comparison,
      quorumDescription: describeQuorum(quorum),
      quorumDescriptionRu: describeQuorumRu(quorum),
      majority: election.majority,
      tiePolicy: election.tiePolicy,
    };
  }

  // NOT_FOUND for an unknown id, as meeting(id) answers.
  async getById(id: string): Promise<ElectionEntity> {
    const election = await this.dataSource
      .getRepository(ElectionEntity)
      .findOneBy({ id: assertUuid(id, 'id') });
    if (!election) throw new NotFoundError('Election');
    return election;
  }

  // Newest first, at most ELECTIONS_LISTED; of one term when asked (an empty label is a wrong
  // label, not "every term").
  async list(
    termLabel?: string | null,
    status?: readonly ElectionStatus[] | null,
  ): Promise<ElectionEntity[]> {
    const ofTerm = termLabel !== null && termLabel !== undefined;
    if (ofTerm) this.terms.period(termLabel, 'termLabel');
    const statuses = status?.map((value, index) =>
      assertOneOf(ElectionStatus, value, `status.${index}`),
    );
    // An empty list keeps none, as meetings(status: []) does (IN () is no SQL).
    if (statuses?.length === 0) return [];
    return this.dataSource.getRepository(ElectionEntity).find({
      where: {
        ...(ofTerm ? { termLabel } : {}),
        ...(statuses ? { status: In([...new Set(statuses)]) } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: ELECTIONS_LISTED,
    });
  }

  async electionsByIds(ids: readonly string[]): Promise<Array<ElectionEntity | null>> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(ElectionEntity).findBy({ id: Any([...ids]) });
    return alignById(ids, rows, (row) => row.id);
  }

  async contestsByIds(ids: readonly string[]): Promise<Array<ContestEntity | null>> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(ContestEntity).findBy({ id: Any([...ids]) });
    return alignById(ids, rows, (row) => row.id);
  }

  async contestsOfElections(electionIds: readonly string[]): Promise<ContestEntity[][]> {
    if (electionIds.length === 0) return [];
    const rows = await this.dataSource.getRepository(ContestEntity).find({
      where: { electionId: Any([...electionIds]) },
      order: { ordinal: 'ASC' },
    });
    return groupBy(electionIds, rows, (row) => row.electionId);
  }

  // The nominations of one member (whoever nominated them), newest first; only those in the states
  // given, if any (an empty list keeps none), and, if asked, only those still to be answered
  // (a PENDING nomination stays PENDING once its election moves on or is cancelled).
  async nominationsOf(nomineeId: string, query: NominationsQuery): Promise<Page<NominationEntity>> {
    const window = pageWindow(query, NOMINATION_CURSOR);
    const statuses = query.status?.map((status, index) =>
      assertOneOf(NominationStatus, status, `status.${index}`),
    );
    const listed = (alias: string) => {
      const selection = this.dataSource
        .getRepository(NominationEntity)
        .createQueryBuilder(alias)
        .where(`${alias}.nominee_id = :nomineeId`, { nomineeId });
      if (statuses?.length) {
        selection.andWhere(`${alias}.status IN (:...statuses)`, { statuses });
      } else if (statuses) selection.andWhere('false');
      if (query.answerable) {
        selection.andWhere(
          `EXISTS (SELECT 1 FROM election_contest c JOIN election e ON e.id = c.election_id
                    WHERE c.id = ${alias}.contest_id AND e.status = :takingNominations)`,
          { takingNominations: ElectionStatus.NOMINATION },
        );
      }
      return selection;
    };
    return instantKeysetPage(listed, {
      alias: 'n',
      instantColumn: 'nominated_at',
      direction: 'DESC',
      window,
      kind: NOMINATION_CURSOR,
    });
  }

  async nominationsOfContests(contestIds: readonly string[]): Promise<NominationEntity[][]> {
    if (contestIds.length === 0) return [];
    const rows = await this.dataSource.getRepository(NominationEntity).find({
      where: { contestId: Any([...contestIds]) },
      order: { nominatedAt: 'ASC', id: 'ASC' },
    });
    return groupBy(contestIds, rows, (row) => row.contestId);
  }

  // DOMAIN.md: no early results. Before the tally there are no result rows at all, and every
  // caller, ADMIN included, reads null (an error would fail a portal's whole election page).
  async resultsOfContests(
    contestIds: readonly string[],
  ): Promise<Array<ContestResultEntity[] | null>> {
    if (contestIds.length === 0) return [];
    const contests = await this.contestsByIds(contestIds);
    const counted = contestIds.filter((_, index) => {
      const status = contests[index]?.status;
      return status !== undefined && status !== ContestStatus.PENDING;
    });
    const rows =
      counted.length === 0
        ? []
        : await this.dataSource.getRepository(ContestResultEntity).find({
            where: { contestId: Any(counted) },
            order: { votes: 'DESC', memberId: 'ASC' },
          });
    return groupBy(contestIds, rows, (row) => row.contestId).map((results, index) =>
      counted.includes(contestIds[index]) ? results : null,
    );
  }

  async approvalsOfElections(electionIds: readonly string[]): Promise<ApprovalEntity[][]> {
    if (electionIds.length === 0) return [];
    const rows = await this.dataSource.getRepository(ApprovalEntity).find({
      where: { electionId: Any([...electionIds]) },
      order: { decidedAt: 'ASC', id: 'ASC' },
    });
    return groupBy(electionIds, rows, (row) => row.electionId);
  }

  // Who still has to decide on each election (TALLIED ones only; none for the others), as of now:
  // the slots from the current term's seats, less the decisions recorded. The same rules as the
  // decision itself (CertificationService), read for a whole list in six statements.
  async pendingApprovalsOf(electionIds: readonly string[]): Promise<ApprovalSlot[][]> {
    if (electionIds.length === 0) return [];
    const elections = await this.dataSource
      .getRepository(ElectionEntity)
      .findBy({ id: Any([...electionIds]), status: ElectionStatus.TALLIED });
    if (elections.length === 0) return electionIds.map(() => []);
    const ids = elections.map((election) => election.id);
    // A runoff's recusals are those of the election it decides (its root) and its own.
    const roots: Array<{ start: string; root: string }> = await this.dataSource.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_election_id, id AS start FROM election WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT e.id, e.parent_election_id, up.start
           FROM election e JOIN up ON e.id = up.parent_election_id)
       SELECT start, id AS root FROM up WHERE parent_election_id IS NULL`,
      [ids],
    );
    const rootOf = new Map(roots.map((row) => [row.start, row.root]));
    const nominees: Array<{ election_id: string; nominee_id: string }> =
      await this.dataSource.query(
        `SELECT DISTINCT c.election_id, n.nominee_id FROM election_nomination n
         JOIN election_contest c ON c.id = n.contest_id
        WHERE c.election_id = ANY($1::uuid[]) AND n.status = 'ACCEPTED'`,
        [[...new Set([...ids, ...rootOf.values()])]],
      );
    const seats = await this.terms.currentSeats(this.dataSource.manager);
    const approvals = await this.dataSource.getRepository(ApprovalEntity).find({
      where: { electionId: Any(ids) },
      order: { decidedAt: 'ASC', id: 'ASC' },
    });
    const admins = lastResortApprovers(
      await this.repository.accountsOf(this.dataSource.manager, [
        ...new Set(approvals.map((approval) => approval.approverId)),
      ]),
      seats,
    );
    const pending = new Map(
      ids.map((id) => {
        const standing = new Set([id, rootOf.get(id) ?? id]);
        const candidates = new Set(
          nominees.filter((row) => standing.has(row.election_id)).map((row) => row.nominee_id),
        );
        const own = approvals.filter((approval) => approval.electionId === id);
        const slots = approvalSlotsFromSeats(seats, candidates, decidedAsCoChair(own));
        return [id, pendingSlots(slots, recordedDecisions(own, admins))];
      }),
    );
    return electionIds.map((id) => pending.get(id) ?? []);
  }

  // Turnout is public during the vote (how many have voted, never how).
  async turnoutOfElections(elections: readonly ElectionEntity[]): Promise<Array<number | null>> {
    // Counted live while voting (and for a vote cancelled while open); stored by the tally.
    const isLive = (election: ElectionEntity) =>
      election.status === ElectionStatus.VOTING ||
      (election.status === ElectionStatus.CANCELLED && election.votingOpenedAt !== null);
    const live = elections.filter(isLive);
    const rows: Array<{ election_id: string; n: number }> =
      live.length === 0
        ? []
        : await this.dataSource.query(
            `SELECT election_id, count(*)::int AS n FROM election_participation
              WHERE election_id = ANY($1::uuid[]) GROUP BY election_id`,
            [live.map((election) => election.id)],
          );
    const counts = new Map(rows.map((row) => [row.election_id, row.n]));
    return elections.map((election) =>
      isLive(election) ? (counts.get(election.id) ?? 0) : election.turnout,
    );
  }

  votedIn(electionIds: readonly string[], memberId: string): Promise<boolean[]> {
    return this.memberListedIn('election_participation', electionIds, memberId);
  }

  // Whether a member is on each election's electorate (the snapshot taken when its vote opened).
  electorateIncludes(electionIds: readonly string[], memberId: string): Promise<boolean[]> {
    return this.memberListedIn('election_elector', electionIds, memberId);
  }

  // Per election, whether the member has a row in one of its per-member tables.
  private async memberListedIn(
    table: 'election_participation' | 'election_elector',
    electionIds: readonly string[],
    memberId: string,
  ): Promise<boolean[]> {
    if (electionIds.length === 0) return [];
    const rows: Array<{ election_id: string }> = await this.dataSource.query(
      `SELECT election_id FROM ${table} WHERE member_id = $1 AND election_id = ANY($2::uuid[])`,
      [memberId, [...electionIds]],
    );
    const listed = new Set(rows.map((row) => row.election_id));
    return electionIds.map((id) => listed.has(id));
  }

  async runoffsOfContests(contestIds: readonly string[]): Promise<ElectionEntity[][]> {
    if (contestIds.length === 0) return [];
    const rows = await this.dataSource.getRepository(ElectionEntity).find({
      where: { parentContestId: Any([...contestIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return groupBy(contestIds, rows, (row) => row.parentContestId!);
  }
}
