import { ArgsType, Field, ID } from '@nestjs/graphql';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '@council/audit';
import { IsDate, IsOptional, IsString } from 'class-validator';
import { IS_DATE_TIME } from '../graphql/date-time.scalar';
import { PaginationArgs } from '../graphql/pagination.args';
import { TextField } from '../graphql/text-length';
import { IsId } from '../graphql/is-id';

// The longest entity type, id (a uuid, a term label) or action is far shorter.
const FILTER_LENGTH = 100;

@ArgsType()
export class AuditLogArgs extends PaginationArgs {
  @TextField(1, FILTER_LENGTH, {
    nullable: true,
    description:
      'Entries about entities of this type, one of: ' +
      AUDIT_ENTITY_TYPES.join(', ') +
      ' (a meeting covers its agenda and minutes too)',
  })
  @IsOptional()
  @IsString()
  entityType?: string;

  @TextField(1, FILTER_LENGTH, {
    nullable: true,
    description: 'Entries about this entity (its id as the entries record it)',
  })
  @IsOptional()
  @IsString()
  entityId?: string;

  @Field(() => ID, { nullable: true, description: "Entries of this member's actions" })
  @IsOptional()
  @IsId()
  actorId?: string;

  @TextField(1, FILTER_LENGTH, {
    nullable: true,
    description: 'Entries of this action, one of: ' + AUDIT_ACTIONS.join(', '),
  })
  @IsOptional()
  @IsString()
  action?: string;

  @Field(() => Date, { nullable: true, description: 'Entries recorded at or after' })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  from?: Date;

  @Field(() => Date, { nullable: true, description: 'Entries recorded before' })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  to?: Date;
}
