import { Field, ObjectType } from '@nestjs/graphql';
import { MemberType } from './member.type';

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Short-lived (15 min) bearer token for the Authorization header' })
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field({ description: 'Opaque, single-use: refreshSession returns a new one' })
  refreshToken: string;

  @Field(() => MemberType)
  member: MemberType;
}

@ObjectType('Invitation')
export class InvitationType {
  @Field({ description: 'Single-use; give it to the invitee (shown once)' })
  token: string;

  @Field()
  expiresAt: Date;

  @Field(() => MemberType)
  member: MemberType;
}
