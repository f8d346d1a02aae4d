import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  BallotAnswer,
  checkElectionForm,
  ELECTION_NOTE_MAX_LENGTH,
  ELECTION_TITLE_MAX_LENGTH,
  ElectionStatus,
  MAX_CONTEST_SEATS,
  MajorityRule,
  NominationStatus,
  QuorumComparison,
  TiePolicy,
  TRACKING_CODE_FORMAT,
  TRACKING_CODE_PATTERN,
} from '@council/elections';
import { PORTFOLIO_MAX_LENGTH } from '@council/terms';
import { Position } from '../graphql/enums';
import { PaginationArgs } from '../graphql/pagination.args';
import { TextField } from '../graphql/text-length';
import { IsId } from '../graphql/is-id';
import { FormRule } from '../graphql/form-rule';

// A contest or candidate id of the ballot paper is checked against the paper itself, where any
// string that is not one of its ids is unknown: an over-long one is unknown too, not a length.
const UNKNOWN_CONTEST = {
  message: 'no such contest in this election',
  context: { reason: 'UNKNOWN_CONTEST' },
};
const UNKNOWN_CANDIDATE = {
  message: 'not a candidate in this contest',
  context: { reason: 'UNKNOWN_CANDIDATE' },
};
// A number out of range has the reason the domain gives it (validateContests, buildRuleset,
// the paper counts' checks), not the catch-all INVALID_INPUT.
const SEATS = { context: { reason: 'INVALID_SEATS' } };
const RULESET = { context: { reason: 'INVALID_RULESET' } };
const COUNTS = { context: { reason: 'INVALID_COUNTS' } };
@InputType()
export class ContestInput {
  @Field(() => Position)
  @IsEnum(Position)
  position: Position;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1, SEATS)
  @Max(MAX_CONTEST_SEATS, SEATS)
  seats: number;

  @TextField(0, PORTFOLIO_MAX_LENGTH, {
    nullable: true,
    description: 'Required for co-chairs, e.g. the area',
  })
  @IsOptional()
  @IsString()
  portfolio?: string | null;

  @Field(() => MajorityRule, {
    nullable: true,
    description: "Overrides the ruleset's majority for this contest",
  })
  @IsOptional()
  @IsEnum(MajorityRule)
  majority?: MajorityRule | null;
}

@InputType()
export class RulesetInput {
  @Field(() => Int, { nullable: true, description: 'Quorum share numerator (default 1)' })
  @IsOptional()
  @IsInt()
  @Min(0, RULESET)
  @Max(100, RULESET)
  quorumNumerator?: number | null;

  @Field(() => Int, { nullable: true, description: 'Quorum share denominator (default 2)' })
  @IsOptional()
  @IsInt()
  @Min(1, RULESET)
  @Max(100, RULESET)
  quorumDenominator?: number | null;

  @Field(() => QuorumComparison, { nullable: true, description: 'Default MORE_THAN' })
  @IsOptional()
  @IsEnum(QuorumComparison)
  quorumComparison?: QuorumComparison | null;

  @Field(() => MajorityRule, { nullable: true, description: 'Default PLURALITY' })
  @IsOptional()
  @IsEnum(MajorityRule)
  majority?: MajorityRule | null;

  @Field(() => TiePolicy, { nullable: true, description: 'Default RUNOFF' })
  @IsOptional()
  @IsEnum(TiePolicy)
  tiePolicy?: TiePolicy | null;
}

@FormRule((input: CreateElectionInput) => checkElectionForm(input))
@InputType()
export class CreateElectionInput {
  @Field({ description: 'The term the election fills, e.g. 2027-H1' })
  @IsString()
  @MaxLength(20)
  termLabel: string;

  @TextField(1, ELECTION_TITLE_MAX_LENGTH)
  @IsString()
  title: string;

  @Field(() => [ContestInput], {
    nullable: true,
    description:
      'Default: CHAIR, CO_CHAIR (regional), CO_CHAIR (federal), EXECUTIVE_SECRETARY; for a term whose roster is installed (a by-election), its vacant seats, and only those may be asked for',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { context: { reason: 'NO_CONTESTS' } })
  // A roster has four seats.
  @ArrayMaxSize(4, { context: { reason: 'TOO_MANY_SEATS' } })
  @ValidateNested({ each: true })
  @Type(() => ContestInput)
  contests?: ContestInput[] | null;

  @Field(() => RulesetInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RulesetInput)
  ruleset?: RulesetInput | null;
}

@InputType()
export class BallotChoiceInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(64, UNKNOWN_CONTEST)
  contestId: string;

