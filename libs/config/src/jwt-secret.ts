import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

export const MIN_JWT_SECRET_LENGTH = 32;

// Outside production a missing secret is generated once and kept in DATA_DIR so sessions survive a
// restart; in production it must be given and strong, or start-up stops.
export function resolveJwtSecret(config: AppConfig): string {
  const given = config.JWT_SECRET;
  if (given !== undefined) {
    assertStrongSecret(given);
    return given;
  }
  if (config.isProduction) {
    throw new ConfigError([
      `JWT_SECRET: required in production (at least ${MIN_JWT_SECRET_LENGTH} random characters, e.g. \`openssl rand -base64 48\`)`,
    ]);
  }
  const file = join(config.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    // Empty: left by a first start stopped while writing it (before the write was atomic). Any
    // other content must be as strong as a given secret (found by review: an empty file made
    // every log-in fail while the server reported ready).
    if (kept.length > 0) {
      assertStrongSecret(kept, `${file} (delete it to have a new secret generated)`);
      return kept;
    }
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const generated = randomBytes(48).toString('base64url');
  // Written whole or not at all: a start stopped meanwhile leaves no half-written secret.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, generated, { mode: 0o600 });
  renameSync(partial, file);
  return generated;
}

function assertStrongSecret(secret: string, name = 'JWT_SECRET'): void {
  const distinct = new Set(secret).size;
  // Placeholders such as "changeme" are all shorter than the minimum: the length refuses them.
  if (secret.length < MIN_JWT_SECRET_LENGTH || distinct < 10) {
    throw new ConfigError([
      `${name}: too weak (needs at least ${MIN_JWT_SECRET_LENGTH} characters of random data, e.g. \`openssl rand -base64 48\`)`,
    ]);
  }
}
