import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, DomainErrorKind, FieldErrors, assertNever } from '@council/core';

// API.md: the only codes a client ever sees.
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR';

export function codeForKind(kind: DomainErrorKind): ApiErrorCode {
  switch (kind) {
    case 'VALIDATION':
      return 'BAD_USER_INPUT';
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'CONFLICT':
      return 'CONFLICT';
    case 'FORBIDDEN':
      return 'FORBIDDEN';
    case 'UNAUTHENTICATED':
      return 'UNAUTHENTICATED';
    case 'RATE_LIMITED':
      return 'TOO_MANY_REQUESTS';
    default:
      return assertNever(kind, 'error kind');
  }
}

const HTTP_STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BAD_USER_INPUT',
  429: 'TOO_MANY_REQUESTS',
};

// Errors that graphql-js / Apollo raise before execution (syntax, validation, variable coercion,
// armor limits): the client's request is at fault.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
]);

const logger = new Logger('GraphQLErrors');

// "Did you mean …?" names fields, arguments, types and enum values: it leaks the schema that
// disabled introspection hides. Apollo and armor strip it from validation errors only; variable
// coercion errors (an unknown enum value or input field in $variables) carry it too.
const SUGGESTION = /\s*Did you mean\b[^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

// The one boundary between domain errors and the API: exhaustive, and nothing internal leaks.
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const message = withoutSuggestions(formatted.message);
  const base = { message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: codeForKind(original.kind),
        reason: original.reason,
        ...(original.fields ? { fields: original.fields } : {}),
        ...('retryAfterSeconds' in original
          ? { retryAfterSeconds: original.retryAfterSeconds }
          : {}),
      },
    };
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()];
    if (code)
      return { ...base, message: httpMessage(original), extensions: { code, reason: code } };
  }
  const upstreamCode = formatted.extensions?.code;
  if (typeof upstreamCode === 'string' && REQUEST_ERROR_CODES.has(upstreamCode)) {
    return {
      message,
      locations: formatted.locations,
      extensions: { code: 'BAD_USER_INPUT', reason: upstreamCode },
    };
  }
  if (typeof upstreamCode === 'string' && upstreamCode in CODE_PASSTHROUGH) {
    return { ...base, extensions: { code: upstreamCode, reason: upstreamCode } };
  }
  logger.error({ err: original, path: formatted.path }, 'Unhandled error in a GraphQL operation');
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

const CODE_PASSTHROUGH: Record<string, true> = { UNAUTHENTICATED: true, FORBIDDEN: true };

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}

export function fieldErrorsOf(error: DomainError): FieldErrors | undefined {
  return error.fields;
}
