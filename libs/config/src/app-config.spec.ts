import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, corsOriginsOf, loadConfig } from './app-config';
import { resolveJwtSecret } from './jwt-secret';

const problemsOf = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('configuration', () => {
  it('trusts as many proxies as it is told, none by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      COUNCIL_TIME_ZONE: 'Europe/Moscow',
      NODE_ENV: 'development',
      SAFEGUARDS: 'on',
      MIGRATIONS_AT_START: 'run',
    });
    expect(config.hasSafeguards).toBe(true);
    expect(config.isEmbeddedDatabase).toBe(true);
    expect(config.shouldSeedDemo).toBe(true);
  });

  it('stores the council time zone in its canonical IANA spelling', () => {
    expect(loadConfig({ COUNCIL_TIME_ZONE: 'europe/moscow' }).COUNCIL_TIME_ZONE).toBe(
      'Europe/Moscow',
    );
    expect(loadConfig({ COUNCIL_TIME_ZONE: 'ASIA/YEKATERINBURG' }).COUNCIL_TIME_ZONE).toBe(
      'Asia/Yekaterinburg',
    );
    expect(loadConfig({ COUNCIL_TIME_ZONE: 'utc' }).COUNCIL_TIME_ZONE).toBe('UTC');
    expect(loadConfig({ COUNCIL_TIME_ZONE: 'Europe/Moscow' }).COUNCIL_TIME_ZONE).toBe(
      'Europe/Moscow',
    );
    expect(problemsOf({ COUNCIL_TIME_ZONE: 'mars/olympus' })).toEqual([
      expect.stringContaining('COUNCIL_TIME_ZONE'),
    ]);
  });

  it('listens on loopback unless told otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    for (const host of [
      '0.0.0.0',
      '::',
      '::1',
      'fe80::1%eth0',
      'localhost',
      'api.council.example',
      '10.0.0.7',
    ]) {
      expect(loadConfig({ HOST: host }).HOST).toBe(host);
    }
  });

  it.each([
    ['127.0.0.1', 'localhost'],
    ['0.0.0.0', 'localhost'],
    ['::', 'localhost'],
    ['::1', 'localhost'],
    ['localhost', 'localhost'],
    ['10.0.0.7', '10.0.0.7'],
    ['api.council.example', 'api.council.example'],
    ['fd00::20', '[fd00::20]'],
    ['fe80::1%eth0', '[fe80::1%25eth0]'],
  ])('prints the address of HOST=%s with the host %s', (host, urlHost) => {
    const config = loadConfig({ HOST: host });
    expect(config.urlHost).toBe(urlHost);
    // WHATWG URLs (and so browsers) take no IPv6 zone; RFC 6874's form is the best there is.
    if (!host.includes('%')) {
      expect(() => new URL(`http://${config.urlHost}:3000/graphql`)).not.toThrow();
    }
  });

  it('seeds demo data on a server only when asked, and in production only when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).shouldSeedDemo).toBe(false);
    // The driver's forms are taken: a socket directory, escapes in a password.
    for (const url of [
      'postgresql://user@/db?host=/var/run/postgresql',
      'postgres://u:p%40ss@h:5432/d',
    ]) {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    const production = { NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48) };
    expect(loadConfig(production).shouldSeedDemo).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO: 'true' }).shouldSeedDemo).toBe(true);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://x@h/db', SEED_DEMO: 'true' }).shouldSeedDemo,
    ).toBe(true);
  });

  // Found by review (TLS to a managed database): pg reads the files that sslrootcert, sslcert and
  // sslkey name as it parses the URL; one it cannot read (a typo, `~/ca.pem`, libpq's
  // `sslrootcert=system`, a file not mounted into the container) was reported as "must be a
  // postgres:// connection URL", for a URL that is one.
  it('names the TLS file of DATABASE_URL it cannot read, and never the password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'council-ca-'));
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const base = 'postgres://app:s3cret-pw@db.example.org:6432/council?sslmode=verify-full';
    expect(loadConfig({ DATABASE_URL: `${base}&sslrootcert=${ca}` }).DATABASE_URL).toContain(ca);
    const missing = join(dir, 'missing.pem');
    const problems = problemsOf({ DATABASE_URL: `${base}&sslrootcert=${missing}` });
    expect(problems).toEqual([
      `DATABASE_URL: cannot read ${missing}, the file its sslrootcert names (ENOENT): give a path this process can read`,
    ]);
    expect(problemsOf({ DATABASE_URL: `${base}&sslkey=${dir}` })).toEqual([
      `DATABASE_URL: cannot read ${dir}, the file its sslkey names (EISDIR): give a path this process can read`,
    ]);
    expect(
      problemsOf({
        DATABASE_URL:
          'postgres://app:s3cret-pw@db.example.org/council?uselibpqcompat=true&sslmode=verify-ca',
      }),
    ).toEqual([
      'DATABASE_URL: sslmode=verify-ca (with uselibpqcompat=true) needs the CA that signed the server certificate: add sslrootcert=<file>',
    ]);
    expect(
      JSON.stringify(problemsOf({ DATABASE_URL: `${base}&sslrootcert=${missing}` })),
    ).not.toContain('s3cret');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:99999/x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:abc/x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://%zz@127.0.0.1/x' }, 'DATABASE_URL'],
    [{ COUNCIL_TIME_ZONE: 'Mars/Olympus' }, 'COUNCIL_TIME_ZONE'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO'],
    [{ BODY_LIMIT: 'huge' }, 'BODY_LIMIT'],
    // Found by review: accepted, then every request was refused as too large.
    [{ BODY_LIMIT: '0kb' }, 'BODY_LIMIT'],
    // Found by review: accepted, then start-up failed on a DNS error that did not name HOST.
    [{ HOST: 'nonsense host' }, 'HOST'],
    [{ HOST: 'fe80::1%' }, 'HOST'],
    [{ HOST: 'host%eth0' }, 'HOST'],
    [{ SAFEGUARDS: 'false' }, 'SAFEGUARDS'],
    [{ MIGRATIONS_AT_START: 'skip' }, 'MIGRATIONS_AT_START'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback' }, 'TRUST_PROXY'],
    [{ DB_STATEMENT_TIMEOUT_MS: '99999999999' }, 'DB_STATEMENT_TIMEOUT_MS'],
    // 0 is "no limit" to pg and PostgreSQL: a lost database would hang requests forever.
    [{ DB_CONNECT_TIMEOUT_MS: '0' }, 'DB_CONNECT_TIMEOUT_MS'],
    [{ DB_STATEMENT_TIMEOUT_MS: '0' }, 'DB_STATEMENT_TIMEOUT_MS'],
    [{ DB_LOCK_TIMEOUT_MS: '0' }, 'DB_LOCK_TIMEOUT_MS'],
    [{ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0' }, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS'],
    [{ DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE'],
    [{ DB_POOL_SIZE: '101' }, 'DB_POOL_SIZE'],
    // README: 0 to 5000 (the whole shutdown must fit in an orchestrator's 10 s).
    [{ SHUTDOWN_DRAIN_MS: '5001' }, 'SHUTDOWN_DRAIN_MS'],
    [{ NODE_ENV: '' }, 'NODE_ENV'],
    // Found by review: accepted, and then matched no browser's Origin header (no CORS at all).
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://portal.example.org/' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'portal.example.org' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://portal.example.org,' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'HTTPS://Portal.example.org' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://portal.example.org:443' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'null' }, 'CORS_ORIGINS'],
  ])('stops start-up on %p naming the setting', (env, setting) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${setting}:`));
  });

  // Found by review: `PORT=abc` was also "greater than 65535" and "less than 0", and an empty PORT
  // (compose's `PORT: ${PORT}` with PORT unset) was all three, where an empty DATABASE_URL is unset.
  it('names one problem per setting, and takes an empty value as unset', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT: PORT must be an integer number']);
    const emptied = loadConfig({ PORT: '', HOST: '', DB_POOL_SIZE: '', LOG_LEVEL: '' });
    expect(emptied).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    expect(emptied.DB_POOL_SIZE).toBe(loadConfig({}).DB_POOL_SIZE);
  });

  it('takes CORS origins as a browser sends them', () => {
    // An app shell's origin too (found by review: refused at first, though it worked before).
    const origins =
      'https://portal.example.org, http://localhost:5173, http://[::1]:3000, capacitor://localhost';
    expect(corsOriginsOf(loadConfig({ CORS_ORIGINS: origins }).CORS_ORIGINS!)).toEqual([
      'https://portal.example.org',
      'http://localhost:5173',
      'http://[::1]:3000',
      'capacitor://localhost',
    ]);
  });

  it('refuses a missing, short or default JWT secret in production', () => {
    const production = (secret?: string) =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x@h/db',
        ...(secret ? { JWT_SECRET: secret } : {}),
      });
    expect(() => resolveJwtSecret(production())).toThrow(/JWT_SECRET: required in production/);
    expect(() => resolveJwtSecret(production('short'))).toThrow(/JWT_SECRET: too weak/);
    expect(() => resolveJwtSecret(production('a'.repeat(64)))).toThrow(/JWT_SECRET: too weak/);
    // Long, but of a few characters only: not random data.
    expect(() => resolveJwtSecret(production('012345678'.repeat(8)))).toThrow(
      /JWT_SECRET: too weak/,
    );
    const strong = 'kq3J9v-Xw2bT7mN0pL5sR8yU1cE4hG6dZ_aF';
    expect(resolveJwtSecret(production(strong))).toBe(strong);
  });

  it('generates a secret outside production and keeps it in DATA_DIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'council-config-'));
    const first = resolveJwtSecret(loadConfig({ DATA_DIR: dir }));
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(resolveJwtSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
    expect(readdirSync(dir)).toEqual(['jwt-secret']);
  });

  // Found by review: an empty file (a first start stopped while writing it) was taken as the
  // secret, and every log-in then failed while the server reported ready.
  it('replaces an empty kept secret, and refuses a weak one naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'council-config-'));
    const file = join(dir, 'jwt-secret');
    writeFileSync(file, '\n');
    const generated = resolveJwtSecret(loadConfig({ DATA_DIR: dir }));
    expect(generated.length).toBeGreaterThanOrEqual(48);
    expect(readFileSync(file, 'utf8')).toBe(generated);
    writeFileSync(file, 'secret');
    expect(() => resolveJwtSecret(loadConfig({ DATA_DIR: dir }))).toThrow(
      `${file} (delete it to have a new secret generated): too weak`,
    );
  });
});