  @Field(() => [ID], { nullable: true, description: 'Contested seat: up to `seats` candidates' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  // No length check here: the ballot's rules name an unknown candidate by its entry
  // (choices.N.candidateIds.M), which a check of each element cannot; the body limit bounds them.
  @IsString({ each: true })
  candidateIds?: string[] | null;

  @Field(() => BallotAnswer, {
    nullable: true,
    description: 'Uncontested seat: Yes / No / Abstain on its one candidate',
  })
  @IsOptional()
  @IsEnum(BallotAnswer)
  answer?: BallotAnswer | null;

  @Field(() => Boolean, { nullable: true, description: 'Abstain in this contest' })
  @IsOptional()
  @IsBoolean()
  abstain?: boolean | null;
}

@InputType()
export class CastBallotInput {
  @Field(() => ID)
  @IsId()
  electionId: string;

  @Field(() => [BallotChoiceInput], { description: 'One per contest' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => BallotChoiceInput)
  choices: BallotChoiceInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "A tracking code drawn by the voter's own device: 18 random bytes in base64url (24 " +
      'characters), new for every election and the same on a retry. The receipt returns it, and the voter holds it before ' +
      'sending: if the answer is lost, the same cast sent again answers the same receipt when the ' +
      'first was stored. Omitted: the server draws one.',
  })
  @IsOptional()
  @Matches(TRACKING_CODE_PATTERN, {
    message: TRACKING_CODE_FORMAT,
    context: { reason: 'INVALID_TRACKING_CODE' },
  })
  trackingCode?: string | null;
}

@InputType()
export class PaperCountInput {
  @Field(() => ID, { description: "The candidate's member id" })
  @IsString()
  @MaxLength(64, UNKNOWN_CANDIDATE)
  candidateId: string;

  @Field(() => Int)
  @IsInt()
  @Min(0, COUNTS)
  @Max(1_000_000, COUNTS)
  votes: number;
}

@InputType()
export class PaperContestInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(64, UNKNOWN_CONTEST)
  contestId: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Ballots that chose nobody in this contest (default 0)',
  })
  @IsOptional()
  @IsInt()
  @Min(0, COUNTS)
  @Max(1_000_000, COUNTS)
  abstentions?: number | null;

  @Field(() => [PaperCountInput], { nullable: true, description: 'Contested seat' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaperCountInput)
  counts?: PaperCountInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Uncontested seat: Yes votes' })
  @IsOptional()
  @IsInt()
  @Min(0, COUNTS)
  @Max(1_000_000, COUNTS)
  yes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Uncontested seat: No votes' })
  @IsOptional()
  @IsInt()
  @Min(0, COUNTS)
  @Max(1_000_000, COUNTS)
  no?: number | null;
}

@InputType()
export class PaperResultInput {
  @Field(() => ID)
  @IsId()
  electionId: string;

  @Field(() => Int, { description: 'Paper ballots handed in' })
  @IsInt()
  @Min(0, COUNTS)
  @Max(1_000_000, COUNTS)
  ballotsCast: number;

  @Field(() => [PaperContestInput], { description: 'One per contest' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PaperContestInput)
  contests: PaperContestInput[];
}

@ArgsType()
export class ElectionsArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  termLabel?: string | null;

  @Field(() => [ElectionStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(Object.keys(ElectionStatus).length)
  @IsEnum(ElectionStatus, { each: true })
  status?: ElectionStatus[] | null;
}

@ArgsType()
export class MyNominationsArgs extends PaginationArgs {
  @Field(() => [NominationStatus], {
    nullable: true,
    description: 'Only nominations in these states, e.g. PENDING: not answered yet',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(NominationStatus, { each: true })
  status?: NominationStatus[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only nominations I can still answer (their election is taking nominations): with status [PENDING], those awaiting my answer',
  })
  @IsOptional()
  @IsBoolean()
  answerable?: boolean;
}

// The arguments of the mutations that take more than an id, checked together by the input checks:
// the domain's checks (assertUuid, requireText) named the second mistake only once the first was
// put right (found by review).
@ArgsType()
export class NominateArgs {
  @Field(() => ID)
  @IsId()
  contestId: string;

  @Field(() => ID)
  @IsId()
  nomineeId: string;
}

@ArgsType()
export class WithdrawNominationArgs {
  @Field(() => ID)
  @IsId()
  nominationId: string;

  @TextField(1, ELECTION_NOTE_MAX_LENGTH)
  @IsString()
  reason: string;
}

// cancelElection and rejectElection.
@ArgsType()
export class ElectionReasonArgs {
  @Field(() => ID)
  @IsId()
  electionId: string;

  @TextField(1, ELECTION_NOTE_MAX_LENGTH)
  @IsString()
  reason: string;
}

@ArgsType()
export class ApproveElectionArgs {
  @Field(() => ID)
  @IsId()
  electionId: string;

  @TextField(0, ELECTION_NOTE_MAX_LENGTH, { nullable: true })
  @IsOptional()
  @IsString()
  comment?: string | null;
}

@ArgsType()
export class CreateRunoffArgs {
  @Field(() => ID)
  @IsId()
  contestId: string;

  @TextField(1, ELECTION_TITLE_MAX_LENGTH, {
    nullable: true,
    description:
      'The runoff’s title; when omitted, the parent’s title followed by " — повторное голосование: <the contest, in Russian>"',
  })
  @IsOptional()
  @IsString()
  title?: string | null;
}
