import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, normalizeIp } from '@nestjs/throttler';
import { RateLimitedError } from '@council/core';
import { RequestWithPrincipal, requestOf } from './auth.decorators';

// Called by AuthGuard once it has authenticated a root field, whatever the outcome (an operation
// refused for a dead token or a missing permission counts too): a member is counted by who they
// are, whatever session or address they use; a caller without a session (log-in, refresh,
// reading or accepting an invitation, or a token refused) by address. One count across all
// operations.
@Injectable()
export class OperationRateGuard extends ThrottlerGuard {
  // No response headers (setHeaders: false): a refusal carries retryAfterSeconds in the error.
  protected override getRequestResponse(context: ExecutionContext) {
    return { req: requestOf(context) as unknown as Record<string, unknown>, res: {} };
  }

  // An IPv6 address stands for its /64, which one client can fill with addresses at will.
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as RequestWithPrincipal;
    if (request.user) return `member:${request.user.memberId}`;
    return `address:${request.ip ? normalizeIp(request.ip) : 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new RateLimitedError(
      'TOO_MANY_OPERATIONS',
      `More than ${limit.limit} operations in ${limit.ttl / 1000} s: try again in ${limit.timeToBlockExpire} s`,
      Math.max(1, limit.timeToBlockExpire),
    );
  }
}
