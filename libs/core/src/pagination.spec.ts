import { DomainError } from './domain-error';
import { buildPage, decodeCursor, encodeCursor, toOffsetWindow } from './pagination';
import { canonicalJson } from './canonical-json';

describe('pagination', () => {
  it('walks pages with opaque cursors', () => {
    expect(toOffsetWindow({})).toEqual({ limit: 20, offset: 0 });
    const window = toOffsetWindow({ first: 2, after: encodeCursor(3) });
    expect(window).toEqual({ limit: 2, offset: 4 });
    const page = buildPage(['e', 'f'], 10, window);
    expect(page.hasNextPage).toBe(true);
    expect(page.cursors.map(decodeCursor)).toEqual([4, 5]);
    expect(buildPage(['i', 'j'], 10, { limit: 2, offset: 8 }).hasNextPage).toBe(false);
  });

  it.each([
    { first: 101 },
    { first: -1 },
    { first: 1.5 },
    { after: 'garbage' },
    { after: encodeCursor(1).slice(1) },
  ])('refuses %p as BAD_USER_INPUT', (request) => {
    expect(() => toOffsetWindow(request)).toThrow(DomainError);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
