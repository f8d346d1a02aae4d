import { Field, ID, ObjectType } from '@nestjs/graphql';
import { MemberStatus, Role } from '../graphql/enums';
import { Connection } from '../graphql/connection.type';

@ObjectType('Member')
export class MemberType {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field({
    description:
      'As written when invited; the council writes it surname first (Фамилия Имя Отчество), as a register does, and lists of members are sorted by it as written',
  })
  fullName: string;

  organizationId: string;

  @Field(() => MemberStatus)
  status: MemberStatus;

  isAdmin: boolean;

  @Field(() => Date, {
    nullable: true,
    description:
      "When an INVITED member's latest invitation runs out (in the past: expired, invite again); null for others, and for callers who may not invite",
  })
  invitationExpiresAt?: Date | null;

  // Resolved per request from the roster of the term current at this instant.
  @Field(() => [Role])
  roles?: Role[];
}

export const MemberConnection = Connection(MemberType, 'Member');
