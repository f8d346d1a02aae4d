import { ApiProcess, Exit } from './api-process';
import { sleep } from './deadline';
import { Outcome } from './http';
import { startLoad } from './load';

export interface CrashRestartOptions {
  api: ApiProcess;
  workers: number;
  // One request; use api.graphqlUrl (the port survives the restart) and tag what it was about
  // (e.g. the organisation name, or later the voter), so acknowledged work can be checked.
  send(worker: number, seq: number): Promise<Outcome>;
  isDone?(outcome: Outcome): boolean;
  // Staggered arrivals (see LoadOptions.startDelayMs).
  startDelayMs?(worker: number): number;
  // A worker's pause after a failure (default 50 ms): many workers retrying against the dead port
  // must not starve the restarting server of CPU.
  pauseAfterFailureMs?: number;
  // Load before the SIGKILL, load against the dead port, load after the restart (at most: it
  // ends as soon as every worker is done, when isDone is given).
  loadBeforeKillMs: number;
  downtimeMs: number;
  loadAfterRestartMs: number;
}

export interface CrashRestartResult {
  outcomes: Outcome[];
  // Acknowledged: the client got a success answer. Each of these must be stored.
  acknowledged: Outcome[];
  // Sent but not answered when the process died: these may or may not be stored.
  inFlightAtKill: Array<{ worker: number; seq: number; startedAt: number }>;
  killedAt: number;
  exit: Exit;
  restarted: ApiProcess;
  restartedAt: number;
}

// SIGKILL the API in the middle of a load, keep the clients going, start it again on the same
// database and port, and hand back everything the clients saw. Bounded: the whole run takes
// loadBeforeKillMs + downtimeMs + start-up (≤ 30 s) + loadAfterRestartMs.
export async function crashAndRestartUnderLoad(
  options: CrashRestartOptions,
): Promise<CrashRestartResult> {
  const load = startLoad({
    workers: options.workers,
    maxDurationMs:
      options.loadBeforeKillMs + options.downtimeMs + 30_000 + options.loadAfterRestartMs,
    send: options.send,
    isDone: options.isDone,
    startDelayMs: options.startDelayMs,
    pauseAfterFailureMs: options.pauseAfterFailureMs ?? 50,
  });
  let restarted: ApiProcess | undefined;
  try {
    await sleep(options.loadBeforeKillMs);
    const inFlightAtKill = load.inFlight();
    const killedAt = Date.now();
    const exit = await options.api.kill();
    await sleep(options.downtimeMs);
    restarted = await options.api.restart();
    const restartedAt = Date.now();
    // The timer is cancelled when the workers finish first: it must not keep Jest waiting.
    const timer = new AbortController();
    await Promise.race([
      sleep(options.loadAfterRestartMs, undefined, { signal: timer.signal }).catch(() => undefined),
      load.finished,
    ]);
    timer.abort();
    const outcomes = await load.stop();
    return {
      outcomes,
      acknowledged: outcomes.filter((outcome) => outcome.kind === 'ok'),
      inFlightAtKill,
      killedAt,
      exit,
      restarted,
      restartedAt,
    };
  } catch (error) {
    await load.stop();
    await restarted?.kill();
    throw error;
  }
}
