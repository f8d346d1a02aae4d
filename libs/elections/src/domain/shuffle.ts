import { randomInt } from 'node:crypto';

// Fisher–Yates with a cryptographic source: the order of a published or rewritten ballot box must
// not be predictable from the order of casting.
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
