import { availableParallelism } from 'node:os';
import { Semaphore } from 'async-mutex';
import * as argon2 from 'argon2';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_HASHES_AT_ONCE,
  PasswordHasher,
  assertNewPassword,
  hasValidPasswordLength,
  passwordLength,
} from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at OWASP parameters and verifies the right password only', async () => {
    const hash = await hasher.hash('пароль достаточной длины 🔐');
    const [, algorithm, version, parameters] = hash.split('$');
    expect([algorithm, version]).toEqual(['argon2id', 'v=19']);
    expect(parameters.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    await expect(hasher.verify(hash, 'пароль достаточной длины 🔐')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'пароль достаточной длины 🔓')).resolves.toBe(false);
  });

  it('hashes at most as many passwords at once as it has slots, a core fewer than the machine', async () => {
    expect(PASSWORD_HASHES_AT_ONCE).toBe(Math.max(1, availableParallelism() - 1));
    // The slots' own semaphore, counting the hashes that hold one.
    class CountingSlots extends Semaphore {
      running = 0;
      mostAtOnce = 0;
      override runExclusive<T>(
        work: Parameters<Semaphore['runExclusive']>[0],
        weight?: number,
        priority?: number,
      ): Promise<T> {
        return super.runExclusive<T>(
          async (value) => {
            this.running += 1;
            this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
            try {
              return (await work(value)) as T;
            } finally {
              this.running -= 1;
            }
          },
          weight,
          priority,
        );
      }
    }
    const slots = new CountingSlots(2);
    const limited = new PasswordHasher(slots);
    const hash = await limited.hash('пароль достаточной длины');
    const outcomes = await Promise.all([
      ...Array.from({ length: 4 }, () => limited.verify(hash, 'пароль достаточной длины')),
      limited.verify(hash, 'не тот пароль совсем'),
      limited.verifyAgainstDummy('пароль достаточной длины'),
      limited.hash('другой пароль достаточной длины'),
    ]);
    expect(outcomes.slice(0, 6)).toEqual([true, true, true, true, false, false]);
    expect(slots.mostAtOnce).toBe(2);
    expect(slots.running).toBe(0);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('does not truncate long passwords (a difference after byte 72 matters)', async () => {
    const base = 'x'.repeat(80);
    const hash = await hasher.hash(`${base}A`);
    await expect(hasher.verify(hash, `${base}B`)).resolves.toBe(false);
  });

  it('the dummy check always fails', async () => {
    await expect(hasher.verifyAgainstDummy('dummy password that matches nothing')).resolves.toBe(
      false,
    );
  });

  // Found by review: both were answered false, so a server fault counted as a wrong password.
  it('throws, not false, for a stored hash it cannot read or a check that fails', async () => {
    await expect(hasher.verify('not-a-hash', 'anything')).rejects.toThrow();
    class FailingSlots extends Semaphore {
      override runExclusive<T>(): Promise<T> {
        return Promise.reject(new Error('argon2: memory allocation error'));
      }
    }
    const failing = new PasswordHasher(new FailingSlots(1));
    const stored = await hasher.hash('a password long enough');
    await expect(failing.verify(stored, 'a password long enough')).rejects.toThrow('memory');
  });

  // A failure while the dummy hash is first made is not remembered for the life of the process:
  // every later log-in with an unknown e-mail would fail with it, unlike a wrong password.
  it('makes the dummy hash again after a failure instead of remembering the failure', async () => {
    class FailingOnceSlots extends Semaphore {
      private failed = false;
      override runExclusive<T>(
        work: Parameters<Semaphore['runExclusive']>[0],
        weight?: number,
        priority?: number,
      ): Promise<T> {
        if (this.failed) return super.runExclusive<T>(work as never, weight, priority);
        this.failed = true;
        return Promise.reject(new Error('argon2: memory allocation error'));
      }
    }
    const flaky = new PasswordHasher(new FailingOnceSlots(1));
    await expect(flaky.verifyAgainstDummy('a guess long enough')).rejects.toThrow('memory');
    await expect(flaky.verifyAgainstDummy('a guess long enough')).resolves.toBe(false);
  });

  it('treats a passphrase typed in NFC and in NFD as the same password', async () => {
    const nfc = 'ёлка и йод café 2026'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    await expect(hasher.verify(await hasher.hash(nfc), nfd)).resolves.toBe(true);
    await expect(hasher.verify(await hasher.hash(nfd), nfc)).resolves.toBe(true);
    // A different letter stays a different password.
    const other = nfc.replace('й', 'и').normalize('NFD');
    await expect(hasher.verify(await hasher.hash(nfc), other)).resolves.toBe(false);
  });

  it('still accepts a password hashed before normalisation, typed as it was then', async () => {
    const nfd = 'ёлка и йод café 2026'.normalize('NFD');
    const legacy = await argon2.hash(nfd, { type: argon2.argon2id });
    await expect(hasher.verify(legacy, nfd)).resolves.toBe(true);
  });

  it('counts the length in code points of the normalised password', () => {
    expect(passwordLength('🔐'.repeat(12))).toBe(12);
    expect(passwordLength('е\u0308'.repeat(12))).toBe(12);
    expect(hasValidPasswordLength('🔐'.repeat(MIN_PASSWORD_LENGTH - 1))).toBe(false);
    expect(hasValidPasswordLength('🔐'.repeat(MIN_PASSWORD_LENGTH))).toBe(true);
    expect(hasValidPasswordLength('🔐'.repeat(MAX_PASSWORD_LENGTH))).toBe(true);
    expect(hasValidPasswordLength('🔐'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe(false);
  });

  it('refuses a new password with a lone surrogate, which UTF-8 would turn into U+FFFD', async () => {
    const reason = (password: string) => {
      try {
        assertNewPassword(password, 'password');
        return null;
      } catch (error) {
        return (error as { reason: string; fields: Record<string, string[]> }).reason;
      }
    };
    expect(reason('\ud800correct horse battery')).toBe('INVALID_CHARACTERS');
    expect(reason('correct horse battery\udfff')).toBe('INVALID_CHARACTERS');
    expect(reason('correct horse 🔐 battery')).toBeNull();
    // Why: the two passwords would hash alike.
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('\ud800correct horse battery');
    expect(await hasher.verify(hash, '\ufffdcorrect horse battery')).toBe(true);
  });
});
