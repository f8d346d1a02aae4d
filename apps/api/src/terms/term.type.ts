import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString } from 'class-validator';
import { Position } from '../graphql/enums';
import { MemberType } from '../accounts/member.type';
import { TextField } from '../graphql/text-length';
import { IsId } from '../graphql/is-id';
import { FollowsDomainRule } from '../graphql/domain-rule';
import { PORTFOLIO_MAX_LENGTH, TermPeriod, TermsReason, isTermLabel } from '@council/terms';

export enum TermHalf {
  H1 = 'H1',
  H2 = 'H2',
}
export enum TermStatusValue {
  UPCOMING = 'UPCOMING',
  CURRENT = 'CURRENT',
  PAST = 'PAST',
}
registerEnumType(TermHalf, { name: 'TermHalf' });
registerEnumType(TermStatusValue, { name: 'TermStatus' });

// The domain's rule for a term's label (parseTermLabel), with the form's other input checks.
export const IsTermLabel = () =>
  FollowsDomainRule({
    name: 'isTermLabel',
    maxLength: 20,
    accepts: isTermLabel,
    message: 'termLabel must be a term label such as 2027-H1',
    reason: TermsReason.INVALID_TERM_LABEL,
  });

// Seat.portfolio and Contest.portfolio (whose language argument is the explanations').
export const PORTFOLIO_DESCRIPTION =
  'A co-chair’s area. With RU, a default portfolio is given in Russian; a portfolio the council wrote itself is given as written (in either language).';

@ObjectType('Seat')
export class SeatType {
  @Field(() => Position)
  position: Position;

  // A field of SeatResolver (in the language asked).
  portfolio: string | null;

  @Field(() => MemberType)
  member?: MemberType;

  memberId: string;
}

@ObjectType('Term', { description: 'A half-year term; dates are in the council time zone' })
export class TermType {
  @Field(() => ID, { description: 'The label, e.g. 2027-H1' })
  id: string;

  @Field()
  label: string;

  @Field(() => Int)
  year: number;

  @Field(() => TermHalf)
  half: 'H1' | 'H2';

  @Field({ description: 'First day (YYYY-MM-DD)' })
  startsOn: string;

  @Field({ description: 'Last day, inclusive (YYYY-MM-DD)' })
  endsOn: string;

  @Field({ description: 'The instant the term begins' })
  startsAt: Date;

  @Field({ description: 'The instant the term ends (exclusive)' })
  endsAt: Date;

  @Field(() => TermStatusValue)
  status?: TermStatusValue;

  @Field(() => [SeatType])
  roster?: SeatType[];
}

@InputType()
export class SeatInput {
  @Field(() => Position)
  @IsEnum(Position)
  position: Position;

  @Field(() => ID)
  @IsId()
  memberId: string;

  @TextField(0, PORTFOLIO_MAX_LENGTH, { nullable: true, description: 'Required for co-chairs' })
  @IsOptional()
  @IsString()
  portfolio?: string | null;
}

// A term as the schema gives it (an instance, so a union can tell it apart).
export function toTerm(period: TermPeriod): TermType {
  return Object.assign(new TermType(), period, { id: period.label });
}
