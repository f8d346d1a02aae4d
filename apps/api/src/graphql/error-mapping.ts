import { HttpException, Logger } from '@nestjs/common';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ASTNode,
  DocumentNode,
  GraphQLError,
  GraphQLFormattedError,
  Kind,
  ObjectFieldNode,
  OperationDefinitionNode,
  OperationTypeNode,
  Source,
  ValueNode,
  isValueNode,
  parse,
  visit,
} from 'graphql';
import {
  DomainError,
  DomainErrorKind,
  FieldErrors,
  assertNever,
  sameReasonFor,
} from '@council/core';
import { DatabaseFailureKind, databaseFailureOf } from '@council/database';

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

// The request's own logger (pino-http's req.log, which carries the request id), attached to each
// error of the request by requestLogOnErrors below, so that formatError can write through it.
const REQUEST_LOG = Symbol('requestLog');
interface RequestLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

// What the request's line (logging.ts) says of its GraphQL operation: the operation as Apollo
// resolved it (its name, or `query` / `mutation` for an unnamed one, GET or POST) and the reasons
// of the errors it answered with, so that refused log-ins or permissions can be counted from the
// log (the HTTP status is 200 for them).
export interface GraphQLRequestOutcome {
  graphqlOperation?: string;
  graphqlErrors?: string[];
}
const MAX_LOGGED_REASONS = 5;

// An error of a mutation request met after a change of the request was committed: below a root
// field (its resolver has returned, so its transaction has committed) or at a root field after the
// first (root mutations run one after another, and a failed one, non-null, stops the rest). A
// database failure there is not "send the same request again": the request's change is stored.
const AFTER_COMMITTED_MUTATION = Symbol('afterCommittedMutation');

// The response key of the operation's first root field, when it is a plain field: the only place
// where a failure comes before anything of the request is committed. undefined otherwise.
function firstRootKey(operation: OperationDefinitionNode): string | undefined {
  const first = operation.selectionSet.selections[0];
  if (first?.kind !== Kind.FIELD || first.directives?.length) return undefined;
  return (first.alias ?? first.name).value;
}

function afterCommittedMutation(error: unknown): boolean {
  return (
    (error as { [AFTER_COMMITTED_MUTATION]?: boolean } | null)?.[AFTER_COMMITTED_MUTATION] === true
  );
}

export const requestLogOnErrors: ApolloServerPlugin<{
  req?: { log?: RequestLog } & GraphQLRequestOutcome;
}> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName, operation }) {
        if (contextValue.req)
          contextValue.req.graphqlOperation = operationName ?? operation?.operation;
      },
      async didEncounterErrors({ contextValue, errors, operation }) {
        if (operation?.operation === OperationTypeNode.MUTATION) {
          const first = firstRootKey(operation);
          for (const error of errors) {
            const path = error.path;
            if (path && !(path.length === 1 && path[0] === first)) {
              Object.defineProperty(error, AFTER_COMMITTED_MUTATION, { value: true });
            }
          }
        }
        const log = contextValue.req?.log;
        if (!log) return;
        for (const error of errors) Object.defineProperty(error, REQUEST_LOG, { value: log });
      },
      async willSendResponse({ contextValue, response }) {
        const errors =
          response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (!contextValue.req || !errors?.length) return;
        const reasons = errors.map((error) => {
          const reason = error.extensions?.reason ?? error.extensions?.code;
          return typeof reason === 'string' ? reason.slice(0, 100) : 'UNKNOWN';
        });
        contextValue.req.graphqlErrors = [...new Set(reasons)].slice(0, MAX_LOGGED_REASONS);
      },
    };
  },
};

function logFor(error: unknown): RequestLog {
  const log = (error as { [REQUEST_LOG]?: RequestLog } | null)?.[REQUEST_LOG];
  if (!log) return logger;
  return {
    warn: (fields, message) => log.warn({ context: 'GraphQLErrors', ...fields }, message),
    error: (fields, message) => log.error({ context: 'GraphQLErrors', ...fields }, message),
  };
}

