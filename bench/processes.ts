import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SETTINGS } from './settings';

export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

// Compiled app modules, loaded at run time from dist/ (the bench is compiled separately).
export function fromDist<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(DIST, path)) as T;
}

const SERVER_CPU = '1';
const LOAD_CPU = '0';

// The load generator (this process, all its threads) on one core, servers on the other.
export function pinSelf(): void {
  if (!SETTINGS.pin) return;
  spawnSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)], { stdio: 'ignore' });
}

function pinned(command: string, args: string[]): [string, string[]] {
  return SETTINGS.pin ? ['taskset', ['-c', SERVER_CPU, command, ...args]] : [command, args];
}

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

export interface Service {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  preload?: string;
  nodeFlags?: string[];
  // false: let the scheduler use every core (default: pinned when SETTINGS.pin)
  pin?: boolean;
  readyPath: string;
  urlPath: string;
  workDir: string;
}

// Every server started and not yet exited, so that an interrupted run leaves none behind.
const running = new Set<ChildProcess>();

export function killRunningServices(): void {
  for (const child of running) child.kill('SIGKILL');
}

// Starts a server process (pinned when configured), output to a log file, and waits until
// readyPath answers 200.
export async function startService(options: StartOptions): Promise<Service> {
  const port = await freePort();
  const logFile = join(options.workDir, `${options.name}.log`);
  const out = openSync(logFile, 'a');
  const nodeArgs = [
    ...(options.nodeFlags ?? []),
    ...(options.preload ? ['-r', options.preload] : []),
    ...(SETTINGS.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${options.workDir}/profiles`] : []),
    options.script,
    ...(options.args ?? []),
  ];
  const [command, args] =
    options.pin === false ? [process.execPath, nodeArgs] : pinned(process.execPath, nodeArgs);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  running.add(child);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    running.delete(child);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`${options.name} exited during start-up:\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} not ready after 90 s:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(base + options.readyPath);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return {
    name: options.name,
    port,
    url: base + options.urlPath,
    child,
    logFile,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function tail(file: string, lines = 30): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

// The Node flags of `npm run start:prod` (the Dockerfile starts the API the same way).
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = pkg.scripts['start:prod'].split(/\s+/);
  return words.slice(1).filter((word) => word.startsWith('--'));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Runs a command to completion; returns its output (throws with it when the exit code is not 0).
export function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  { pin = false, allowFailure = false } = {},
): { code: number; stdout: string; stderr: string; ms: number } {
  const [cmd, argv] = pin ? pinned(command, args) : [command, args];
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const outcome = {
    code: result.status ?? 1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    ms,
  };
  if (outcome.code !== 0 && !allowFailure) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${outcome.code}):\n${outcome.stdout}${outcome.stderr}`,
    );
  }
  return outcome;
}
