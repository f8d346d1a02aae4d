import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { isUuid, UnauthenticatedError } from '@council/core';
import { AccountsReason } from './accounts.errors';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_TOKEN_ISSUER = 'council-portal';
export const ACCESS_TOKEN_AUDIENCE = 'council-portal:api';
// RFC 9068 / RFC 8725 §3.11: explicit typing so no other JWT can pass as an access token.
export const ACCESS_TOKEN_TYPE = 'at+jwt';

// Leeway for a clock a little behind the one that issued the token.
export const ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS = 5;

// The one verification policy: the passport strategy hands it to jsonwebtoken whole. The time
// claims are left to claimsOf, which reads them on the app's Clock, the one that issued them:
// jsonwebtoken reads the system's, and a test standing on another day than today found every
// token it was given expired (found by review: the suite would have failed from the day its
// pinned dates passed).
export const ACCESS_TOKEN_VERIFY_OPTIONS = {
  algorithms: ['HS256' as const],
  issuer: ACCESS_TOKEN_ISSUER,
  audience: ACCESS_TOKEN_AUDIENCE,
  ignoreExpiration: true,
  ignoreNotBefore: true,
  complete: true,
};

export interface AccessTokenClaims {
  memberId: string;
  sessionId: string;
}

interface DecodedToken {
  header?: { typ?: unknown; alg?: unknown };
  payload?: { sub?: unknown; sid?: unknown; exp?: unknown; iat?: unknown; nbf?: unknown };
}

@Injectable()
export class AccessTokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(claims: AccessTokenClaims, now: Date): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
    const token = this.jwt.sign(
      { sub: claims.memberId, sid: claims.sessionId, iat, exp },
      {
        algorithm: 'HS256',
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        jwtid: randomUUID(),
        header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE },
      },
    );
    return { token, expiresAt: new Date(exp * 1000) };
  }

  // What jsonwebtoken does not check (the time claims at `now`, a missing exp, a lifetime longer
  // than the one we issue, the token type, the shape of our claims), after it has checked
  // signature, algorithm, issuer and audience with ACCESS_TOKEN_VERIFY_OPTIONS (the passport
  // strategy, apps/api/src/auth/jwt.strategy.ts).
  // jsonwebtoken's own rules: expired from exp + leeway on, not yet valid before nbf - leeway.
  static claimsOf(decoded: unknown, now: Date): AccessTokenClaims {
    const { header, payload } = (decoded ?? {}) as DecodedToken;
    const seconds = Math.floor(now.getTime() / 1000);
    if (
      header?.typ !== ACCESS_TOKEN_TYPE ||
      header.alg !== 'HS256' ||
      typeof payload?.exp !== 'number' ||
      typeof payload.iat !== 'number' ||
      // No token we issue lives longer: one that does was not signed by this server's code.
      payload.exp - payload.iat > ACCESS_TOKEN_TTL_SECONDS ||
      // Nor issued far ahead of now (an iat moved ahead with the exp would lift that bound): up to
      // one lifetime ahead, so that an instance whose clock runs ahead does not lock users out of
      // one behind, and no token accepted now lives past twice the lifetime from now.
      payload.iat > seconds + ACCESS_TOKEN_TTL_SECONDS ||
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      !isUuid(payload.sub) ||
      !isUuid(payload.sid)
    ) {
      throw invalidAccessToken();
    }
    // Expired: a client renews it with refreshSession rather than asking for the password again.
    if (seconds >= payload.exp + ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS) {
      throw new UnauthenticatedError(
        AccountsReason.ACCESS_TOKEN_EXPIRED,
        'Access token expired: renew it with refreshSession',
      );
    }
    // We issue no nbf; one not reached yet is refused as any other claim is.
    if (
      payload.nbf !== undefined &&
      (typeof payload.nbf !== 'number' ||
        seconds < payload.nbf - ACCESS_TOKEN_CLOCK_TOLERANCE_SECONDS)
    ) {
      throw invalidAccessToken();
    }
    return { memberId: payload.sub, sessionId: payload.sid };
  }
}

// A token presented but not accepted (signature, algorithm, issuer, audience, type, claims): one
// answer, so it tells nobody which check failed.
export function invalidAccessToken(): UnauthenticatedError {
  return new UnauthenticatedError(AccountsReason.INVALID_TOKEN, 'Invalid access token');
}
