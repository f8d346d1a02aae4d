import { hash, randomBytes } from 'node:crypto';
import { ValidationError } from './domain-error';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

// Ids arrive from clients; a malformed one must never reach SQL (PostgreSQL would answer 22P02).
export function assertUuid(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isUuid(value)) {
    throw ValidationError.field(field, `${field} is not a valid id`, 'INVALID_ID');
  }
  return value.toLowerCase();
}

// An optional reference: null or undefined is none; anything else must be an id.
export function optionalUuid(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : assertUuid(value, field);
}

// 256 bits, URL-safe: for refresh tokens, invitations and ballot tracking codes.
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// The one-shot crypto.hash: no Hash object per call (audit:verify hashes every entry of the log).
export function sha256Hex(value: string | Buffer): string {
  return hash('sha256', value, 'hex');
}
