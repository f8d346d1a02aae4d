// The raw baseline: a plain Node `http` server with a `pg` pool of the API's size that, for every
// request, runs exactly the SQL statements the API issued for one captured request (same text,
// same parameters, the same statements in parallel where the API ran them in parallel) and
// answers their rows as JSON. What the API adds on top of this is the cost of the stack.
// Usage: node dist/bench/baseline-server.js <plan.json>   (PORT, DATABASE_URL, POOL_SIZE)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Pool } from 'pg';

export interface ReplayStatement {
  text: string;
  values: unknown[];
  // Prepared under this name, as the API prepared it.
  name?: string;
  // indexes of the statements that had finished before this one started
  after: number[];
  rowCount: number;
}

const TRANSACTION = /^\s*(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT)/i;

function main(): void {
  const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as ReplayStatement[];
  if (plan.some((statement) => TRANSACTION.test(statement.text))) {
    throw new Error('the captured request uses a transaction; the replay supports reads only');
  }
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.POOL_SIZE ?? 10),
    application_name: 'council-bench-baseline',
    options: '-c TimeZone=UTC',
  });

  const replay = async (): Promise<unknown[][]> => {
    const done: Array<Promise<unknown[]>> = [];
    for (const statement of plan) {
      const before = statement.after.map((index) => done[index]);
      done.push(
        (before.length ? Promise.all(before) : Promise.resolve()).then(
          async () => (await pool.query(statement)).rows as unknown[],
        ),
      );
    }
    return Promise.all(done);
  };

  const server = createServer((req, res) => {
    if (req.url === '/ready') {
      res.writeHead(200).end('ok');
      return;
    }
    // Read the request body as the API does, then replay.
    req.on('data', () => undefined);
    req.on('end', () => {
      replay().then(
        (results) => {
          const body = JSON.stringify({ data: results });
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

main();
