import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_TOKEN_VERIFY_OPTIONS, AccessTokenService } from '@council/accounts';
import { AccessService, Principal } from '@council/access';
import { JWT_SECRET } from '@council/config';
import { Clock } from '@council/core';

// Only the Authorization header: a token in a URL ends up in logs and referrers.
export const bearerTokenOf = ExtractJwt.fromAuthHeaderAsBearerToken();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {
    super({
      jwtFromRequest: bearerTokenOf,
      // A KeyObject made once: given a string, jsonwebtoken tries (and fails) to parse it as a
      // public key on every request. passport-jwt's types predate KeyObject; jsonwebtoken takes it.
      secretOrKey: createSecretKey(Buffer.from(secret, 'utf8')) as unknown as Buffer,
      // The policy whole, so no option of it can be missed; its algorithms, issuer and audience at
      // the top level too, where passport-jwt reads them and overwrites jsonWebTokenOptions' own
      // (with undefined when absent: found when a review had them passed inside only).
      // ignoreExpiration among them: the expiry is checked in validate, on the app's Clock.
      ...ACCESS_TOKEN_VERIFY_OPTIONS,
      jsonWebTokenOptions: { ...ACCESS_TOKEN_VERIFY_OPTIONS },
    });
  }

  // jsonwebtoken has checked signature, algorithm, issuer and audience; the claims check adds what
  // it does not (expiry on the app's clock, exp present, token type), and the principal reflects
  // this instant.
  async validate(decoded: unknown): Promise<Principal> {
    return this.access.principalFor(AccessTokenService.claimsOf(decoded, this.clock.now()));
  }
}
