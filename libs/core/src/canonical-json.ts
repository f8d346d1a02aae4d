// Canonical JSON (sorted keys, no whitespace) so that a hash over a structure is stable no matter
// in which order its keys were built: used by the audit chain, minutes seals and tally hashes.
// Exactly JSON.stringify of the value with every object's keys sorted (undefined members left
// out, dates as ISO strings), written in one pass without building sorted copies: audit:verify
// canonicalises every entry of the log.
export function canonicalJson(value: unknown): string {
  return write(value) as string;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i]) ?? 'null';
        }
        return out + ']';
      }
      if (value instanceof Date) return quote(value.toISOString());
      const record = value as Record<string, unknown>;
      const keys = orderedKeys(record);
      let out = '{';
      for (const key of keys) {
        const member = write(record[key]);
        if (member === undefined) continue;
        if (out.length > 1) out += ',';
        out += quote(key) + ':' + member;
      }
      return out + '}';
    }
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'undefined':
    case 'function':
    case 'symbol':
      // Left out of objects, null in arrays.
      return undefined;
  }
}

// What JSON.stringify may escape: the quote, the backslash, control characters (below U+0020)
// and lone surrogates (any surrogate sends the string to JSON.stringify, which tells lone from
// paired).
const NEEDS_ESCAPE = /["\\]|[^\u0020-\ud7ff\ue000-\uffff]/;

// Most strings (ids, actions, ISO dates) need no escaping: quoting them by hand is several times
// faster than JSON.stringify.
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

// The key order JSON.stringify gives an object whose keys were inserted sorted: integer-like keys
// come first in numeric order (JavaScript's own property order), then the others sorted.
// Object.keys already lists integer-like keys first, in numeric order.
function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indexes = 0;
  while (indexes < keys.length && isArrayIndex(keys[indexes])) indexes += 1;
  if (indexes === 0) return sorted(keys);
  if (indexes === keys.length) return keys;
  return keys.slice(0, indexes).concat(sorted(keys.slice(indexes)));
}

function isArrayIndex(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1;
}

// Objects have few keys, and those built by code (the audit entry, the tally) list them sorted
// already: an insertion sort is linear on those and beats Array.prototype.sort on a handful.
function sorted(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j -= 1;
    }
    keys[j + 1] = key;
  }
  return keys;
}
