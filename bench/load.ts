import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

// One autocannon run whose every response body is validated: a benchmark that counts error
// responses as throughput is worthless.
export interface LoadSpec {
  url: string;
  connections: number;
  // A fixed duration, or a fixed number of requests in all (spread evenly over the connections).
  seconds?: number;
  amount?: number;
  // Per connection (index from 0): each client can carry its own JWT and body.
  headers?: (connection: number) => Record<string, string>;
  body: (connection: number) => string;
  // null when the body is valid, else what is wrong with it.
  validate: (body: string) => string | null;
  // The server's process: its CPU time per request is measured too (robust to a loaded machine).
  serverPid?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  invalid: number;
  non2xx: number;
  status5xx: number;
  errors: number;
  // Requests of a fixed-amount run that got no answer. (A timed run always ends with requests in
  // flight; one that completed nothing measured nothing, and is failed: found by review, it gave a
  // mean of 0 ms and a target "met".)
  unanswered: number;
  problems: string[];
  latencies: number[];
  serverCpuMsPerRequest: number | null;
}

// utime + stime of a process, in ms (Linux /proc; null elsewhere).
export function cpuMsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const problems: string[] = [];
  let invalid = 0;
  let next = 0;
  const latencies: number[] = [];
  let lastResponse = 0n;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const cpuBefore = cpuMsOf(spec.serverPid);
    const instance = autocannon(
      {
        url: spec.url,
        method: 'POST',
        connections: spec.connections,
        ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        body: spec.body(0),
        setupClient: (client) => {
          const index = next++;
          client.setHeadersAndBody(
            { 'content-type': 'application/json', ...(spec.headers?.(index) ?? {}) },
            spec.body(index),
          );
        },
        verifyBody: (body) => {
          const problem = spec.validate(body);
          if (problem === null) return true;
          invalid += 1;
          if (problems.length < 3) problems.push(problem);
          return false;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        // A fixed-amount run ends at autocannon's next one-second tick after its last answer: time
        // it to that answer instead.
        const ended = spec.amount && lastResponse > 0n ? lastResponse : process.hrtime.bigint();
        const seconds = Number(ended - started) / 1e9;
        const sorted = latencies.sort((a, b) => a - b);
        const requests = sorted.length;
        const cpuAfter = cpuMsOf(spec.serverPid);
        resolve({
          requests,
          seconds,
          // Completed responses over the wall time of the run.
          rps: requests / seconds,
          meanMs: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, requests),
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          maxMs: sorted[sorted.length - 1] ?? NaN,
          invalid,
          non2xx: result.non2xx,
          status5xx: result['5xx'],
          errors: result.errors,
          unanswered: spec.amount ? spec.amount - requests : 0,
          problems,
          latencies: sorted,
          serverCpuMsPerRequest:
            cpuBefore !== null && cpuAfter !== null && requests > 0
              ? (cpuAfter - cpuBefore) / requests
              : null,
        });
      },
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      lastResponse = process.hrtime.bigint();
    });
  });
}

export function describeFailures(result: LoadResult): string | null {
  const parts: string[] = [];
  if (result.invalid) parts.push(`${result.invalid} invalid bodies`);
  if (result.non2xx) parts.push(`${result.non2xx} non-2xx`);
  if (result.errors) parts.push(`${result.errors} connection errors/timeouts`);
  if (result.requests === 0) parts.push('no response completed');
  else if (result.unanswered > 0) parts.push(`${result.unanswered} requests unanswered`);
  if (parts.length === 0) return null;
  return `${parts.join(', ')}${result.problems.length ? `; e.g. ${result.problems[0]}` : ''}`;
}

// A GraphQL response is valid when it has data and no errors, and `check` accepts the data.
export function graphqlValidator(
  check: (data: any) => string | null,
): (body: string) => string | null {
  return (body) => {
    let parsed: { data?: unknown; errors?: Array<{ message?: string; extensions?: unknown }> };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return `not JSON: ${body.slice(0, 120)}`;
    }
    if (parsed.errors?.length) return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
    if (!parsed.data) return 'no data';
    return check(parsed.data);
  };
}
