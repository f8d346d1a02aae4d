import { Logger } from '@nestjs/common';
import DataLoader from 'dataloader';

// Longest a level's batches wait for a running batch of their request before they go anyway. The
// wait is bounded for a batch function that loads through the request's loaders without being
// declared composite: it waits on the very batches waiting for it, and would hang the request (a
// mistake, hence the warning). A batch merely slower than this (a database under heavy load) also
// lets the level go early, and the page then sends a statement more or fewer: at 100 ms a loaded
// test run did, where a whole request normally takes a few milliseconds.
export const SAFETY_VALVE_MS = 1_000;

const logger = new Logger('BatchScheduler');
let valveReleases = 0;

// How many times a level went before its request's running batches had answered, since the process
// started: the tests that compare a page's statements check it first, to name the cause.
export const SafetyValve = {
  get releases(): number {
    return valveReleases;
  },
};

// Dispatches the DataLoader batches of one request level by level. With DataLoader's default
// (dispatch on the next tick), how many queries a response costs depends on timing: when the
// agenda and the attendance of a meeting are read in parallel, presenters and attendees are one
// members query if both answers arrive in the same tick, two otherwise. Here a batch waits until no
// other batch of the request is running, so each level of the response costs one query per kind of
// row, whatever the timing: the SQL statements per request are the same on every run.
export class BatchScheduler {
  private running = 0;
  private waiting: Array<() => void> = [];
  private armed = false;
  private valve?: NodeJS.Timeout;

  loader<K, V, C = K>(
    batch: DataLoader.BatchLoadFn<K, V>,
    options: Omit<DataLoader.Options<K, V, C>, 'batchScheduleFn'> = {},
  ): DataLoader<K, V, C> {
    return new DataLoader<K, V, C>(
      async (keys) => {
        this.running += 1;
        try {
          return await batch(keys);
        } finally {
          this.running -= 1;
          this.arm();
        }
      },
      { ...options, batchScheduleFn: (dispatch) => this.enqueue(dispatch) },
    );
  }

  // For a batch function that only loads through this request's loaders (it runs no SQL itself):
  // dispatched at once, so the loads it makes join the level it was asked at, and it never holds
  // the others back (they are what it waits for).
  compositeLoader<K, V, C = K>(
    batch: DataLoader.BatchLoadFn<K, V>,
    options: Omit<DataLoader.Options<K, V, C>, 'batchScheduleFn'> = {},
  ): DataLoader<K, V, C> {
    return new DataLoader<K, V, C>(batch, options);
  }

  private enqueue(dispatch: () => void): void {
    this.waiting.push(dispatch);
    this.arm();
  }

  // setImmediate runs once every pending microtask has: by then the resolvers that a finished batch
  // unblocked have asked for everything they need next.
  private arm(): void {
    if (this.armed || this.waiting.length === 0) return;
    this.armed = true;
    setImmediate(() => {
      this.armed = false;
      if (this.running === 0) this.flush();
      else this.valve ??= setTimeout(() => this.release(), SAFETY_VALVE_MS);
    });
  }

  private release(): void {
    valveReleases += 1;
    logger.warn(
      `${this.waiting.length} batch(es) waited ${SAFETY_VALVE_MS} ms for ${this.running} running ` +
        'batch(es) of their request and were sent: the database is slow, or a batch function ' +
        'that loads through the request loaders is not declared with compositeLoader',
    );
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.valve);
    this.valve = undefined;
    const ready = this.waiting;
    this.waiting = [];
    for (const dispatch of ready) dispatch();
  }
}
