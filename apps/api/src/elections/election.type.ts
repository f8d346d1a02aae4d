import { Args, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ApprovalDecision,
  ApproverCapacity,
  BallotAnswer,
  ContestStatus,
  ElectionStatus,
  ExplanationLanguage,
  MajorityRule,
  NominationStatus,
  QuorumComparison,
  ResultOutcome,
  TiePolicy,
  VotingMethod,
} from '@council/elections';
import { MemberType } from '../accounts/member.type';
import { Connection } from '../graphql/connection.type';
import { Position } from '../graphql/enums';
import { TermType } from '../terms/term.type';

registerEnumType(ElectionStatus, { name: 'ElectionStatus' });
registerEnumType(ContestStatus, { name: 'ContestStatus' });
registerEnumType(NominationStatus, { name: 'NominationStatus' });
registerEnumType(MajorityRule, { name: 'MajorityRule' });
registerEnumType(TiePolicy, { name: 'TiePolicy' });
registerEnumType(QuorumComparison, { name: 'QuorumComparison' });
registerEnumType(VotingMethod, { name: 'VotingMethod' });
registerEnumType(ApprovalDecision, { name: 'ApprovalDecision' });
registerEnumType(ApproverCapacity, { name: 'ApproverCapacity' });
registerEnumType(ResultOutcome, { name: 'ResultOutcome' });
registerEnumType(BallotAnswer, { name: 'BallotAnswer' });
registerEnumType(ExplanationLanguage, {
  name: 'ExplanationLanguage',
  description: 'The language of a plain-language explanation of a tally',
  valuesMap: {
    EN: { description: 'English' },
    RU: { description: 'Russian (English for a result tallied before Russian was stored)' },
  },
});

// The language argument of every explanation and portfolio: English unless asked otherwise.
export const Language = () =>
  Args('language', {
    type: () => ExplanationLanguage,
    defaultValue: ExplanationLanguage.EN,
  });

@ObjectType('Ruleset', { description: 'The bylaws of one election, fixed before the vote opens' })
export class RulesetType {
  @Field(() => Int, { description: 'Quorum: this share of the electorate must vote…' })
  quorumNumerator: number;

  @Field(() => Int)
  quorumDenominator: number;

  @Field(() => QuorumComparison, { description: '…more than it, or at least it' })
  quorumComparison: QuorumComparison;

  // Resolved in a language (RulesetResolver).
  quorumDescription: string;
  quorumDescriptionRu: string;

  @Field(() => MajorityRule, { description: 'Default majority rule of the contests' })
  majority: MajorityRule;

  @Field(() => TiePolicy)
  tiePolicy: TiePolicy;
}

@ObjectType('Election')
export class ElectionType {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => ElectionStatus)
  status: ElectionStatus;

  termLabel: string;

  @Field(() => TermType)
  term?: TermType;

  @Field(() => VotingMethod, { nullable: true, description: 'Set by the tally' })
  votingMethod: VotingMethod | null;

  @Field(() => Int, { nullable: true, description: 'Fixed when the vote opens' })
  electorateSize: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the electorate snapshot (sorted member ids)',
  })
  electorateHash: string | null;

  @Field(() => Int, { nullable: true, description: 'How many have voted (live during the vote)' })
  turnout?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The turnout the quorum needs (after the tally)',
  })
  quorumRequired: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Known after the tally' })
  quorumReached: boolean | null;

  // Resolved in a language (ElectionsResolver.explanation).
  explanation: string | null;
  explanationRu: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the tally and the electorate; approvals record it',
  })
  tallyHash: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled or rejected' })
  statusReason: string | null;

  @Field(() => RulesetType)
  ruleset?: RulesetType;

  @Field(() => Boolean, { description: 'Whether the caller has voted' })
  hasVoted?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the caller is on the electorate fixed when the vote opened (those who may vote while it is open); null until then',
  })
  isInElectorate?: boolean | null;

  @Field(() => Boolean, {
    name: 'isByElection',
    description: "Elects the vacant seats of its term's installed roster",
  })
  byElection: boolean;

  parentElectionId: string | null;
  parentContestId: string | null;

  @Field(() => ElectionType, { nullable: true, description: 'The election this runoff decides' })
  parent?: ElectionType | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  nominationsOpenedAt: Date | null;

  @Field(() => Date, { nullable: true })
  votingOpenedAt: Date | null;

  @Field(() => Date, { nullable: true })
  talliedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was certified, rejected or cancelled',
  })
  endedAt: Date | null;
}

@ObjectType('Contest')
export class ContestType {
  @Field(() => ID)
  id: string;

  electionId: string;

  @Field(() => Int, { description: 'Contest order decides who is seated when a person wins twice' })
  ordinal: number;

