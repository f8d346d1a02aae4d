import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { within, waitFor } from './deadline';
import { Outcome, getStatus, postGraphQL } from './http';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const BUILT_MAIN = join(REPO_ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
export const BUILT_AUDIT_VERIFY = join(
  REPO_ROOT,
  'dist',
  'apps',
  'api',
  'src',
  'cli',
  'audit-verify.js',
);
export const DEMO_PASSWORD = 'council-demo-2026';
export const ADMIN_EMAIL = 'admin@council.example';

export interface ApiProcessOptions {
  databaseUrl: string;
  // Extra settings (DB_POOL_SIZE, DB_LOCK_TIMEOUT_MS, SHUTDOWN_DRAIN_MS...), on top of a
  // production configuration with the demo data.
  env?: Record<string, string>;
  port?: number;
  jwtSecret?: string;
  startTimeoutMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

const running = new Set<ChildProcess>();
// Last resort: a worker that dies mid-test must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The built server (`node dist/apps/api/src/main.js`) as a child process, the way it runs in
// production: start it, signal it, SIGKILL it, start it again on the same port and database.
export class ApiProcess {
  private output = '';
  readonly exited: Promise<Exit>;
  private exit?: Exit;

  private constructor(
    readonly options: Required<Pick<ApiProcessOptions, 'databaseUrl' | 'port' | 'jwtSecret'>> &
      ApiProcessOptions,
    readonly child: ChildProcess,
  ) {
    running.add(child);
    const append = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-500_000);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        this.exit = { code, signal, at: Date.now() };
        // FAULTS_LOG_DIR=/some/dir keeps each process's output for a post-mortem.
        const logDir = process.env.FAULTS_LOG_DIR;
        if (logDir) writeFileSync(join(logDir, `api-${child.pid}.log`), this.output);
        resolve(this.exit);
      });
    });
  }

  static async start(options: ApiProcessOptions): Promise<ApiProcess> {
    if (!existsSync(BUILT_MAIN)) {
      throw new Error(`${BUILT_MAIN} is missing: build first (npm run test:faults does)`);
    }
    const settled = {
      ...options,
      port: options.port ?? (await freePort()),
      jwtSecret: options.jwtSecret ?? randomBytes(32).toString('base64url'),
    };
    const child = spawn(process.execPath, [BUILT_MAIN], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(settled.port),
        DATABASE_URL: settled.databaseUrl,
        JWT_SECRET: settled.jwtSecret,
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: '4',
        // Only the SIGTERM scenario needs the drain period; elsewhere it would only slow stops.
        SHUTDOWN_DRAIN_MS: '0',
        // The scenarios drive their load through a few tokens, hundreds of operations a second:
        // the per-member limit would answer them instead of the fault under test.
        RATE_LIMIT_OPERATIONS: '1000000',
        ...options.env,
      },
    });
    const api = new ApiProcess(settled, child);
    try {
      await waitFor(
        'the start-up banner',
        async () => api.output.includes('Council Portal is running') || !api.isRunning,
        { timeoutMs: options.startTimeoutMs ?? 30_000 },
      );
      if (!api.isRunning) {
        throw new Error(`API exited during start-up (${JSON.stringify(api.exit)}):\n${api.output}`);
      }
      await waitFor('readiness', async () => (await api.readiness()).status === 200, {
        timeoutMs: 10_000,
      });
    } catch (error) {
      await api.kill();
      throw error;
    }
    return api;
  }

  // A new process with the same settings, port and JWT secret (tokens issued before stay valid).
  restart(overrides: Partial<ApiProcessOptions> = {}): Promise<ApiProcess> {
    if (this.isRunning) throw new Error('restart() of a process that is still running');
    return ApiProcess.start({ ...this.options, ...overrides });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get isRunning(): boolean {
    return this.exit === undefined;
  }

  get exitInfo(): Exit | undefined {
    return this.exit;
  }

  get logs(): string {
    return this.output;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get graphqlUrl(): string {
    return `${this.baseUrl}/graphql`;
  }

  readiness(timeoutMs = 3000) {
    return getStatus(`${this.baseUrl}/health/ready`, timeoutMs);
  }

  liveness(timeoutMs = 3000) {
    return getStatus(`${this.baseUrl}/health`, timeoutMs);
  }

  graphql(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; timeoutMs?: number } = {},
  ): Promise<Outcome> {
    return postGraphQL(this.graphqlUrl, query, variables, options);
  }

  async login(email = ADMIN_EMAIL, password = DEMO_PASSWORD): Promise<string> {
    const outcome = await this.graphql(
      'mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken } }',
      { email, password },
    );
    const token = outcome.data?.login?.accessToken as string | undefined;
    if (!token) throw new Error(`login of ${email} failed: ${outcome.raw ?? outcome.kind}`);
    return token;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async waitForExit(timeoutMs: number): Promise<Exit> {
    return within(`exit of API process ${this.pid}`, timeoutMs, this.exited);
  }

  // SIGKILL: no handler runs, no connection is closed by the app.
  async kill(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGKILL');
    return this.waitForExit(5000);
  }

  // SIGTERM, then SIGKILL if it has not left in time.
  async stop(timeoutMs = 12_000): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.kill('SIGTERM');
    try {
      return await this.waitForExit(timeoutMs);
    } catch {
      return this.kill();
    }
  }
}
