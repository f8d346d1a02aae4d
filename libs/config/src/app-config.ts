import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  Validate,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { IANAZone } from 'luxon';
import { parse as parseConnectionString } from 'pg-connection-string';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// The one rule for a time zone, the council's (COUNCIL_TIME_ZONE) and a meeting's alike: an IANA
// name this runtime knows, in any letter case (canonicalTimeZone spells it).
export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && IANAZone.isValidZone(value);
}

@ValidatorConstraint({ name: 'ianaTimeZone' })
class IsIanaTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isTimeZone(value);
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as Europe/Moscow';
  }
}

// Each origin exactly as a browser sends it (scheme, host, port; no path, no trailing slash): the
// list is compared with the Origin header as is, so any other spelling would silently match no
// browser. `*` is refused (README: CORS only for the origins named).
@ValidatorConstraint({ name: 'corsOrigins' })
class IsOriginList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && corsOriginsOf(value).every(isOrigin);
  }
  defaultMessage(): string {
    return 'must be comma-separated origins such as https://portal.example.org (scheme and host, no path, no *)';
  }
}

// scheme://host[:port] exactly: a web page's https origin, or an app shell's (capacitor://localhost).
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return url.host !== '' && `${url.protocol}//${url.host}` === value;
  } catch {
    return false;
  }
}

export function corsOriginsOf(value: string): string[] {
  return value.split(',').map((origin) => origin.trim());
}

// A URL the driver can read, by the driver's own parser: a port in range, escapes that decode
// (found by review: such mistakes stopped start-up with "Invalid URL" or "URI malformed", naming
// no setting).
@ValidatorConstraint({ name: 'postgresUrl' })
class IsPostgresUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return postgresUrlProblem(value) === undefined;
  }
  defaultMessage(args?: ValidationArguments): string {
    return postgresUrlProblem(args?.value) ?? 'must be a postgres:// connection URL';
  }
}

// In the order pg reads them.
const TLS_FILE_PARAMETERS = ['sslcert', 'sslkey', 'sslrootcert'];

// pg reads the files sslcert, sslkey and sslrootcert name as it parses the URL: one it cannot read
// is named as such (found by review: it read "must be a postgres:// connection URL"). Never the
// URL itself in a message: it holds the password.
function postgresUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^postgres(ql)?:\/\/.+/.test(value)) {
    return 'must be a postgres:// connection URL';
  }
  try {
    parseConnectionString(value);
    decodeURIComponent(value);
    return undefined;
  } catch (error) {
    return (
      unreadableTlsFile(value) ??
      (/sslmode=verify-ca requires specifying a CA/.test((error as Error).message)
        ? 'sslmode=verify-ca (with uselibpqcompat=true) needs the CA that signed the server certificate: add sslrootcert=<file>'
        : 'must be a postgres:// connection URL')
    );
  }
}

function unreadableTlsFile(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query === -1) return undefined;
  const params = new URLSearchParams(url.slice(query + 1).split('#')[0]);
  for (const parameter of TLS_FILE_PARAMETERS) {
    const path = params.get(parameter);
    if (!path) continue;
    try {
      readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return `cannot read ${path}, the file its ${parameter} names (${code}): give a path this process can read`;
    }
  }
  return undefined;
}

// The zone names this runtime knows, by their lower-case spelling.
const ZONE_NAMES = new Map(
  Intl.supportedValuesOf('timeZone').map((name) => [name.toLowerCase(), name]),
);

// The IANA spelling of a valid zone (europe/moscow is Europe/Moscow, utc is UTC), never swapped
// for another name of the same zone; anything else is returned as given, for the validator. The
// council's zone and a meeting's own zone are both stored this way.
export function canonicalTimeZone(value: string): string {
  if (!isTimeZone(value)) return value;
  const known = ZONE_NAMES.get(value.toLowerCase());
  if (known) return known;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === value.toLowerCase() ? resolved : value;
}

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === 'true'
      ? true
      : value === 'false'
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

// An hour: longer waits are mistakes, and Node's timers cannot count past 24.8 days (they fire at once).
const MAX_TIMEOUT_MS = 3_600_000;

