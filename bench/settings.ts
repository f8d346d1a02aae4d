import { cpus } from 'node:os';

// Everything the benchmark varies, in one place. BENCH_QUICK=1 shortens every run (for working on
// the harness itself; its figures are not comparable with a full run).
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const int = (name: string, fallback: number) => {
  const value = env[name];
  return value && /^\d+$/.test(value) ? Number(value) : fallback;
};

export const SETTINGS = {
  quick,
  // The dataset is generated from this seed: same seed, same rows (ids, names, agendas, ballots).
  seed: 20191220,
  serverUrl: env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432',
  // DB_POOL_SIZE of the API, and the pool of every baseline: sized to the cores (10–16).
  poolSize: int('BENCH_POOL_SIZE', 10),
  // Pin the servers under test to one core and the load generator to another (the reference
  // method on a 2-core machine). BENCH_PIN=0 lets the scheduler place them.
  pin: env.BENCH_PIN !== '0' && cpus().length >= 2,
  // BENCH_ONLY=meeting,list,logins,cast,close,audit runs a subset (for working on one target).
  only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((name) => name.trim()) : null,
  // BENCH_CPU_PROF=1: API instances write V8 CPU profiles into the run's log directory.
  cpuProfile: env.BENCH_CPU_PROF === '1',
  warmupSeconds: quick ? 1 : 3,
  runSeconds: int('BENCH_SECONDS', quick ? 3 : 10),
  repetitions: int('BENCH_REPETITIONS', quick ? 1 : 3),

  organizations: 24,
  members: 10_000,
  meetings: 120,
  agendaItems: 20,
  attendancePerMeeting: 40,
  meetingClients: 50,
  listSizes: [1, 10, 100],
  voters: 200,
  elections: 10,
  castWarmupRounds: quick ? 1 : 4,
  closeBallots: 10_000,
  closeRepetitions: quick ? 1 : 3,
  auditEntries: 100_000,
  loginBursts: quick ? 2 : 5,
  loginsPerBurst: 20,
};

export const selected = (scenario: string): boolean =>
  SETTINGS.only === null || SETTINGS.only.includes(scenario);

export const TARGETS = {
  meetingRatio: 0.4,
  meetingP99Ms: 60,
  listTimeRatio: 4,
  castRatio: 0.25,
  castMaxMs: 1000,
  closeRatio: 20,
  closeMaxMs: 250,
  verifyRatio: 6,
  verifyMaxMs: 2000,
  safeguardsRatio: 0.9,
  loginP99Ms: 300,
  meetingP99UnderLogins: 2,
};
