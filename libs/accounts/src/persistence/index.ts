import { AuthSessionEntity } from './auth-session.entity';
import { InvitationEntity } from './invitation.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { MemberEntity } from './member.entity';
import { OrganizationEntity } from './organization.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

export {
  AuthSessionEntity,
  InvitationEntity,
  LoginFailureEntity,
  MemberEntity,
  OrganizationEntity,
  RefreshTokenEntity,
};
export { MemberStatus } from './member.entity';

export const ACCOUNTS_ENTITIES = [
  OrganizationEntity,
  MemberEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  InvitationEntity,
  LoginFailureEntity,
];