// A failure of the database, not of the request: the client may retry the same request shortly.
// Connection lost or refused, no connection within DB_CONNECT_TIMEOUT_MS, cancelled by
// DB_LOCK_TIMEOUT_MS / DB_STATEMENT_TIMEOUT_MS, or aborted by PostgreSQL for a concurrent
// transaction (deadlock, serialization failure). Still INTERNAL_SERVER_ERROR (API.md's list), told
// apart by the reason; no SQL, table or driver message reaches the client.
export const DATABASE_FAILURE_REASONS: Record<DatabaseFailureKind, string> = {
  UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  TIMEOUT: 'DATABASE_TIMEOUT',
  CONFLICT: 'DATABASE_CONFLICT',
  OUTCOME_UNKNOWN: 'DATABASE_OUTCOME_UNKNOWN',
};
const DATABASE_FAILURE_MESSAGES: Record<DatabaseFailureKind, string> = {
  UNAVAILABLE: 'The service is temporarily unavailable, please retry',
  TIMEOUT: 'The service is busy and could not answer in time, please retry',
  CONFLICT: 'The request met a simultaneous change and was not applied, please retry',
  OUTCOME_UNKNOWN:
    'The connection was lost while the change was being saved: it may or may not have been applied; check before repeating it',
};
export const DATABASE_RETRY_AFTER_SECONDS = 1;
// "Did you mean …?" names fields, arguments, types and enum values: it leaks the schema that
// disabled introspection hides. Apollo and armor strip it from validation errors only; variable
// coercion errors (an unknown enum value or input field in $variables) carry it too.
// The hint exactly as graphql-js writes it (didYouMean): ' Did you mean "a"?', '"a" or "b"?',
// '"a", "b", or "c"?', with "the enum value " or "to use an inline fragment on " before the names.
// Names only, so the match ends at the first character that is not part of a hint: a pattern that
// began with \s* or scanned ahead for the "?" took time quadratic in the message, which quotes
// the client's value (100 kB of spaces in a variable: 11 s of CPU, no session needed).
const HINTED_NAME = '"[_A-Za-z][_0-9A-Za-z]*"';
const SUGGESTION = new RegExp(
  ` Did you mean (?:the enum value |to use an inline fragment on )?${HINTED_NAME}(?:,? (?:or )?${HINTED_NAME})*\\?`,
  'g',
);

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

// graphql-armor words its limits (depth, aliases, directives, cost) as "Syntax Error: Query depth
// limit of 10 exceeded…", and graphql-js its token limit as "Syntax Error: Document contains more
// that 2000 tokens": a client developer must not go looking for a typo. Real syntax errors come as
// GRAPHQL_PARSE_FAILED and keep the label.
function withoutSyntaxLabel(message: string): string {
  return message.replace(/^Syntax Error: /, '');
}

const TOKEN_LIMIT =
  /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

function requestErrorMessage(code: string, message: string): string {
  if (code === 'GRAPHQL_VALIDATION_FAILED') return withoutSyntaxLabel(message);
  const tokens = TOKEN_LIMIT.exec(message);
  return tokens ? `The document has more than ${tokens[1]} tokens, the limit` : message;
}

