// One HTTP exchange with the API as the fault suite sees it: what was asked, when, and how it
// ended. Every request carries a client-side deadline, so nothing here can hang a test.
export type OutcomeKind =
  'ok' | 'graphql-error' | 'http-error' | 'network-error' | 'client-timeout';

export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface Outcome {
  kind: OutcomeKind;
  startedAt: number;
  endedAt: number;
  status?: number;
  data?: Record<string, any> | null;
  errors?: GraphQLErrorBody[];
  raw?: string;
  // Network errors: the errno (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET...).
  networkError?: string;
  // Set by load generators: which worker sent it, its sequence number, what it was about.
  worker?: number;
  seq?: number;
  tag?: string;
}

export const durationOf = (outcome: Outcome) => outcome.endedAt - outcome.startedAt;

export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; timeoutMs?: number } = {},
): Promise<Outcome> {
  const startedAt = Date.now();
  let response: Response;
  let raw: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    raw = await response.text();
  } catch (error) {
    return { ...failureOf(error), startedAt, endedAt: Date.now() };
  }
  const endedAt = Date.now();
  let body: { data?: Record<string, any> | null; errors?: GraphQLErrorBody[] } = {};
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return { kind: 'http-error', status: response.status, raw, startedAt, endedAt };
  }
  const kind: OutcomeKind = body.errors?.length
    ? 'graphql-error'
    : response.ok && body.data
      ? 'ok'
      : 'http-error';
  return {
    kind,
    status: response.status,
    data: body.data,
    errors: body.errors,
    raw,
    startedAt,
    endedAt,
  };
}

export async function getStatus(
  url: string,
  timeoutMs = 3000,
): Promise<{ status: number | 'unreachable'; body?: string; at: number }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return { status: response.status, body, at: Date.now() };
  } catch {
    return { status: 'unreachable', at: Date.now() };
  }
}

function failureOf(error: unknown): Pick<Outcome, 'kind' | 'networkError'> {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'client-timeout' };
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return {
    kind: 'network-error',
    networkError: code ?? (error instanceof Error ? error.message : String(error)),
  };
}

// What "a clean, retryable database error" means for a client (error-mapping.ts): the documented
// code, a reason, retryable, and nothing internal in the whole body.
export const RETRYABLE_DATABASE_REASONS = [
  'DATABASE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'DATABASE_CONFLICT',
];

const LEAKS = [
  /\bat \S+ \(/, // stack frame
  /\.(ts|js):\d+/, // file path
  /\/work\/|node_modules/,
  /\bSELECT\b|\bINSERT\b|\bUPDATE\b|\bFROM\b/i,
  /\bpg_|sqlstate|57P0|55P03|57014|ECONN|terminat|timeout exceeded|lock timeout|statement timeout/i,
  /\b(member|auth_session|organization|audit_entry|seat)\b/, // table names
  /stacktrace|exception/i,
];

export function problemsWithDatabaseError(
  outcome: Outcome,
  reasons = RETRYABLE_DATABASE_REASONS,
): string[] {
  const problems: string[] = [];
  if (outcome.kind !== 'graphql-error') problems.push(`kind ${outcome.kind}, not a GraphQL error`);
  if (outcome.status !== 200) problems.push(`HTTP ${outcome.status}`);
  for (const error of outcome.errors ?? []) {
    const extensions = error.extensions ?? {};
    if (extensions.code !== 'INTERNAL_SERVER_ERROR')
      problems.push(`code ${String(extensions.code)}`);
    if (!reasons.includes(String(extensions.reason)))
      problems.push(`reason ${String(extensions.reason)}`);
    if (extensions.retryable !== true) problems.push('not marked retryable');
  }
  for (const leak of LEAKS) {
    if (leak.test(outcome.raw ?? '')) problems.push(`body matches ${String(leak)}`);
  }
  return problems;
}

// For expect(): an empty list means every outcome is a clean retryable database error.
export function uncleanFailures(outcomes: Outcome[], reasons = RETRYABLE_DATABASE_REASONS) {
  return outcomes
    .map((outcome) => ({ outcome, problems: problemsWithDatabaseError(outcome, reasons) }))
    .filter((entry) => entry.problems.length > 0)
    .map(({ outcome, problems }) => ({
      problems,
      raw: outcome.raw,
      networkError: outcome.networkError,
    }));
}

export function summarise(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key =
      outcome.kind === 'graphql-error'
        ? `graphql-error:${String(outcome.errors?.[0]?.extensions?.reason ?? outcome.errors?.[0]?.extensions?.code)}`
        : outcome.kind === 'network-error'
          ? `network-error:${outcome.networkError}`
          : outcome.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
