import { sleep } from './deadline';
import { Outcome } from './http';

export interface LoadOptions {
  workers: number;
  // Hard bound: no request starts after this, even if stop() is never called.
  maxDurationMs: number;
  // One request of one worker; seq counts that worker's requests from 0.
  send(worker: number, seq: number): Promise<Outcome>;
  // Breathing room after a failure, so a refused port is not hammered in a tight loop.
  pauseAfterFailureMs?: number;
  pauseBetweenMs?: number;
  // A worker whose work is done stops: e.g. a voter once its ballot is acknowledged (or refused
  // as already cast), while one whose request was lost keeps retrying.
  isDone?(outcome: Outcome): boolean;
  // When a worker sends its first request, counted from the start (default 0): arrivals in waves
  // instead of all at once. A worker waiting to start has nothing in flight.
  startDelayMs?(worker: number): number;
}

export interface RunningLoad {
  // Every outcome so far, in order of completion.
  readonly outcomes: Outcome[];
  // Requests sent but not answered yet, with their start times.
  inFlight(): Array<{ worker: number; seq: number; startedAt: number }>;
  // Settles when every worker has stopped: all done (isDone), stopped, or past the deadline.
  readonly finished: Promise<void>;
  // Stops starting new requests, waits for those in flight (each has its own client deadline).
  stop(): Promise<Outcome[]>;
}

// N workers, each sending one request at a time, recording every outcome (acknowledged or not).
export function startLoad(options: LoadOptions): RunningLoad {
  const outcomes: Outcome[] = [];
  const pending = new Map<string, { worker: number; seq: number; startedAt: number }>();
  const deadline = Date.now() + options.maxDurationMs;
  let stopped = false;
  const worker = async (index: number) => {
    // Waits in small steps, so stop() is not held up by a worker that has not started yet.
    const startAt = Date.now() + (options.startDelayMs?.(index) ?? 0);
    while (!stopped && Date.now() < startAt) {
      await sleep(Math.min(50, startAt - Date.now()));
    }
    for (let seq = 0; !stopped && Date.now() < deadline; seq += 1) {
      const key = `${index}:${seq}`;
      pending.set(key, { worker: index, seq, startedAt: Date.now() });
      let outcome: Outcome;
      try {
        outcome = await options.send(index, seq);
      } catch (error) {
        const now = Date.now();
        outcome = {
          kind: 'network-error',
          networkError: `send threw: ${error instanceof Error ? error.message : String(error)}`,
          startedAt: pending.get(key)!.startedAt,
          endedAt: now,
        };
      }
      pending.delete(key);
      outcomes.push({ ...outcome, worker: index, seq });
      if (options.isDone?.(outcome)) return;
      const pause =
        outcome.kind === 'ok' ? (options.pauseBetweenMs ?? 0) : (options.pauseAfterFailureMs ?? 50);
      if (pause > 0) await sleep(pause);
    }
  };
  const done = Promise.all(
    Array.from({ length: options.workers }, (_, index) => worker(index)),
  ).then(() => undefined);
  return {
    outcomes,
    inFlight: () => [...pending.values()],
    finished: done,
    async stop() {
      stopped = true;
      await done;
      return outcomes;
    },
  };
}
