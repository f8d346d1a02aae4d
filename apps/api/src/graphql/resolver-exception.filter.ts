import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

// Nest's default filter logs every error a resolver or guard throws, with its stack and, for a
// QueryFailedError, the SQL and its parameters. GraphQL errors are logged once, sanitised, by
// formatGraphQLError; expected ones (a wrong password, a stale version) are not errors at all.
@Catch()
export class ResolverExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
