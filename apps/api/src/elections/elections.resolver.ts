import {
  Args,
  Context,
  ID,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Permission, Principal } from '@council/access';
import { NotFoundError } from '@council/core';
import type { ApprovalSlot, BallotBox, BallotReceipt, RulesetView } from '@council/elections';
import {
  ApprovalEntity,
  BallotsService,
  CertificationService,
  ContestEntity,
  ContestResultEntity,
  ElectionEntity,
  ELECTIONS_LISTED,
  ElectionsQueryService,
  ElectionsService,
  ExplanationLanguage,
  NominationEntity,
  NominationsService,
  RunoffsService,
  TallyService,
  explanationIn,
  portfolioIn,
} from '@council/elections';
import { TermsService } from '@council/terms';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import { toConnection } from '../graphql/connection.type';
import type { GraphQLContext } from '../graphql/loaders';
import { MemberType } from '../accounts/member.type';
import { PORTFOLIO_DESCRIPTION, TermType } from '../terms/term.type';
import {
  ApprovalType,
  BallotBoxType,
  BallotReceiptType,
  CandidateType,
  ContestResultType,
  ContestType,
  ElectionType,
  Language,
  NominationConnection,
  NominationType,
  PendingApprovalType,
  RulesetType,
} from './election.type';
import {
  ApproveElectionArgs,
  CastBallotInput,
  CreateRunoffArgs,
  CreateElectionInput,
  ElectionReasonArgs,
  ElectionsArgs,
  MyNominationsArgs,
  NominateArgs,
  PaperResultInput,
  WithdrawNominationArgs,
} from './election.input';

const IN_RUSSIAN_OR_ENGLISH =
  'RU gives the Russian text; a result tallied before the Russian text was stored has only the English one, given instead.';

