import { BenchContext } from '../context';
import { LoadResult, describeFailures, median, runLoad } from '../load';
import { ScenarioEntry, round } from '../report';
import { SETTINGS, TARGETS } from '../settings';
import type { CapturedStatement } from '../sql-capture';
import { meetingsBody, validateMeetings } from './queries';

// TypeORM writes the page size into the text (LIMIT 11, LIMIT 101): that part may differ.
const statementShape = (statement: CapturedStatement) =>
  `${statement.text
    .replace(/\s+/g, ' ')
    .replace(/\b(LIMIT|OFFSET) \d+/gi, '$1 n')
    .trim()} [${statement.values.length} parameters]`;

// Scenario 2: meetings(first: N) with agendas and presenters for N = 1, 10, 100. The SQL statements
// per request (captured) must not grow with N (DataLoaders batch each level into one query), and
// the time per request (one client, mean latency) may grow at most 4× from 10 to 100 meetings.
export async function meetingsListScenario(
  context: BenchContext,
  capturedPerN: Map<number, CapturedStatement[]>,
  token: string,
): Promise<ScenarioEntry> {
  const sizes = SETTINGS.listSizes;
  const seconds = Math.max(2, Math.round(SETTINGS.runSeconds / 2));
  const load = (first: number, duration: number) =>
    runLoad({
      url: context.api.url,
      serverPid: context.api.child.pid,
      connections: 1,
      seconds: duration,
      headers: () => ({ authorization: `Bearer ${token}` }),
      body: () => meetingsBody(first),
      validate: validateMeetings(first),
    });
  const warmups: LoadResult[] = [];
  for (const first of sizes) warmups.push(await load(first, SETTINGS.warmupSeconds));
  const runs = new Map<number, LoadResult[]>(sizes.map((first) => [first, []]));
  for (let rep = 0; rep < SETTINGS.repetitions; rep++) {
    for (const first of sizes) runs.get(first)!.push(await load(first, seconds));
  }
  const meanMs = (first: number) => median(runs.get(first)!.map((r) => r.meanMs));
  const failure = [...warmups, ...[...runs.values()].flat()]
    .map(describeFailures)
    .find((problem) => problem !== null);
  const statementsPerN = new Map([...capturedPerN].map(([first, list]) => [first, list.length]));
  const counts = sizes.map((first) => statementsPerN.get(first) ?? NaN);
  // Not only as many statements: the same statements (text and number of parameters) for every N.
  const shapes = sizes.map((first) =>
    (capturedPerN.get(first) ?? []).map(statementShape).join('\n'),
  );
  const sameStatements = shapes.every((shape) => shape === shapes[0]);
  const constant =
    sameStatements && counts.every((count) => count === counts[0] && Number.isFinite(count));
  const [small, middle, large] = sizes;
  const ratio = meanMs(large) / meanMs(middle);
  const measured: Record<string, number> = {};
  for (const first of sizes) {
    const of = runs.get(first)!;
    measured[`ms(N=${first})`] = meanMs(first);
    measured[`p50Ms(N=${first})`] = median(of.map((r) => r.p50Ms));
    measured[`p99Ms(N=${first})`] = median(of.map((r) => r.p99Ms));
    measured[`rps(N=${first})`] = median(of.map((r) => r.rps));
    measured[`sql(N=${first})`] = statementsPerN.get(first) ?? NaN;
  }
  const cpu = (first: number) =>
    median(runs.get(first)!.map((r) => r.serverCpuMsPerRequest ?? NaN));
  return {
    name: `meetings(first: N) with agendas, N = ${sizes.join(', ')}`,
    measures:
      'SQL statements per request (captured) for each N; mean time per request with one client',
    measured,
    baseline: { [`ms(N=${small})`]: meanMs(small), [`sql(N=${small})`]: counts[0] },
    ratio,
    target: `SQL/request identical for all N; time(${large})/time(${middle}) ≤ ${TARGETS.listTimeRatio}`,
    met: !failure && constant && ratio <= TARGETS.listTimeRatio,
    notes: [
      `SQL statements per request: ${sizes.map((n, i) => `N=${n}: ${counts[i]}`).join(', ')}; ` +
        (sameStatements ? 'the same statements for every N' : 'the statements differ between N'),
      `server CPU ms per request: ${sizes.map((n) => `N=${n}: ${round(cpu(n), 2)}`).join(', ')}`,
      `rps at one client: ${sizes.map((n) => `N=${n}: ${round(median(runs.get(n)!.map((r) => r.rps)), 0)}`).join(', ')}`,
    ],
    ...(failure ? { error: failure } : {}),
  };
}
