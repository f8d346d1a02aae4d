import { parse } from 'graphql';
import { loadConfig } from '@council/config';
import { DOCUMENT_STORE_BYTES, boundedDocumentStore, documentSize } from './document-store';
import { buildGraphQLOptions } from './graphql-config';
import type { LoaderServices } from './loaders';

// A valid document anyone may send (no session, no root field the rate limit counts), made
// distinct and large by a comment: the body limit (100 kB) allows some 99,000 characters.
const PADDING = 'x'.repeat(99_000);
const padded = (n: number) => `{ __typename } #${n} ${PADDING}`;

describe('the store of parsed documents', () => {
  // Found by a long-run review: Apollo's default store counted each of these at 411 bytes and
  // kept all 600 (59 MB of text; some 7 GB before it would have forgotten one), and a client
  // sending distinct comments grew the heap by 89 kB a request until the process died.
  it('holds a bounded amount of query text, however many distinct texts are sent', async () => {
    const store = buildGraphQLOptions(
      loadConfig({ NODE_ENV: 'production' }),
      {} as LoaderServices,
    ).documentStore;
    if (!store) throw new Error('the GraphQL options name no document store');
    const sent = 600;
    for (let n = 0; n < sent; n++) await store.set(`key${n}`, parse(padded(n)));
    let kept = 0;
    for (let n = 0; n < sent; n++) if (await store.get(`key${n}`)) kept += 1;
    expect(kept * padded(0).length).toBeLessThanOrEqual(DOCUMENT_STORE_BYTES);
    // Still a cache: the most recent documents are kept.
    expect(await store.get(`key${sent - 1}`)).toBeDefined();
    expect(kept).toBeGreaterThan(100);
  });

  it('counts a document at its source text and its nodes, not its JSON alone', () => {
    const document = parse(padded(0));
    expect(documentSize(document)).toBeGreaterThanOrEqual(2 * padded(0).length);
    expect(documentSize(parse('{ __typename }'))).toBeLessThan(10_000);
  });

  it('forgets the least recently used first, and never keeps one larger than its budget', async () => {
    const one = parse(padded(0));
    const store = boundedDocumentStore(3 * documentSize(one) + 1000);
    await store.set('a', one);
    await store.set('b', parse(padded(1)));
    await store.set('c', parse(padded(2)));
    await store.get('a');
    await store.set('d', parse(padded(3)));
    expect(await store.get('a')).toBe(one);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();
    expect(await store.get('d')).toBeDefined();

    const small = boundedDocumentStore(10_000);
    await small.set('big', one);
    expect(await small.get('big')).toBeUndefined();
    await small.set('small', parse('{ __typename }'));
    expect(await small.get('small')).toBeDefined();
  });
});