@Resolver(() => ElectionType)
export class ElectionsResolver {
  constructor(
    private readonly electionService: ElectionsService,
    private readonly nominationService: NominationsService,
    private readonly ballotService: BallotsService,
    private readonly tallyService: TallyService,
    private readonly certificationService: CertificationService,
    private readonly runoffService: RunoffsService,
    private readonly queries: ElectionsQueryService,
    private readonly termService: TermsService,
  ) {}

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => ElectionType, {
    nullable: true,
    description: 'NOT_FOUND (never null) for an unknown id',
  })
  election(@Args('id', { type: () => ID }) id: string): Promise<ElectionEntity> {
    return this.queries.getById(id);
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => [ElectionType], {
    description: `Newest first: the ${ELECTIONS_LISTED} newest, of the term given or of all terms, in the states given (all when omitted; an empty list keeps none), e.g. status: [NOMINATION, VOTING] for those a member can take part in`,
  })
  elections(@Args() args: ElectionsArgs): Promise<ElectionEntity[]> {
    return this.queries.list(args.termLabel, args.status);
  }

  @Can(Permission.TAKE_PART_IN_ELECTIONS)
  @Query(() => NominationConnection, {
    description:
      'My own nominations, newest first, whoever made them: those awaiting my answer (status: [PENDING], answerable: true) and their history',
  })
  async myNominations(@CurrentPrincipal() principal: Principal, @Args() args: MyNominationsArgs) {
    return toConnection(await this.queries.nominationsOf(principal.memberId, args));
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => BallotBoxType, { description: 'After the close: FORBIDDEN before it' })
  ballotBox(@Args('electionId', { type: () => ID }) electionId: string): Promise<BallotBox> {
    return this.ballotService.ballotBox(electionId);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType, {
    description:
      "A term's election; once its roster is installed, a by-election of its vacant seats",
  })
  createElection(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateElectionInput,
  ): Promise<ElectionEntity> {
    return this.electionService.createElection(principal.memberId, input);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType)
  openNominations(
    @CurrentPrincipal() principal: Principal,
    @Args('electionId', { type: () => ID }) electionId: string,
  ): Promise<ElectionEntity> {
    return this.electionService.openNominations(principal.memberId, electionId);
  }

  @Can(Permission.TAKE_PART_IN_ELECTIONS)
  @Mutation(() => NominationType)
  nominate(
    @CurrentPrincipal() principal: Principal,
    @Args() args: NominateArgs,
  ): Promise<NominationEntity> {
    return this.nominationService.nominate(principal.memberId, args.contestId, args.nomineeId);
  }

  @Can(Permission.TAKE_PART_IN_ELECTIONS)
  @Mutation(() => NominationType)
  respondToNomination(
    @CurrentPrincipal() principal: Principal,
    @Args('nominationId', { type: () => ID }) nominationId: string,
    @Args('accept') accept: boolean,
  ): Promise<NominationEntity> {
    return this.nominationService.respondToNomination(principal.memberId, nominationId, accept);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType, {
    description:
      'Strikes the nomination of a member no longer active (who can answer no more), while nominations are open',
  })
  withdrawNomination(
    @CurrentPrincipal() principal: Principal,
    @Args() args: WithdrawNominationArgs,
  ): Promise<ElectionEntity> {
    return this.nominationService.withdrawNomination(
      principal.memberId,
      args.nominationId,
      args.reason,
    );
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType)
  openVoting(
    @CurrentPrincipal() principal: Principal,
    @Args('electionId', { type: () => ID }) electionId: string,
  ): Promise<ElectionEntity> {
    return this.electionService.openVoting(principal.memberId, electionId);
  }

  @Can(Permission.TAKE_PART_IN_ELECTIONS)
  @Mutation(() => BallotReceiptType)
  castBallot(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CastBallotInput,
  ): Promise<BallotReceipt> {
    return this.ballotService.castBallot(
      principal.memberId,
      input.electionId,
      input.choices,
      input.trackingCode,
    );
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType, { description: 'Closes the vote and tallies it' })
  closeVoting(
    @CurrentPrincipal() principal: Principal,
    @Args('electionId', { type: () => ID }) electionId: string,
  ): Promise<ElectionEntity> {
    return this.tallyService.closeVoting(principal.memberId, electionId);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType, { description: 'An in-room paper vote: counts per candidate' })
  recordPaperResult(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: PaperResultInput,
  ): Promise<ElectionEntity> {
    return this.tallyService.recordPaperResult(principal.memberId, input);
  }

  @Can(Permission.CERTIFY_ELECTIONS)
  @Mutation(() => ElectionType)
  approveElection(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ApproveElectionArgs,
  ): Promise<ElectionEntity> {
    return this.certificationService.approveElection(principal, args.electionId, args.comment);
  }

  @Can(Permission.CERTIFY_ELECTIONS)
  @Mutation(() => ElectionType)
  rejectElection(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ElectionReasonArgs,
  ): Promise<ElectionEntity> {
    return this.certificationService.rejectElection(principal, args.electionId, args.reason);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType)
  cancelElection(
    @CurrentPrincipal() principal: Principal,
    @Args() args: ElectionReasonArgs,
  ): Promise<ElectionEntity> {
    return this.electionService.cancelElection(principal.memberId, args.electionId, args.reason);
  }

  @Can(Permission.MANAGE_ELECTIONS)
  @Mutation(() => ElectionType, {
    description: 'A runoff election for an UNDECIDED contest (a tie, or no majority)',
  })
  createRunoff(
    @CurrentPrincipal() principal: Principal,
    @Args() args: CreateRunoffArgs,
  ): Promise<ElectionEntity> {
    return this.runoffService.createRunoff(principal.memberId, args.contestId, args.title);
  }

  @ResolveField(() => TermType)
  term(@Parent() election: ElectionEntity): TermType {
    const period = this.termService.period(election.termLabel);
    return { ...period, id: period.label };
  }

  @ResolveField(() => String, {
    nullable: true,
    description: `After the tally: turnout and quorum in plain words. ${IN_RUSSIAN_OR_ENGLISH}`,
  })
  explanation(
    @Parent() election: ElectionEntity,
    @Language() language: ExplanationLanguage,
  ): string | null {
    return explanationIn(language, election.explanation ?? null, election.explanationRu);
  }

  @ResolveField(() => RulesetType)
  ruleset(@Parent() election: ElectionEntity): RulesetView {
    return this.queries.rulesetOf(election);
  }

  @ResolveField(() => [ContestType])
  contests(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<ContestEntity[]> {
    return context.loaders.elections.contestsOfElection.load(election.id);
  }

  @ResolveField(() => Int, { nullable: true })
  turnout(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<number | null> {
    return context.loaders.elections.turnout.load(election);
  }

  @ResolveField(() => Boolean)
  hasVoted(
    @Parent() election: ElectionEntity,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<boolean> {
    return context.loaders.elections.hasVoted(principal.memberId).load(election.id);
  }

  @ResolveField(() => Boolean, { nullable: true })
  isInElectorate(
    @Parent() election: ElectionEntity,
    @CurrentPrincipal() principal: Principal,
    @Context() context: GraphQLContext,
  ): Promise<boolean | null> {
    // A mutation answers with the entity it wrote, where an unset column is undefined.
    if ((election.electorateSize ?? null) === null) return Promise.resolve(null);
    return context.loaders.elections.inElectorate(principal.memberId).load(election.id);
  }

  @ResolveField(() => [ApprovalType])
  approvals(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<ApprovalEntity[]> {
    return context.loaders.elections.approvalsOfElection.load(election.id);
  }

  @ResolveField(() => [PendingApprovalType], {
    description: 'Decisions still awaited (as of now, from the current roster)',
  })
  pendingApprovals(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<ApprovalSlot[]> {
    return context.loaders.elections.pendingApprovals.load(election.id);
  }

  @ResolveField(() => ElectionType, { nullable: true })
  async parent(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<ElectionEntity | null> {
    return election.parentElectionId
      ? context.loaders.elections.elections.load(election.parentElectionId)
      : null;
  }

  @ResolveField(() => ContestType, {
    nullable: true,
    description: 'The contest this runoff decides',
  })
  async runoffFor(
    @Parent() election: ElectionEntity,
    @Context() context: GraphQLContext,
  ): Promise<ContestEntity | null> {
    return election.parentContestId
      ? context.loaders.elections.contests.load(election.parentContestId)
      : null;
  }
}

@Resolver(() => RulesetType)
export class RulesetResolver {
  @ResolveField(() => String, {
    description: 'e.g. "more than half of the electorate" (RU: "более половины избирателей")',
  })
  quorumDescription(
    @Parent() ruleset: RulesetView,
    @Language() language: ExplanationLanguage,
  ): string {
    return explanationIn(language, ruleset.quorumDescription, ruleset.quorumDescriptionRu);
  }
}

@Resolver(() => ContestType)
export class ContestResolver {
  @ResolveField(() => String, { nullable: true, description: PORTFOLIO_DESCRIPTION })
  portfolio(
    @Parent() contest: ContestEntity,
    @Language() language: ExplanationLanguage,
  ): string | null {
    return portfolioIn(language, contest.portfolio);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: `The count in plain words (after the tally). ${IN_RUSSIAN_OR_ENGLISH}`,
  })
  explanation(
    @Parent() contest: ContestEntity,
    @Language() language: ExplanationLanguage,
  ): string | null {
    return explanationIn(language, contest.explanation ?? null, contest.explanationRu);
  }

  @ResolveField(() => ElectionType)
  async election(
    @Parent() contest: ContestEntity,
    @Context() context: GraphQLContext,
  ): Promise<ElectionEntity> {
    const election = await context.loaders.elections.elections.load(contest.electionId);
    if (!election) throw new NotFoundError('Election');
    return election;
  }

  @ResolveField(() => [CandidateType], { description: 'Accepted nominees' })
  async candidates(
    @Parent() contest: ContestEntity,
    @Context() context: GraphQLContext,
  ): Promise<CandidateType[]> {
    const candidacies = await context.loaders.elections.candidaciesOfContest.load(contest.id);
    return candidacies.map((nomination) => ({
      id: nomination.nomineeId,
      nominationId: nomination.id,
    }));
  }

  @ResolveField(() => [NominationType], { description: 'Every nomination, with its answer' })
  nominations(
    @Parent() contest: ContestEntity,
    @Context() context: GraphQLContext,
  ): Promise<NominationEntity[]> {
    return context.loaders.elections.nominationsOfContest.load(contest.id);
  }

  @ResolveField(() => [ContestResultType], {
    nullable: true,
    description: 'Null until voting closes, for everyone (no early results)',
  })
  results(
    @Parent() contest: ContestEntity,
    @Context() context: GraphQLContext,
  ): Promise<ContestResultEntity[] | null> {
    return context.loaders.elections.resultsOfContest.load(contest.id);
  }

  @ResolveField(() => [ElectionType], { description: 'Runoffs held for this contest' })
  runoffs(
    @Parent() contest: ContestEntity,
    @Context() context: GraphQLContext,
  ): Promise<ElectionEntity[]> {
    return context.loaders.elections.runoffsOfContest.load(contest.id);
  }
}

@Resolver(() => CandidateType)
export class CandidateResolver {
  @ResolveField(() => MemberType)
  member(@Parent() candidate: CandidateType, @Context() context: GraphQLContext) {
    return context.loaders.member(candidate.id);
  }
}

@Resolver(() => NominationType)
export class NominationResolver {
  @ResolveField(() => ContestType)
  async contest(
    @Parent() nomination: NominationEntity,
    @Context() context: GraphQLContext,
  ): Promise<ContestEntity> {
    const contest = await context.loaders.elections.contests.load(nomination.contestId);
    if (!contest) throw new NotFoundError('Contest');
    return contest;
  }

  @ResolveField(() => MemberType)
  nominee(@Parent() nomination: NominationEntity, @Context() context: GraphQLContext) {
    return context.loaders.member(nomination.nomineeId);
  }

  @ResolveField('nominatedBy', () => MemberType)
  nominator(@Parent() nomination: NominationEntity, @Context() context: GraphQLContext) {
    return context.loaders.member(nomination.nominatedBy);
  }
}

@Resolver(() => ContestResultType)
export class ContestResultResolver {
  @ResolveField(() => String, {
    description: `The candidate's result in plain words. ${IN_RUSSIAN_OR_ENGLISH}`,
  })
  explanation(
    @Parent() result: ContestResultEntity,
    @Language() language: ExplanationLanguage,
  ): string {
    return explanationIn(language, result.explanation, result.explanationRu);
  }

  @ResolveField(() => MemberType)
  member(@Parent() result: ContestResultEntity, @Context() context: GraphQLContext) {
    return context.loaders.member(result.memberId);
  }
}

@Resolver(() => ApprovalType)
export class ApprovalResolver {
  @ResolveField(() => MemberType)
  member(@Parent() approval: ApprovalEntity, @Context() context: GraphQLContext) {
    return context.loaders.member(approval.approverId);
  }

  @ResolveField(() => MemberType, { nullable: true })
  standingInFor(@Parent() approval: ApprovalEntity, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(approval.onBehalfOf);
  }

  @ResolveField(() => Date)
  at(@Parent() approval: ApprovalEntity): Date {
    return approval.decidedAt;
  }
}

@Resolver(() => PendingApprovalType)
export class PendingApprovalResolver {
  @ResolveField(() => MemberType, { nullable: true })
  member(@Parent() slot: ApprovalSlot, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(slot.memberId);
  }

  @ResolveField(() => MemberType, { nullable: true })
  standingInFor(@Parent() slot: ApprovalSlot, @Context() context: GraphQLContext) {
    return context.loaders.optionalMember(slot.onBehalfOf);
  }
}

export const ELECTIONS_RESOLVERS = [
  ElectionsResolver,
  RulesetResolver,
  ContestResolver,
  CandidateResolver,
  NominationResolver,
  ContestResultResolver,
  ApprovalResolver,
  PendingApprovalResolver,
];
