import DataLoader from 'dataloader';

// Longest a batch waits for the others of its request: meant for a batch function that waited on
// a batch of its own request without being declared composite, it is also reached when a batch is
// merely slow (a loaded machine), and a level then goes early (README, Performance).
const SAFETY_VALVE_MS = 100;

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
      else this.valve ??= setTimeout(() => this.flush(), SAFETY_VALVE_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.valve);
    this.valve = undefined;
    const ready = this.waiting;
    this.waiting = [];
    for (const dispatch of ready) dispatch();
  }
}
