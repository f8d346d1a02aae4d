import { BenchContext, startApi } from '../context';
import { body } from '../graphql';
import { LoadResult, describeFailures, median, percentile, runLoad } from '../load';
import { Service, sleep } from '../processes';
import { PASSWORD } from '../dataset';
import { ScenarioEntry, round } from '../report';
import { SETTINGS, TARGETS } from '../settings';
import { LOGIN_MUTATION, meetingBody, validateLogin, validateMeeting } from './queries';

// Scenario 7: bursts of 20 concurrent log-ins (argon2id each) while the meeting(id) load runs,
// against the same load alone. Log-ins are of distinct members, all with the right password.
// This API instance is not pinned: argon2 runs on libuv's thread pool, and pinned to one core it
// would queue behind the event loop (20 × ~24 ms of hashing cannot fit in 300 ms on one core).
export async function loginStormScenario(
  context: BenchContext,
  tokens: string[],
): Promise<ScenarioEntry> {
  const api = await startApi(context, 'api-unpinned', {}, undefined, false);
  try {
    return await measure(context, api, tokens);
  } finally {
    await api.stop();
  }
}

async function measure(
  context: BenchContext,
  api: Service,
  tokens: string[],
): Promise<ScenarioEntry> {
  const meetingId = context.dataset.meetingIds[0];
  const meetingLoad = (seconds: number) =>
    runLoad({
      url: api.url,
      connections: SETTINGS.meetingClients,
      seconds,
      headers: (i) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` }),
      body: () => meetingBody(meetingId),
      validate: validateMeeting,
    });
  let nextMember = 1000;
  const burst = () => {
    const first = nextMember;
    nextMember += SETTINGS.loginsPerBurst;
    return runLoad({
      url: api.url,
      connections: SETTINGS.loginsPerBurst,
      amount: SETTINGS.loginsPerBurst,
      body: (i) =>
        body(LOGIN_MUTATION, {
          input: { email: context.dataset.emailOf(first + i), password: PASSWORD },
        }),
      validate: validateLogin,
    });
  };

  const warmup = await meetingLoad(SETTINGS.warmupSeconds);
  const alone: LoadResult[] = [];
  const during: LoadResult[] = [];
  const logins: LoadResult[] = [];
  const seconds = SETTINGS.runSeconds;
  for (let rep = 0; rep < SETTINGS.repetitions; rep++) {
    alone.push(await meetingLoad(seconds));
    const load = meetingLoad(seconds);
    // Bursts spread over the middle of the run.
    const gapMs = ((seconds - 2) * 1000) / SETTINGS.loginBursts;
    await sleep(1000);
    for (let b = 0; b < SETTINGS.loginBursts; b++) {
      const started = Date.now();
      logins.push(await burst());
      await sleep(Math.max(0, gapMs - (Date.now() - started)));
    }
    during.push(await load);
  }

  const loginLatencies = logins.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const loginP99 = percentile(loginLatencies, 99);
  const aloneP99 = median(alone.map((r) => r.p99Ms));
  const duringP99 = median(during.map((r) => r.p99Ms));
  const failure = [warmup, ...alone, ...during, ...logins]
    .map(describeFailures)
    .find((problem) => problem !== null);
  const ratio = duringP99 / aloneP99;
  return {
    name: `${SETTINGS.loginsPerBurst} concurrent logins during the meeting(id) load`,
    measures: `API not pinned; ${SETTINGS.loginBursts} bursts of ${SETTINGS.loginsPerBurst} simultaneous log-ins per repetition, during a ${seconds} s meeting(id) run at c=${SETTINGS.meetingClients}`,
    measured: {
      loginP50Ms: percentile(loginLatencies, 50),
      loginP99Ms: loginP99,
      logins: loginLatencies.length,
      meetingP99Ms: duringP99,
      meetingRps: median(during.map((r) => r.rps)),
    },
    baseline: { meetingP99Ms: aloneP99, meetingRps: median(alone.map((r) => r.rps)) },
    ratio,
    target: `login p99 ≤ ${TARGETS.loginP99Ms} ms; meeting p99 ≤ ${TARGETS.meetingP99UnderLogins}× alone`,
    met: !failure && loginP99 <= TARGETS.loginP99Ms && ratio <= TARGETS.meetingP99UnderLogins,
    notes: [
      `meeting p99 per repetition: alone ${alone.map((r) => round(r.p99Ms, 1)).join(' / ')}; with log-ins ${during.map((r) => round(r.p99Ms, 1)).join(' / ')}`,
    ],
    ...(failure ? { error: failure } : {}),
  };
}
