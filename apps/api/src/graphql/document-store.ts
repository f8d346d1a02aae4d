import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';

// What the parsed and validated documents may hold in all, estimated by documentSize.
export const DOCUMENT_STORE_BYTES = 32 * 1024 * 1024;

// What a parsed document keeps alive, roughly: its source text whole (`loc.source`, comments and
// blanks included, up to two bytes a character) and its nodes and tokens, some four times the size
// of its JSON (measured on graphql-js 16, within about 10 % for small, padded and 2,000-token
// documents).
export function documentSize(document: DocumentNode): number {
  const text = document.loc?.source.body.length ?? 0;
  return 2 * text + 4 * Buffer.byteLength(JSON.stringify(document), 'utf8');
}

// Apollo keeps every document that passed validation, keyed by the hash of its text, so the next
// request with the same text skips parsing and validation. Its default store is this same LRU
// cache, but it counts a document at the size of its JSON, which leaves out the source text:
// `{ __typename }` followed by 90 kB of comment counted 411 bytes, so its 30 MiB stood for some
// 7 GB, and anyone (no session needed, no root field for the rate limit to count) could fill the
// heap with distinct comments until the process died. This one counts what a document holds, and
// forgets the least recently used past its budget; one larger than the whole budget is not kept.
export function boundedDocumentStore(
  maxBytes: number = DOCUMENT_STORE_BYTES,
): InMemoryLRUCache<DocumentNode> {
  return new InMemoryLRUCache<DocumentNode>({ maxSize: maxBytes, sizeCalculation: documentSize });
}
