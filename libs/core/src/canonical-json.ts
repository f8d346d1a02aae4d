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
      return JSON.stringify(value);
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
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      const keys = orderedKeys(record);
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = write(record[key]);
        if (member === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${member}`;
        first = false;
      }
      return `${out}}`;
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

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

// The key order JSON.stringify gives an object whose keys were inserted sorted: integer-like keys
// come first in numeric order (JavaScript's own property order), then the others sorted.
// Object.keys already lists integer-like keys first, in numeric order.
function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  let indexes = 0;
  while (
    indexes < keys.length &&
    ARRAY_INDEX.test(keys[indexes]) &&
    Number(keys[indexes]) < 2 ** 32 - 1
  ) {
    indexes += 1;
  }
  if (indexes === 0) return keys.sort();
  return keys.slice(0, indexes).concat(keys.slice(indexes).sort());
}
