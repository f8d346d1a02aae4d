import { availableParallelism } from 'node:os';
import { Injectable, Optional } from '@nestjs/common';
import { Semaphore } from 'async-mutex';
import * as argon2 from 'argon2';
import { ValidationError, isWellFormedText } from '@council/core';
import { AccountsReason } from './accounts.errors';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

// The same passphrase typed on another keyboard (a precomposed "ё" or "е" + combining diaeresis)
// is the same password: NFC before hashing and before verifying (NIST SP 800-63B §5.1.1.2).
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

// Length in code points of the normalised password, so an emoji or a combined letter counts once
// (the GraphQL input validation counts with this function too).
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

export function hasValidPasswordLength(password: string): boolean {
  const length = passwordLength(password);
  return length >= MIN_PASSWORD_LENGTH && length <= MAX_PASSWORD_LENGTH;
}

// A new password: WEAK_PASSWORD naming the field unless its length is within the rule, and
// INVALID_CHARACTERS for a lone surrogate, which the hash's UTF-8 would turn into U+FFFD (so that
// other passwords, with another lone surrogate or U+FFFD in its place, would match too).
export function assertNewPassword(password: string, field: string): void {
  if (!isWellFormedText(password)) {
    throw ValidationError.field(
      field,
      `${field} is not valid Unicode`,
      AccountsReason.INVALID_CHARACTERS,
    );
  }
  if (!hasValidPasswordLength(password)) {
    throw ValidationError.field(
      field,
      `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
      AccountsReason.WEAK_PASSWORD,
    );
  }
}

// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. argon2 hashes on libuv's
// thread pool, off the event loop.
const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Passwords hashed at once: a core fewer than the machine has, and at least one. Each hash keeps a
// core busy for some 40 ms; twenty members logging in together as a meeting opens would otherwise
// take every core (libuv runs four at a time) from the event loop serving everyone else, and a
// flood of log-ins could. The others wait their turn, in order.
export const PASSWORD_HASHES_AT_ONCE = Math.max(1, availableParallelism() - 1);

@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly slots: Semaphore;

  constructor(@Optional() slots?: Semaphore) {
    this.slots = slots ?? new Semaphore(PASSWORD_HASHES_AT_ONCE);
  }

  hash(password: string): Promise<string> {
    const normalized = normalizePassword(password);
    return this.slots.runExclusive(() => argon2.hash(normalized, ARGON2_OPTIONS));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    const normalized = normalizePassword(password);
    if (await this.check(hash, normalized)) return true;
    // Hashes made before passwords were normalised hold the password as it was typed: such a
    // password still works when typed the same way (a second check only for non-NFC input).
    return normalized !== password && this.check(hash, password);
  }

  // Spends the same time as a real check, so an unknown e-mail cannot be told from a wrong password.
  // A failure to make the dummy hash is not kept: the next unknown e-mail makes it again (kept, it
  // failed every later one, telling unknown e-mails from wrong passwords until a restart).
  async verifyAgainstDummy(password: string): Promise<false> {
    const dummy = (this.dummyHash ??= this.hash('dummy password that matches nothing'));
    dummy.catch(() => {
      if (this.dummyHash === dummy) this.dummyHash = undefined;
    });
    await this.verify(await dummy, password);
    return false;
  }

  // A wrong password is false; a stored hash argon2 cannot read, or a failure of the check itself,
  // throws: the server's fault must not count as a wrong guess towards a lock-out.
  private check(hash: string, password: string): Promise<boolean> {
    return this.slots.runExclusive(() => argon2.verify(hash, password));
  }
}
