import { BenchContext } from '../context';
import { LoadResult, describeFailures, median, runLoad } from '../load';
import { ScenarioEntry, round } from '../report';
import { SETTINGS, TARGETS } from '../settings';
import { meetingsBody, validateMeetings } from './queries';

// Scenario 2: meetings(first: N) with agendas and presenters for N = 1, 10, 100. The SQL statements
// per request (captured) must not grow with N (DataLoaders batch each level into one query), and
// the time per request (one client, mean latency) may grow at most 4× from 10 to 100 meetings.
export async function meetingsListScenario(
  context: BenchContext,
  statementsPerN: Map<number, number>,
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
  for (const first of sizes) await load(first, SETTINGS.warmupSeconds);
  const runs = new Map<number, LoadResult[]>(sizes.map((first) => [first, []]));
  for (let rep = 0; rep < SETTINGS.repetitions; rep++) {
    for (const first of sizes) runs.get(first)!.push(await load(first, seconds));
  }
  const meanMs = (first: number) => median(runs.get(first)!.map((r) => r.meanMs));
  const failure = [...runs.values()]
    .flat()
    .map(describeFailures)
    .find((problem) => problem !== null);
  const counts = sizes.map((first) => statementsPerN.get(first) ?? NaN);
  const constant = counts.every((count) => count === counts[0] && Number.isFinite(count));
  const [small, middle, large] = sizes;
  const ratio = meanMs(large) / meanMs(middle);
  const measured: Record<string, number> = {};
  for (const first of sizes) {
    measured[`ms(N=${first})`] = meanMs(first);
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
      `SQL statements per request: ${sizes.map((n, i) => `N=${n}: ${counts[i]}`).join(', ')}`,
      `server CPU ms per request: ${sizes.map((n) => `N=${n}: ${round(cpu(n), 2)}`).join(', ')}`,
      `rps at one client: ${sizes.map((n) => `N=${n}: ${round(median(runs.get(n)!.map((r) => r.rps)), 0)}`).join(', ')}`,
    ],
    ...(failure ? { error: failure } : {}),
  };
}
