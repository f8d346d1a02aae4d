import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Permission, Principal } from '@council/access';

export const IS_PUBLIC = 'council:isPublic';
export const REQUIRED_PERMISSION = 'council:permission';

// Opts an operation out of authentication (login, refreshSession, acceptInvitation, health).
export const Public = () => SetMetadata(IS_PUBLIC, true);

// The permission an operation needs; the global guard refuses operations that declare neither.
export const Can = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export interface RequestWithPrincipal {
  user?: Principal;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

export function requestOf(context: ExecutionContext): RequestWithPrincipal {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestWithPrincipal }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithPrincipal>();
}

// The caller, for an operation that requires authentication. Field resolvers on Nest's fast path
// (no parameter decorators) call it with the context's request.
export function principalOf(request: RequestWithPrincipal): Principal {
  const principal = request.user;
  if (!principal) throw new Error('CurrentPrincipal used on an operation without authentication');
  return principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  principalOf(requestOf(context)),
);

export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return requestOf(context).ip ?? 'unknown';
});
