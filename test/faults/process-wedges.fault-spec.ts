import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, BUILT_MAIN, REPO_ROOT, freePort } from './support/api-process';
import { sleep, waitFor, within } from './support/deadline';
import { FaultDatabase, createFaultDatabase } from './support/fault-database';
import { getStatus } from './support/http';

// What leaves the process alive but answering nothing (a wedge), from outside the HTTP API.

// The TCP ports a process listens on (Linux: its socket inodes in /proc/net/tcp, state 0A).
function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9])) {
        ports.push(parseInt(fields[1].split(':')[1], 16));
      }
    }
  }
  return ports;
}

function sendAndClose(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => socket.destroy(), 500);
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

describe('fault: the process is not wedged from outside the HTTP API', () => {
  let database: FaultDatabase | undefined;

  beforeAll(async () => {
    database = await createFaultDatabase('wedges');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('a log reader that goes away during start-up: the portal still starts, serves and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BUILT_MAIN], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL: database!.url,
        JWT_SECRET: 'wedge-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
        SEED_DEMO: 'true',
        SHUTDOWN_DRAIN_MS: '0',
      },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      // `node dist/... | head -1`: the reader takes the first line (the migrations') and leaves.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      await waitFor(
        'GET /health answering 200',
        async () => (await getStatus(`http://127.0.0.1:${port}/health`, 1000)).status === 200,
        { timeoutMs: 30_000 },
      );
      child.kill('SIGTERM');
      expect(await within('exit after SIGTERM', 12_000, exited)).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('shuts down on SIGHUP (its terminal closed) as on SIGTERM, the embedded engine closed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-hangup-'));
    const api = await ApiProcess.start({
      databaseUrl: '',
      env: { DATA_DIR: dataDir, SHUTDOWN_DRAIN_MS: '0' },
      startTimeoutMs: 120_000,
    });
    try {
      api.signal('SIGHUP');
      expect(await api.waitForExit(12_000)).toMatchObject({ code: 0, signal: null });
      // Closed, not abandoned: the data directory's lock was released.
      expect(readdirSync(dataDir)).not.toContain('pglite.lock');
    } finally {
      await api.kill().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it("8 malformed bytes sent to the embedded engine's wire port leave /health answering", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'council-wedge-'));
    // An empty DATABASE_URL counts as unset: the embedded engine in DATA_DIR.
    const api = await ApiProcess.start({
      databaseUrl: '',
      env: { DATA_DIR: dataDir },
      startTimeoutMs: 120_000,
    });
    try {
      const others = listeningPorts(api.pid).filter((port) => port !== api.options.port);
      // A startup message whose length is 2^31-1: pglite-socket reads it as a regular message of
      // negative length and loops on it without end.
      const hostile = Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x00, 0x03, 0x00, 0x00]);
      for (const port of others) await sendAndClose(port, hostile);
      await sleep(500);
      expect((await api.liveness(3000)).status).toBe(200);
      expect((await api.readiness(3000)).status).toBe(200);
      // No other local process (any user of the machine) reaches the database, which asks for
      // no password.
      expect(others).toEqual([]);
    } finally {
      await api.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
