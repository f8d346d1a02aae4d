import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

// The first implementation, kept as the reference: hashes already stored (audit chain, minutes
// seals, tallies) were computed with it, so the one-pass writer must give the same bytes.
function reference(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortDeep(v)]));
  }
  return value;
}

const outcome = (f: () => string) => {
  try {
    return { value: f() };
  } catch (error) {
    return { error: (error as Error).name };
  }
};

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined }, e: [undefined] })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1,"e":[null]}',
    );
    expect(canonicalJson({ b: 1, 10: 'x', 2: 'y', a: new Date(0) })).toBe(
      '{"2":"y","10":"x","a":"1970-01-01T00:00:00.000Z","b":1}',
    );
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 7) % 40}`, i]));
    expect(canonicalJson(many)).toBe(reference(many));
  });

  it('escapes strings, keys included, exactly as JSON.stringify does', () => {
    const texts = [
      'plain',
      'a"b',
      'back\\slash',
      'line\nbreak',
      '\u0000\u001f\u007f',
      '\u2028',
      '\ud800',
      'x\udc00',
      '😀',
      'Совет',
    ];
    for (const text of texts) {
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
      expect(canonicalJson({ [text]: text })).toBe(JSON.stringify({ [text]: text }));
    }
  });

  it('gives exactly the bytes of the reference implementation', () => {
    // Any UTF-16 code unit, lone surrogates and control characters included.
    const codeUnits = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    });
    const key = fc.oneof(
      fc.string(),
      codeUnits,
      fc.nat(300).map(String),
      fc.constantFrom('__proto__', '-1'),
    );
    const leaf = fc.oneof(
      fc.jsonValue(),
      fc.date(),
      fc.constant(undefined),
      fc.double(),
      fc.string({ unit: 'binary' }),
      codeUnits,
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(key, tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.oneof(
          tree,
          fc.anything({
            withDate: true,
            withMap: true,
            withSet: true,
            withNullPrototype: true,
            withSparseArray: true,
            withBoxedValues: true,
          }),
        ),
        (value) => {
          expect(outcome(() => canonicalJson(value))).toEqual(outcome(() => reference(value)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
