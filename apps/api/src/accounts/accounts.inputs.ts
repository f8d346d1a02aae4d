import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEmail, IsNotEmpty, IsString, IsUUID, Length, MaxLength } from 'class-validator';

@InputType()
export class LoginInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;
}

@InputType()
export class InviteMemberInput {
  @Field()
  @IsEmail({ allow_utf8_local_part: true })
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @Length(1, 200)
  fullName: string;

  @Field(() => ID)
  @IsUUID()
  organizationId: string;
}

@InputType()
export class AcceptInvitationInput {
  @Field()
  @IsString()
  @Length(1, 200)
  token: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @Length(12, 256)
  password: string;
}

@InputType()
export class CreateOrganizationInput {
  @Field()
  @IsString()
  @Length(1, 300)
  name: string;

  @Field()
  @IsString()
  @Length(1, 100)
  shortName: string;
}
