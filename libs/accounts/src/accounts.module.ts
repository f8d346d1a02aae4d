import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@council/audit';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { JWT_SECRET } from '@council/config';
import { AccessTokenService } from './domain/access-token.service';
import { LoginThrottle } from './domain/login-throttle';
import { PasswordHasher } from './domain/password-hasher';
import { SessionService } from './domain/session.service';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [
    AuditModule,
    JwtModule.registerAsync({
      inject: [JWT_SECRET],
      useFactory: (secret: string) => ({ secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [
    AdminBootstrapService,
    AccessTokenService,
    LoginThrottle,
    PasswordHasher,
    SessionService,
    InvitationsService,
    MembersService,
    OrganizationsService,
  ],
  exports: [
    AdminBootstrapService,
    AccessTokenService,
    PasswordHasher,
    SessionService,
    InvitationsService,
    MembersService,
    OrganizationsService,
  ],
})
export class AccountsModule {}
