import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import {
  AccountsReason,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  assertEmail,
  passwordLength,
} from '@council/accounts';
import { MemberStatus } from '../graphql/enums';
import { PaginationArgs } from '../graphql/pagination.args';
import { IfGiven } from '../graphql/if-given';
import { IsName, TextField } from '../graphql/text-length';
import { FollowsDomainRule } from '../graphql/domain-rule';
import { IsId } from '../graphql/is-id';

// The password rule counts code points of the NFC form (the domain's passwordLength), not UTF-16
// units as @Length does: an input passes here exactly when the domain would accept it.
function HasPasswordLength(min: number, max: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'hasPasswordLength',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = passwordLength(value);
          return length >= min && length <= max;
        },
        defaultMessage: () => `$property must be ${min} to ${max} characters long`,
      },
    },
    options,
  );
}

// A new password out of the rule is the domain's WEAK_PASSWORD (assertNewPassword), whichever
// layer finds it.
const NEW_PASSWORD: ValidationOptions = { context: { reason: 'WEAK_PASSWORD' } };

// The domain's rule for an invited address (assertEmail), with the other input checks.
const IsInvitableEmail = () =>
  FollowsDomainRule({
    name: 'isInvitableEmail',
    maxLength: 320,
    accepts: (value) => {
      try {
        assertEmail(value);
        return true;
      } catch {
        return false;
      }
    },
    message: 'must be an e-mail address',
    reason: AccountsReason.INVALID_EMAIL,
  });

@InputType()
export class LoginInput {
  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  email: string;

  @Field()
  @IsString()
  @HasPasswordLength(1, MAX_PASSWORD_LENGTH)
  password: string;
}

@InputType()
export class InviteMemberInput {
  // The address's form is the domain's rule (assertEmail); validator.js's isEmail throws on a lone
  // surrogate instead of answering false.
  @Field()
  @IsString()
  @MaxLength(320)
  @IsInvitableEmail()
  email: string;

  @TextField(1, 200, {
    description:
      'Surname first, as a register writes it (Фамилия Имя Отчество): lists of members are sorted by the name as written',
  })
  @IsString()
  @IsName(200)
  fullName: string;

  @Field(() => ID)
  @IsId()
  organizationId: string;
}

@InputType()
export class AcceptInvitationInput {
  @Field()
  @IsString()
  @Length(1, 200, { message: '$property must be 1 to 200 characters long' })
  token: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @HasPasswordLength(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, NEW_PASSWORD)
  password: string;
}

@ArgsType()
export class InvitationArgs {
  @Field({ description: 'The token inviteMember returned' })
  @IsString()
  @Length(1, 200, { message: '$property must be 1 to 200 characters long' })
  token: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @HasPasswordLength(1, MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @Field({ description: 'At least 12 characters' })
  @IsString()
  @HasPasswordLength(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, NEW_PASSWORD)
  newPassword: string;
}

@InputType()
export class CreateOrganizationInput {
  @TextField(1, 300)
  @IsString()
  @IsName(300)
  name: string;

  @TextField(1, 100)
  @IsString()
  @IsName(100)
  shortName: string;
}

@InputType()
export class UpdateOrganizationInput {
  @TextField(1, 300, { nullable: true })
  @IfGiven()
  @IsString()
  @IsName(300)
  name?: string;

  @TextField(1, 100, { nullable: true })
  @IfGiven()
  @IsString()
  @IsName(100)
  shortName?: string;
}

@ArgsType()
export class MembersArgs extends PaginationArgs {
  @Field(() => MemberStatus, {
    nullable: true,
    description: 'Only members in this state (INVITED: the invitations not yet accepted)',
  })
  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus;
}

// The id checked with the input (see UpdateMeetingArgs).
@ArgsType()
export class UpdateOrganizationArgs {
  @Field(() => ID)
  @IsId()
  id: string;

  @Field(() => UpdateOrganizationInput)
  @ValidateNested()
  @Type(() => UpdateOrganizationInput)
  input: UpdateOrganizationInput;
}
