import type DataLoader from 'dataloader';
import { candidaciesAmong } from '@council/elections';
import type {
  ApprovalEntity,
  ApprovalSlot,
  ContestEntity,
  ContestResultEntity,
  ElectionEntity,
  ElectionsQueryService,
  NominationEntity,
} from '@council/elections';
import type { BatchScheduler } from '../graphql/batch-scheduler';

// The elections' per-request DataLoaders (one query per kind for a whole response).
export class ElectionLoaders {
  readonly elections: DataLoader<string, ElectionEntity | null>;
  readonly contests: DataLoader<string, ContestEntity | null>;
  readonly contestsOfElection: DataLoader<string, ContestEntity[]>;
  readonly nominationsOfContest: DataLoader<string, NominationEntity[]>;
  readonly candidaciesOfContest: DataLoader<string, NominationEntity[]>;
  readonly resultsOfContest: DataLoader<string, ContestResultEntity[] | null>;
  readonly approvalsOfElection: DataLoader<string, ApprovalEntity[]>;
  readonly pendingApprovals: DataLoader<string, ApprovalSlot[]>;
  readonly runoffsOfContest: DataLoader<string, ElectionEntity[]>;
  readonly turnout: DataLoader<ElectionEntity, number | null, string>;
  private readonly voted = new Map<string, DataLoader<string, boolean>>();
  private readonly electors = new Map<string, DataLoader<string, boolean>>();

  constructor(
    private readonly service: ElectionsQueryService,
    private readonly batches: BatchScheduler,
  ) {
    this.elections = batches.loader((ids) => service.electionsByIds(ids));
    this.contests = batches.loader((ids) => service.contestsByIds(ids));
    this.contestsOfElection = batches.loader((ids) => service.contestsOfElections(ids));
    this.nominationsOfContest = batches.loader((ids) => service.nominationsOfContests(ids));
    // From the nominations the response reads anyway (Contest.nominations): no query of its own.
    this.candidaciesOfContest = batches.compositeLoader(async (ids) =>
      (await this.nominationsOfContest.loadMany(ids)).map((nominations) =>
        nominations instanceof Error ? nominations : candidaciesAmong(nominations),
      ),
    );
    // A contest not yet counted has no results: null.
    this.resultsOfContest = batches.loader<string, ContestResultEntity[] | null>((ids) =>
      service.resultsOfContests(ids),
    );
    this.approvalsOfElection = batches.loader((ids) => service.approvalsOfElections(ids));
    this.pendingApprovals = batches.loader((ids) => service.pendingApprovalsOf(ids));
    this.runoffsOfContest = batches.loader((ids) => service.runoffsOfContests(ids));
    this.turnout = batches.loader((elections) => service.turnoutOfElections(elections), {
      cacheKeyFn: (election) => election.id,
    });
  }

  // Whether a member (the caller) has voted, per election.
  hasVoted(memberId: string): DataLoader<string, boolean> {
    return this.perMember(this.voted, memberId, (ids) => this.service.votedIn(ids, memberId));
  }

  // Whether a member (the caller) is on the electorate, per election.
  inElectorate(memberId: string): DataLoader<string, boolean> {
    return this.perMember(this.electors, memberId, (ids) =>
      this.service.electorateIncludes(ids, memberId),
    );
  }

  private perMember(
    loaders: Map<string, DataLoader<string, boolean>>,
    memberId: string,
    batch: (electionIds: readonly string[]) => Promise<boolean[]>,
  ): DataLoader<string, boolean> {
    let loader = loaders.get(memberId);
    if (!loader) {
      loader = this.batches.loader(batch);
      loaders.set(memberId, loader);
    }
    return loader;
  }
}
