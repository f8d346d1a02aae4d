import { PasswordHasher } from './password-hasher';

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

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
  });

  it('does not truncate long passwords (a difference after byte 72 matters)', async () => {
    const base = 'x'.repeat(80);
    const hash = await hasher.hash(`${base}A`);
    await expect(hasher.verify(hash, `${base}B`)).resolves.toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, and the dummy check always fails', async () => {
    await expect(hasher.verify('not-a-hash', 'anything')).resolves.toBe(false);
    await expect(hasher.verifyAgainstDummy('dummy password that matches nothing')).resolves.toBe(
      false,
    );
  });
});
