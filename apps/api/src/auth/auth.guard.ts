import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import { GraphQLResolveInfo, OperationTypeNode } from 'graphql';
import { invalidAccessToken } from '@council/accounts';
import { Permission, Principal } from '@council/access';
import { ForbiddenError, UnauthenticatedError } from '@council/core';
import { IS_PUBLIC, REQUIRED_PERMISSION, RequestWithPrincipal, requestOf } from './auth.decorators';
import { bearerTokenOf } from './jwt.strategy';
import { OperationRateGuard } from './operation-rate.guard';

const QUERY_AUTHENTICATION = Symbol('queryAuthentication');

// The one global guard: authenticates every operation unless it is @Public, then checks the
// permission it declares against the caller's roles of this instant. Fails closed: an operation
// that declares no permission is refused.
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly rate: OperationRateGuard,
  ) {
    super();
  }

  override getRequest(context: ExecutionContext) {
    return requestOf(context);
  }

  // Every operation counts against the rate limit, refused ones too (a dead token, a missing
  // permission): by member once authenticated, else by address. Over the limit, the rate refusal
  // is the answer.
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await this.authorize(context);
    } finally {
      await this.rate.canActivate(context);
    }
  }

  private async authorize(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    const request: RequestWithPrincipal & { [QUERY_AUTHENTICATION]?: Promise<unknown> } =
      requestOf(context);
    // The root fields of a query authenticate once per request: they start together, so they share
    // the first one's check rather than each finding no principal yet. Those of a mutation run one
    // after another and each authenticates anew: a `logout` (or a suspension) by an earlier one
    // ends the session for the later ones, and each acts with the roles of its own moment.
    if (isMutation(context)) {
      request.user = undefined;
      await super.canActivate(context);
    } else if (!request.user) {
      await (request[QUERY_AUTHENTICATION] ??= Promise.resolve(super.canActivate(context)));
    }
    const principal = request.user;
    if (!principal) throw new UnauthenticatedError();
    if (!permission) throw new ForbiddenError('NO_PERMISSION_DECLARED');
    if (!principal.can(permission)) throw new ForbiddenError('PERMISSION_DENIED');
    return true;
  }

  // passport-jwt fails without an error both when no token came and when jsonwebtoken refused one
  // (signature, algorithm, issuer, audience): a token that came is answered as invalid, so a client
  // knows to renew it rather than that it forgot to send one.
  override handleRequest<TUser = Principal>(
    error: unknown,
    user: TUser | false,
    _info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (error instanceof Error) throw error;
    if (user) return user;
    if (bearerTokenOf(requestOf(context))) throw invalidAccessToken();
    throw new UnauthenticatedError();
  }
}

function isMutation(context: ExecutionContext): boolean {
  return (
    context.getType<string>() === 'graphql' &&
    GqlExecutionContext.create(context).getInfo<GraphQLResolveInfo>().operation.operation ===
      OperationTypeNode.MUTATION
  );
}
