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

// Names only: the preview is public, so nothing here leads on to the council's members.
@ObjectType('InvitedOrganization')
export class InvitedOrganizationType {
  @Field()
  name: string;

  @Field()
  shortName: string;
}

@ObjectType('InvitationPreview', {
  description: 'Who an invitation is for, shown on the page that accepts it',
})
export class InvitationPreviewType {
  @Field()
  fullName: string;

  @Field({ description: 'The e-mail the member will log in with' })
  email: string;

  @Field(() => InvitedOrganizationType)
  organization: InvitedOrganizationType;

  @Field()
  expiresAt: Date;
}
