import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_CURSOR_LENGTH, MAX_PAGE_SIZE } from '@council/core';

// The arguments of every paginated field, by name (the GraphQL plugins find them so).
export const PAGE_SIZE_ARGUMENT = 'first';
export const CURSOR_ARGUMENT = 'after';

@ArgsType()
export class PaginationArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size, 0 to ${MAX_PAGE_SIZE} (default 20)`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  after?: string;
}