  @Field(() => Position)
  position: Position;

  @Field(() => Int)
  seats: number;

  // A field of ContestResolver (in the language asked).
  portfolio: string | null;

  @Field(() => MajorityRule)
  majority: MajorityRule;

  @Field(() => ContestStatus)
  status: ContestStatus;

  @Field(() => Int, { nullable: true, description: 'Ballots that chose someone (after the tally)' })
  validBallots: number | null;

  @Field(() => Int, { nullable: true })
  abstentions: number | null;

  // Resolved in a language (ContestResolver.explanation).
  explanation: string | null;
  explanationRu: string | null;
}

@ObjectType('Candidate')
export class CandidateType {
  @Field(() => ID, { description: "The candidate's member id (used in ballots)" })
  id: string;

  @Field(() => ID)
  nominationId: string;

  @Field(() => MemberType)
  member?: MemberType;
}

@ObjectType('Nomination')
export class NominationType {
  @Field(() => ID)
  id: string;

  contestId: string;
  nomineeId: string;
  nominatedBy: string;

  @Field(() => ContestType)
  contest?: ContestType;

  @Field(() => MemberType)
  nominee?: MemberType;

  @Field(() => MemberType, { name: 'nominatedBy' })
  nominator?: MemberType;

  @Field(() => NominationStatus)
  status: NominationStatus;

  @Field()
  nominatedAt: Date;

  @Field(() => Date, { nullable: true })
  respondedAt: Date | null;
}

export const NominationConnection = Connection(NominationType, 'Nomination');

@ObjectType('ContestResult')
export class ContestResultType {
  memberId: string;

  @Field(() => MemberType)
  member?: MemberType;

  @Field(() => Int, { description: 'Votes (Yes votes for an uncontested seat)' })
  votes: number;

  @Field(() => Int, { nullable: true, description: 'No votes (uncontested seat only)' })
  noVotes: number | null;

  @Field()
  elected: boolean;

  @Field(() => ResultOutcome)
  outcome: ResultOutcome;

  // Resolved in a language (ContestResultResolver.explanation).
  explanation: string;
  explanationRu: string | null;
}

@ObjectType('Approval')
export class ApprovalType {
  @Field(() => ID)
  id: string;

  approverId: string;
  onBehalfOf: string | null;

  @Field(() => MemberType)
  member?: MemberType;

  @Field(() => ApprovalDecision)
  decision: ApprovalDecision;

  @Field(() => ApproverCapacity)
  capacity: ApproverCapacity;

  @Field(() => MemberType, {
    nullable: true,
    description:
      'The co-chair stood in for; null for a co-chair’s own place, one standing for both co-chairs, or an administrator’s',
  })
  standingInFor?: MemberType | null;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field({ description: 'The tally hash approved' })
  tallyHash: string;

  @Field()
  at: Date;
}

@ObjectType('PendingApproval', { description: 'A decision still awaited' })
export class PendingApprovalType {
  @Field(() => ApproverCapacity)
  capacity: ApproverCapacity;

  memberId: string | null;
  onBehalfOf: string | null;

  @Field(() => MemberType, { nullable: true, description: 'Null: any administrator' })
  member?: MemberType | null;

  @Field(() => MemberType, {
    nullable: true,
    description:
      'The co-chair stood in for; null for a co-chair’s own place, one standing for both co-chairs, or an administrator’s',
  })
  standingInFor?: MemberType | null;
}

@ObjectType('BallotReceipt')
export class BallotReceiptType {
  @Field({
    description:
      'Keep it: after the close its SHA-256 appears in ballotBox.trackingCodeHashes. It is not linked to your choices. The code sent in CastBallotInput.trackingCode, if any; else drawn by the server.',
  })
  trackingCode: string;
}

@ObjectType('PublishedChoice')
export class PublishedChoiceType {
  @Field(() => ID)
  contestId: string;

  @Field(() => [ID])
  candidateIds: string[];

  @Field(() => BallotAnswer, { nullable: true })
  answer: BallotAnswer | null;

  @Field()
  abstain: boolean;
}

@ObjectType('PublishedBallot')
export class PublishedBallotType {
  @Field(() => [PublishedChoiceType])
  choices: PublishedChoiceType[];
}

@ObjectType('BallotBox')
export class BallotBoxType {
  @Field(() => ID)
  electionId: string;

  @Field(() => Int)
  turnout: number;

  @Field(() => [String], {
    description:
      "SHA-256 of every tracking code, sorted: lowercase hex of the hash of the code's 24 characters as ASCII (what `printf %s CODE | sha256sum` prints)",
  })
  trackingCodeHashes: string[];

  @Field(() => [PublishedBallotType], { description: 'Every ballot, in random order' })
  ballots: PublishedBallotType[];
}
