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

  pg.Client.prototype.query = function (
    this: object,
    config: unknown,
    values?: unknown,
    cb?: unknown,
  ) {
    const result = original.call(this, config, values, cb);
    const log = recording;
    if (!log) return result;
    if (!connections.has(this)) connections.set(this, nextConnection++);
    const text = typeof config === 'string' ? config : (config as { text?: string }).text;
    const statement: CapturedStatement = {
      text: text ?? '',
      values: Array.isArray(values) ? (values as unknown[]) : [],
      connection: connections.get(this)!,
      startedAt: performance.now(),
      endedAt: 0,
      rowCount: 0,
    };
    log.push(statement);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<{ rowCount?: number | null; rows?: unknown[] }>).then(
        (res) => {
          statement.endedAt = performance.now();
          statement.rowCount = res?.rows?.length ?? res?.rowCount ?? 0;
        },
        () => {
          statement.endedAt = performance.now();
        },
      );
    }
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
