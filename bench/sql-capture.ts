// Preloaded (`node -r dist/bench/sql-capture.js`) into an API instance used only to capture SQL:
// it wraps pg's Client#query so the statements of one request can be recorded exactly as the app
// sends them (text, parameters, which connection, when each started and ended). No app change.
// Control: the first SIGUSR2 starts a recording, the next one writes it to BENCH_SQL_CAPTURE_FILE
// (`<file>.armed` is written when a recording has started).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface CapturedStatement {
  text: string;
  values: unknown[];
  // A prepared statement's name, when the app gave one.
  name?: string;
  connection: number;
  startedAt: number;
  endedAt: number;
  rowCount: number;
}

interface PgClientPrototype {
  query(this: object, config: unknown, values?: unknown, callback?: unknown): unknown;
}

const file = process.env.BENCH_SQL_CAPTURE_FILE;
if (file) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: PgClientPrototype } };
  const original = pg.Client.prototype.query;
  const connections = new WeakMap<object, number>();
  let nextConnection = 1;
  let recording: CapturedStatement[] | null = null;

  // pg's Client#query takes (text, values?, callback?), (config, callback?) with config
  // { text, values, name }, or a Submittable (a stream or cursor) that it returns as it is. The first
  // two forms are recorded with their parameters and timed through the promise or the callback; a
  // Submittable cannot be timed here and is recorded with endedAt NaN, which the runner refuses.
  pg.Client.prototype.query = function (
    this: object,
    config: unknown,
    values?: unknown,
    cb?: unknown,
  ) {
    const log = recording;
    if (!log) return original.call(this, config, values, cb);
    if (!connections.has(this)) connections.set(this, nextConnection++);
    const object =
      typeof config === 'object' && config !== null
        ? (config as { text?: string; values?: unknown; name?: string; submit?: unknown })
        : null;
    const statement: CapturedStatement = {
      text: typeof config === 'string' ? config : (object?.text ?? ''),
      values: Array.isArray(values)
        ? (values as unknown[])
        : Array.isArray(object?.values)
          ? (object.values as unknown[])
          : [],
      ...(object?.name ? { name: object.name } : {}),
      connection: connections.get(this)!,
      startedAt: performance.now(),
      endedAt: 0,
      rowCount: 0,
    };
    log.push(statement);
    const finish = (res?: { rowCount?: number | null; rows?: unknown[] }) => {
      statement.endedAt = performance.now();
      statement.rowCount = res?.rows?.length ?? res?.rowCount ?? 0;
    };
    if (object && typeof object.submit === 'function') {
      statement.endedAt = NaN;
      return original.call(this, config, values, cb);
    }
    const callback = typeof values === 'function' ? values : typeof cb === 'function' ? cb : null;
    if (callback) {
      const timed = (error: unknown, res: { rows?: unknown[] }) => {
        finish(error ? undefined : res);
        return (callback as (error: unknown, res: unknown) => unknown)(error, res);
      };
      return typeof values === 'function'
        ? original.call(this, config, timed)
        : original.call(this, config, values, timed);
    }
    const result = original.call(this, config, values) as Promise<{ rows?: unknown[] }>;
    result.then(finish, () => finish());
    return result;
  };

  process.on('SIGUSR2', () => {
    if (!recording) {
      recording = [];
      writeFileSync(`${file}.armed`, '1');
      return;
    }
    const done = recording;
    recording = null;
    writeFileSync(file, JSON.stringify(done));
  });
}
