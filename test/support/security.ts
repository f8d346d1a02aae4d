import type { GraphQLResponse } from '@council/testing';
import { TestApp, TestAppOptions, createTestApp } from './test-app';

// The only codes a client may ever see (API.md, apps/api/src/graphql/error-mapping.ts).
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
];

// What must never appear in an answer: stacks, driver/ORM internals, SQL, table and constraint
// names, file paths, schema suggestions, framework error pages.
const LEAKS: Array<[string, RegExp]> = [
  ['stack trace', /stacktrace|\bat [\w.<>]+ \(|\n\s+at /i],
  [
    'file path',
    /\/(?:work|home|usr|app|src|node_modules|dist)\/|[A-Z]:\\|\.(?:ts|js|mjs|cjs):\d+/i,
  ],
  [
    'ORM/driver error',
    /QueryFailedError|TypeORM|EntityNotFound|\bpg\b|postgres|sqlstate|23505|22P02/i,
  ],
  [
    'SQL',
    /\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|duplicate key|violates|constraint|relation "/i,
  ],
  [
    'table or constraint name',
    /\buq_\w+|\bfk_\w+|\bpk_\w+|\b(?:auth_session|refresh_token|login_failure|audit_entry)\b/i,
  ],
  ['schema suggestion', /did you mean/i],
  ['framework error page', /<!DOCTYPE|<html|<pre>/i],
];

export function leaksIn(body: string): string[] {
  return LEAKS.filter(([, pattern]) => pattern.test(body)).map(([name]) => name);
}

// Every error of a GraphQL answer carries one documented code, and nothing internal.
export function expectCleanErrors(response: Pick<GraphQLResponse, 'errors' | 'raw'>): void {
  expect(leaksIn(response.raw)).toEqual([]);
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors ?? []) {
    expect(API_ERROR_CODES).toContain(error.extensions?.code);
    expect(Object.keys(error.extensions ?? {})).not.toContain('stacktrace');
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  raw: string;
  json?: { data?: unknown; errors?: GraphQLResponse['errors'] };
}

// A raw HTTP call to the app (for what GraphQLClient does not send: other methods and bodies).
export async function rawRequest(
  t: TestApp,
  init: RequestInit & { path?: string } = {},
): Promise<RawResponse> {
  const response = await fetch(`${t.baseUrl}${init.path ?? '/graphql'}`, init);
  const raw = await response.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(raw) as RawResponse['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, raw, json };
}

// The application as deployed: production settings (introspection and IDE off, limits hidden).
export function createProductionApp(options: TestAppOptions = {}): Promise<TestApp> {
  return createTestApp({ ...options, env: { NODE_ENV: 'production', ...options.env } });
}
