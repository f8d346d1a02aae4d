import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection } from '../graphql/connection.type';
import { MemberType } from '../accounts/member.type';

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => ID, { description: 'Position in the chain' })
  seq: string;

  @Field()
  occurredAt: Date;

  actorId: string | null;

  @Field(() => MemberType, { nullable: true })
  actor?: MemberType | null;

  @Field()
  action: string;

  @Field(() => String, { nullable: true })
  entityType: string | null;

  @Field(() => String, { nullable: true })
  entityId: string | null;

  @Field(() => GraphQLJSONObject)
  summary: Record<string, unknown>;

  @Field()
  prevHash: string;

  @Field()
  hash: string;
}

export const AuditEntryConnection = Connection(AuditEntryType, 'AuditEntry');
