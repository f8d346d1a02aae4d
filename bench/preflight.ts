import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Client } from 'pg';
import { SETTINGS } from './settings';

// What the benchmark needs besides npm packages, checked before any data is generated: a failure
// minutes into the run, as a bare "pgbench failed", helps nobody.
const found = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

// Debian's pg_wrapper answers to `pgbench` even without a client installed; the output the
// scenario reads ("tps = … (without initial connection time)") is that of pgbench 14 and later.
const pgbenchUsable = () => {
  const version = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version.stdout ?? '')?.[1]);
  return version.status === 0 && major >= 14;
};

const TOOLS: Array<{
  command: string;
  debianPackage: string;
  needed: () => boolean;
  usable: () => boolean;
}> = [
  {
    command: 'pgbench (PostgreSQL 14 or later)',
    debianPackage: 'postgresql-client',
    needed: () => true,
    usable: pgbenchUsable,
  },
  {
    command: 'taskset',
    debianPackage: 'util-linux',
    needed: () => SETTINGS.pin,
    usable: () => found('taskset'),
  },
];

const succeeds = (command: string, args: string[]) =>
  spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0;

// Missing Debian tools are installed with apt-get when this runs as root (as on a fresh CI or
// development machine); BENCH_INSTALL=0 turns that off. Otherwise the error says what to install.
function ensureTools(log: (message: string) => void): void {
  const missing = TOOLS.filter((tool) => tool.needed() && !tool.usable());
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
  const names = missing.map((tool) => tool.command).join(', ');
  const mayInstall =
    process.env.BENCH_INSTALL !== '0' && process.getuid?.() === 0 && found('apt-get');
  if (mayInstall) {
    log(`installing ${packages.join(' ')} (for ${names}) with apt-get`);
    const install = ['install', '-y', '--no-install-recommends', ...packages];
    if (!succeeds('apt-get', install)) {
      if (!succeeds('apt-get', ['update'])) throw new Error('apt-get update failed');
      if (!succeeds('apt-get', install)) throw new Error(`apt-get ${install.join(' ')} failed`);
    }
    const still = missing.filter((tool) => !tool.usable());
    if (still.length === 0) return;
    throw new Error(`still missing after apt-get: ${still.map((t) => t.command).join(', ')}`);
  }
  throw new Error(
    `the benchmark needs ${names}: install ${packages.join(' ')} ` +
      `(Debian: apt-get install ${packages.join(' ')})` +
      (missing.some((tool) => tool.command === 'taskset') ? ', or run with BENCH_PIN=0' : ''),
  );
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The local PostgreSQL server, started the way .ci/run does when it is installed but not running.
async function ensurePostgres(log: (message: string) => void): Promise<void> {
  const url = `${SETTINGS.serverUrl}/postgres`;
  if (await reachable(url)) return;
  const host = new URL(SETTINGS.serverUrl).hostname;
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);
  const versions = local && found('pg_ctlcluster') ? readdirSync('/etc/postgresql') : [];
  if (versions.length > 0) {
    log(`starting the local PostgreSQL ${versions[0]} cluster`);
    // Fails at once when that cluster is already running (on another port than the URL's).
    if (succeeds('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'])) {
      for (let attempt = 0; attempt < 30; attempt++) {
        if (await reachable(url)) return;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
  throw new Error(
    `no PostgreSQL server at ${SETTINGS.serverUrl} (set BENCH_PG_URL to a server with trust ` +
      'authentication for a superuser; the benchmark creates and drops its own database)',
  );
}

export async function preflight(log: (message: string) => void): Promise<void> {
  ensureTools(log);
  await ensurePostgres(log);
}
