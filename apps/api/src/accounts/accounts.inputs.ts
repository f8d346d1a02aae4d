import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, Length, MaxLength } from 'class-validator';

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
  // The address's form is the domain's rule (assertEmail); validator.js's isEmail throws on a lone
  // surrogate instead of answering false.
  @Field()
  @IsString()
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
