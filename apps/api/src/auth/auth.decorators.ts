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

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => {
    const principal = requestOf(context).user;
    if (!principal) throw new Error('CurrentPrincipal used on an operation without authentication');
    return principal;
  },
);

export const ClientIp = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  return requestOf(context).ip ?? 'unknown';
});