// The one boundary between domain errors and the API: exhaustive, and nothing internal leaks.
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // A variable's coercion error is "<what was given>; <graphql-js's problem>": hints are taken
  // out of the problem only, never out of the quoted value, which is the user's own text.
  const inner = error instanceof GraphQLError ? error.originalError?.message : undefined;
  const problem =
    inner !== undefined && formatted.message.endsWith(`; ${inner}`)
      ? withoutSuggestions(inner)
      : undefined;
  const message =
    problem === undefined
      ? withoutSuggestions(formatted.message)
      : `${formatted.message.slice(0, -(inner!.length + 2))}; ${problem}`;
  const base = { message, locations: formatted.locations, path: formatted.path };

  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: {
        code: codeForKind(original.kind),
        reason: original.reason,
        ...(original.fields
          ? { fields: original.fields, fieldReasons: original.fieldReasons }
          : {}),
        ...('retryAfterSeconds' in original
          ? { retryAfterSeconds: original.retryAfterSeconds }
          : {}),
        ...('currentVersion' in original ? { currentVersion: original.currentVersion } : {}),
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
    const fields =
      (error instanceof GraphQLError ? literalFields(error, problem ?? message) : undefined) ??
      coercionFields(message, problem);
    return {
      message: requestErrorMessage(upstreamCode, message),
      locations: formatted.locations,
      extensions: {
        code: 'BAD_USER_INPUT',
        reason: upstreamCode,
        ...(fields ? { fields, fieldReasons: sameReasonFor(fields, upstreamCode) } : {}),
      },
    };
  }
  if (typeof upstreamCode === 'string' && upstreamCode in CODE_PASSTHROUGH) {
    return { ...base, extensions: { code: upstreamCode, reason: upstreamCode } };
  }
  const failure = databaseFailureOf(original);
  const databaseFailure =
    failure && afterCommittedMutation(error)
      ? { kind: 'OUTCOME_UNKNOWN' as const, cause: `AFTER_MUTATION:${failure.cause}` }
      : failure;
  if (databaseFailure) {
    // The cause only (a SQLSTATE or errno): the error object carries the SQL and its parameters.
    logFor(error).warn(
      { databaseFailure: databaseFailure.cause, path: formatted.path },
      'Database failure in a GraphQL operation',
    );
    return {
      message: DATABASE_FAILURE_MESSAGES[databaseFailure.kind],
      path: formatted.path,
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        reason: DATABASE_FAILURE_REASONS[databaseFailure.kind],
        ...(databaseFailure.kind === 'OUTCOME_UNKNOWN'
          ? { retryable: false }
          : { retryable: true, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS }),
      },
    };
  }
  logFor(error).error(
    { error: describeUnexpected(original), path: formatted.path },
    'Unhandled error in a GraphQL operation',
  );
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL_ERROR' },
  };
}

const CODE_PASSTHROUGH: Record<string, true> = { UNAUTHENTICATED: true, FORBIDDEN: true };

// graphql-js rejects a variable or an argument before any resolver runs ("Variable "$input" got
// invalid value … at "input.startsAt"; DateTime must be …", "Field "login" argument "input" … is
// required"). API.md wants the field named, as class-validator names it: the path inside an input
// object (`startsAt`, `items.0.decisions.1.votesFor`), a list argument with its index
// (`entries.1.status`), or the variable or argument itself.
const VARIABLE_ERROR = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s;
const VARIABLE_PREFIX = /^Variable "\$([^"]+)" got invalid value .*?(?: at "([^"]+)")?$/s;
const VARIABLE_MISSING =
  /^Variable "\$([^"]+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const ARGUMENT_MISSING =
  /^Field "[^"]+" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\.$/;