// Every setting the process reads, validated at start-up. Names match the environment variables.
export class AppConfig {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  // Loopback unless told otherwise: a newcomer's start serves demo accounts whose password is
  // published. The image sets 0.0.0.0. An IPv6 address may name its interface (fe80::1%eth0).
  @Matches(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9_.-]+)?)$/,
    {
      message: 'must be an IP address or a host name, such as 127.0.0.1, 0.0.0.0 or ::',
    },
  )
  HOST = '127.0.0.1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(IsPostgresUrl)
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  SEED_DEMO?: boolean;

  // Normalised once here: terms, meetings and answers all use the canonical spelling.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? canonicalTimeZone(value) : value,
  )
  @Validate(IsIanaTimeZone)
  COUNCIL_TIME_ZONE = 'Europe/Moscow';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DB_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  DB_CONNECT_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  DB_STATEMENT_TIMEOUT_MS = 15000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  DB_LOCK_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(MAX_TIMEOUT_MS)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 10000;

  // `check`: the portal changes no schema at start-up (its database role may own nothing) and
  // refuses to start while a migration is pending or a privilege it needs is missing.
  @IsIn(['run', 'check'])
  MIGRATIONS_AT_START: 'run' | 'check' = 'run';

  // On SIGTERM: readiness answers 503 for this long while requests are still served, so a load
  // balancer stops routing here before the server closes. The whole shutdown must fit in 10 s.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5000)
  SHUTDOWN_DRAIN_MS = 2000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Matches(/^[1-9]\d{0,5}(kb|mb)$/i, { message: 'must be a size of at least 1kb, such as 100kb' })
  BODY_LIMIT = '100kb';

  // Sockets one process holds open at once; past it, new connections are closed at once. With the
  // timeouts on receiving a request (bootstrap.ts) it bounds what slow or idle clients can hold.
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100_000)
  MAX_CONNECTIONS = 1000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(IsOriginList)
  CORS_ORIGINS?: string;

  // How many proxies (load balancers) stand between clients and the API: the client's address is
  // then the one the proxy nearest the client recorded in X-Forwarded-For. `true` (trust every hop) is
  // refused: the address would be whatever a client writes first in that header.
  @Transform(({ value }) => (value === 'false' ? 0 : toInt({ value })))
  @IsInt({
    message:
      'must be the number of proxies in front of the API (0 for none, 1 behind one load balancer)',
  })
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  // Operations (root fields) one member, or one address without a session, may run per window:
  // far above what a person does in the portal, it bounds a runaway script or a stolen token. Per
  // instance (the counts live in each process's memory).
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  RATE_LIMIT_OPERATIONS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  RATE_LIMIT_WINDOW_MS = 10_000;

  // For the benchmark only (npm run bench measures what the safeguards cost): `off` removes the
  // GraphQL limits, the operation rate limit and the request log. Never `off` in service.
  @IsIn(['on', 'off'])
  SAFEGUARDS: 'on' | 'off' = 'on';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get hasSafeguards(): boolean {
    return this.SAFEGUARDS === 'on';
  }

  get isEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  // The host of the address the start banner prints: a wildcard or loopback binding answers on
  // localhost; a server bound to one address answers only there.
  get urlHost(): string {
    const host = this.HOST;
    if (['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(host)) return 'localhost';
    return isIPv6(host) ? `[${host.replace('%', '%25')}]` : host;
  }

  // Where the embedded engine keeps its data (the portal, its commands and the TypeORM CLI).
  get embeddedDataDir(): string {
    return join(this.DATA_DIR, 'pglite');
  }

  // Demo data: by default on the embedded engine (the newcomer's start), but never by default in
  // production, where its published passwords would open the portal; on a server only when asked.
  get shouldSeedDemo(): boolean {
    return this.SEED_DEMO ?? (this.isEmbeddedDatabase && !this.isProduction);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const KNOWN_KEYS = Object.keys(new AppConfig());

// A value of the wrong type is named as such, not also as out of range (`PORT=abc`).
const TYPE_CHECKS = ['isInt', 'isBoolean'];

function problemsWith(constraints: Record<string, string>): string {
  const typeCheck = TYPE_CHECKS.find((name) => name in constraints);
  return typeCheck ? constraints[typeCheck] : Object.values(constraints).join('; ');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of [...KNOWN_KEYS, 'DATABASE_URL', 'JWT_SECRET', 'SEED_DEMO', 'CORS_ORIGINS']) {
    // An empty value is no value (compose's `PORT: ${PORT}` with PORT unset): the default holds.
    // Except NODE_ENV: an empty one must not quietly turn a production deployment into development.
    if (env[key] !== undefined && (env[key] !== '' || key === 'NODE_ENV')) raw[key] = env[key];
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((error) => `${error.property}: ${problemsWith(error.constraints ?? {})}`),
    );
  }
  return config;
}
