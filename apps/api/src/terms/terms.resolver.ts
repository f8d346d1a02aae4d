import { Type } from 'class-transformer';
import { ArrayMaxSize, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  Args,
  ArgsType,
  Context,
  Field,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Permission, Principal } from '@council/access';
import { MemberEntity } from '@council/accounts';
import { ElectionsService, ExplanationLanguage, portfolioIn } from '@council/elections';
import { SeatEntity, TermsService, termName } from '@council/terms';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { GraphQLContext } from '../graphql/loaders';
import { MemberType } from '../accounts/member.type';
import { Language } from '../elections/election.type';
import {
  IsTermLabel,
  PORTFOLIO_DESCRIPTION,
  SeatInput,
  toTerm,
  SeatType,
  TermStatusValue,
  TermType,
} from './term.type';

@ArgsType()
class AppointFoundingRosterArgs {
  @Field()
  @IsString()
  @MaxLength(20)
  @IsTermLabel()
  termLabel: string;

  @Field(() => [SeatInput])
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => SeatInput)
  seats: SeatInput[];
}

@Resolver(() => TermType)
export class TermsResolver {
  constructor(
    private readonly termService: TermsService,
    private readonly elections: ElectionsService,
  ) {}

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => [TermType])
  async terms(): Promise<TermType[]> {
    return (await this.termService.list()).map(toTerm);
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => TermType, { nullable: true })
  term(@Args('label') label: string): TermType {
    return toTerm(this.termService.period(label));
  }

  @Can(Permission.VIEW_COUNCIL)
  @Query(() => TermType)
  currentTerm(): TermType {
    return toTerm(this.termService.current());
  }

  @Can(Permission.APPOINT_FOUNDING_ROSTER)
  @Mutation(() => TermType)
  async appointFoundingRoster(
    @CurrentPrincipal() principal: Principal,
    @Args() args: AppointFoundingRosterArgs,
  ): Promise<TermType> {
    return toTerm(
      await this.elections.appointFoundingRoster(principal.memberId, args.termLabel, args.seats),
    );
  }

  @ResolveField(() => String, {
    description:
      'The council’s time zone (IANA, e.g. Europe/Moscow): the one of the term’s dates, of due dates, and of a new meeting by default',
  })
  timeZone(): string {
    return this.termService.timeZone;
  }

  @ResolveField(() => String, {
    description:
      'The term in words, for titles and sentences: "first half of 2027"; with RU "первое полугодие 2027 года"',
  })
  name(@Parent() term: TermType, @Language() language: ExplanationLanguage): string {
    return termName(term.label, language);
  }

  @ResolveField(() => TermStatusValue)
  status(@Parent() term: TermType): TermStatusValue {
    return this.termService.statusOf(term.label) as TermStatusValue;
  }

  @ResolveField(() => [SeatType])
  roster(@Parent() term: TermType, @Context() context: GraphQLContext): Promise<SeatEntity[]> {
    return context.loaders.rosters.load(term.label);
  }
}

@Resolver(() => SeatType)
export class SeatResolver {
  @ResolveField(() => String, { nullable: true, description: PORTFOLIO_DESCRIPTION })
  portfolio(@Parent() seat: SeatEntity, @Language() language: ExplanationLanguage): string | null {
    return portfolioIn(language, seat.portfolio);
  }

  @ResolveField(() => MemberType)
  member(@Parent() seat: SeatEntity, @Context() context: GraphQLContext): Promise<MemberEntity> {
    return context.loaders.member(seat.memberId);
  }
}