const INPUT_FIELD_MISSING =
  /^Field "(?:[^".]+\.)?([^"]+)" of required type "[^"]+" was not provided\.$/;

// problem: the inner error's message, when known. The message quotes the invalid value, which
// may itself hold "; " (a text "Adopt; publish"): the problem is then cut off the end instead.
export function coercionFields(message: string, problem?: string): FieldErrors | undefined {
  const missing =
    VARIABLE_MISSING.exec(message) ??
    ARGUMENT_MISSING.exec(message) ??
    INPUT_FIELD_MISSING.exec(message);
  if (missing) return { [missing[1]]: [message] };
  const match =
    problem !== undefined && message.endsWith(`; ${problem}`)
      ? VARIABLE_PREFIX.exec(message.slice(0, -(problem.length + 2)))
      : null;
  if (match) return fieldsAt(match[1], match[2], problem!);
  const guessed = VARIABLE_ERROR.exec(message);
  return guessed ? fieldsAt(guessed[1], guessed[2], guessed[3]) : undefined;
}

// A value written into the document instead of passed as a variable ("startsAt: \"2026-11-20\"")
// is refused with no path in the message, only its node: the node is found again in the document
// and named by the argument and input fields around it, as a variable's would be (found by review:
// GraphiQL users got no `fields`). A required input field left out is named inside the entry that
// lacks it (`items.0.decisions.1.votesFor`), as a variable's is.
export function literalFields(error: GraphQLError, problem: string): FieldErrors | undefined {
  const target = error.nodes?.[0];
  // Only a document that parsed has nodes: one refused by the parser (the token limit among
  // others) is never parsed again, and without the limit (found by review).
  if (!target?.loc || !error.source) return undefined;
  // Only an argument, an input field or a value is indexed: a variable's error (its definition)
  // leaves alone the document Apollo keeps, whose store does not count an index beside it.
  if (!isValueNode(target) && target.kind !== Kind.ARGUMENT && target.kind !== Kind.OBJECT_FIELD) {
    return undefined;
  }
  let step = argumentPathsOf(error.source)?.get(keyOf(target));
  if (!step) return undefined;
  const segments: string[] = [];
  for (; step; step = step.parent) segments.push(step.segment);
  segments.reverse();
  const missing = INPUT_FIELD_MISSING.exec(error.message);
  if (missing && target.kind === Kind.OBJECT) segments.push(missing[1]);
  // As with variables: the argument itself goes unless it is a list (its index names the entry).
  const listArgument = segments.length > 1 && /^\d+$/.test(segments[1]);
  const field = listArgument || segments.length === 1 ? segments : segments.slice(1);
  return { [field.join('.')]: [problem] };
}

// A node inside an argument: its segment (argument name, input field name or list index) and the
// step it is in.
interface PathStep {
  parent: PathStep | undefined;
  segment: string;
}

// Once per request, not once per error: the errors of one document share its Source, and a
// document may bring graphql-js's 100 validation errors. Each node's step is found in one walk of
// the document, so an error costs the depth of its node, not the size of the document again
// (found by review: 100 errors beside a list nested 900 deep took a second of CPU). The Source is
// the request's own (Apollo keeps only documents that passed validation), so the entry goes with it.
const argumentPaths = new WeakMap<Source, Map<string, PathStep> | null>();

function argumentPathsOf(source: Source): Map<string, PathStep> | undefined {
  let paths = argumentPaths.get(source);
  if (paths === undefined) {
    try {
      paths = indexArguments(parse(source));
    } catch {
      paths = null;
    }
    argumentPaths.set(source, paths);
  }
  return paths ?? undefined;
}

function keyOf(node: ASTNode): string {
  return `${node.kind}:${node.loc?.start}`;
}

function indexArguments(document: DocumentNode): Map<string, PathStep> {
  const paths = new Map<string, PathStep>();
  const remember = (node: ASTNode, step: PathStep) => {
    const key = keyOf(node);
    if (!paths.has(key)) paths.set(key, step);
  };
  visit(document, {
    Argument(argument) {
      const root: PathStep = { parent: undefined, segment: argument.name.value };
      remember(argument, root);
      // A stack, not recursion: a value may be nested as deep as the token limit allows.
      const pending: Array<[ValueNode | ObjectFieldNode, PathStep]> = [[argument.value, root]];
      for (let next = pending.pop(); next; next = pending.pop()) {
        const [node, step] = next;
        remember(node, step);
        if (node.kind === Kind.OBJECT_FIELD) pending.push([node.value, step]);
        if (node.kind === Kind.LIST) {
          for (const [index, entry] of node.values.entries()) {
            pending.push([entry, { parent: step, segment: String(index) }]);
          }
        }
        if (node.kind === Kind.OBJECT) {
          for (const field of node.fields) {
            pending.push([field, { parent: step, segment: field.name.value }]);
          }
        }
      }
      return false;
    },
  });
  return paths;
}

function fieldsAt(variable: string, path: string | undefined, problem: string): FieldErrors {
  // "input.items[0].votesFor" → input, items, 0, votesFor. The variable's own name goes, unless it
  // is a list (then the argument is that list, and its index names the entry).
  const segments = path ? path.replace(/\[(\d+)\]/g, '.$1').split('.') : [];
  const listVariable = segments.length > 1 && /^\d+$/.test(segments[1]);
  const inside = (listVariable ? segments : segments.slice(1)).join('.');
  const named = /^Field "([^"]+)"/.exec(problem)?.[1];
  const field = named ? (inside ? `${inside}.${named}` : named) : inside || variable;
  return { [field]: [problem] };
}

// Enough to find the bug, never the SQL, its parameters or a row's values (pino would serialise
// every enumerable property of a QueryFailedError: query, parameters, detail).
function describeUnexpected(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const sqlState = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return {
    name: error.name,
    ...(typeof sqlState === 'string' ? { sqlState } : { message: error.message.slice(0, 200) }),
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : exception.message;
}
