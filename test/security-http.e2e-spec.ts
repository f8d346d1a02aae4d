import { gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { OrganizationEntity } from '@council/accounts';
import { createProductionApp, leaksIn, rawRequest } from './support/security';
import type { Leadership } from './support/test-factory';
import type { TestApp } from './support/test-app';

// G-03, G-07, G-10, G-14 and the body limit (G-08) (docs/reference A.2): the HTTP surface of
// /graphql with production settings.

const ALLOWED_ORIGIN = 'https://portal.council.test';
const IDE = /graphiql|playground|sandbox|apollo studio|embeddable|<html|<!doctype|<script/i;

// A mutation that leaves a trace: tests check it never ran where it must not.
function createOrganization(name: string) {
  return {
    query: `mutation($name: String!) { createOrganization(input: { name: $name, shortName: "CSRF" }) { id } }`,
    variables: { name },
  };
}

describe('HTTP surface of /graphql, production settings (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let marker = 0;

  beforeAll(async () => {
    t = await createProductionApp({ env: { CORS_ORIGINS: ALLOWED_ORIGIN } });
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  const uniqueName = () => `Не должно появиться ${Date.now()}-${(marker += 1)}`;
  const organizationsNamed = (name: string) =>
    t.dataSource.getRepository(OrganizationEntity).countBy({ name });
  const asAdmin = (headers: Record<string, string> = {}) => ({
    authorization: `Bearer ${leaders.admin.token}`,
    ...headers,
  });

  describe('G-03 no IDE or landing page', () => {
    it('answers GET /graphql for a browser with a JSON refusal, not an IDE', async () => {
      const response = await rawRequest(t, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.raw).not.toMatch(IDE);
    });

    it.each(['/graphiql', '/playground', '/sandbox', '/altair', '/voyager'])(
      'has nothing at %s',
      async (path) => {
        const response = await rawRequest(t, { path, headers: { accept: 'text/html' } });
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.raw).not.toMatch(/<html|<!doctype|<script/i);
        expect(leaksIn(response.raw)).toEqual([]);
      },
    );
  });

  it('G-07 refuses array batching with 400 and executes nothing', async () => {
    const names = [uniqueName(), uniqueName()];
    const response = await rawRequest(t, {
      method: 'POST',
      headers: asAdmin({ 'content-type': 'application/json' }),
      body: JSON.stringify(names.map(createOrganization)),
    });
    expect(response.status).toBe(400);
    expect(response.json?.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      reason: 'BAD_REQUEST',
    });
    for (const name of names) expect(await organizationsNamed(name)).toBe(0);
  });

  describe('G-10 CSRF', () => {
    it('refuses a GET query without a preflight header', async () => {
      const response = await rawRequest(t, {
        path: `/graphql?query=${encodeURIComponent('{ me { id } }')}`,
        headers: asAdmin(),
      });
      expect(response.status).toBe(400);
      expect(response.raw).toMatch(/Cross-Site Request Forgery/);
      expect(response.json?.data).toBeUndefined();
    });

    it('answers a GET query that carries the preflight header', async () => {
      const response = await rawRequest(t, {
        path: `/graphql?query=${encodeURIComponent('{ me { id } }')}`,
        headers: asAdmin({ 'apollo-require-preflight': 'true' }),
      });
      expect(response.status).toBe(200);
      expect(response.json?.data).toEqual({ me: { id: leaders.admin.member.id } });
    });

    it('refuses a mutation over GET with 405, even with the preflight header', async () => {
      const name = uniqueName();
      const { query, variables } = createOrganization(name);
      const response = await rawRequest(t, {
        path: `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`,
        headers: asAdmin({ 'apollo-require-preflight': 'true' }),
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await organizationsNamed(name)).toBe(0);
    });

    it.each([
      [
        'text/plain',
        (name: string) => ({
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(createOrganization(name)),
        }),
      ],
      [
        'application/x-www-form-urlencoded',
        (name: string) => ({
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            query: createOrganization(name).query,
            variables: JSON.stringify({ name }),
          }).toString(),
        }),
      ],
      [
        'multipart/form-data',
        (name: string) => {
          const form = new FormData();
          form.append('operations', JSON.stringify(createOrganization(name)));
          form.append('map', '{}');
          return { headers: {}, body: form };
        },
      ],
      [
        'no content type',
        (name: string) => ({ headers: {}, body: JSON.stringify(createOrganization(name)) }),
      ],
    ])('refuses a simple POST as %s with 400 and executes nothing', async (_type, build) => {
      const name = uniqueName();
      const { headers, body } = build(name);
      const response = await rawRequest(t, { method: 'POST', headers: asAdmin(headers), body });
      expect(response.status).toBe(400);
      expect(response.json?.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(leaksIn(response.raw)).toEqual([]);
      expect(await organizationsNamed(name)).toBe(0);
    });
  });

  describe('body limit', () => {
    const withPadding = (bytes: number) =>
      JSON.stringify({ query: `{ __typename } # ${'x'.repeat(bytes)}` });

    it('answers a body over the limit with 413 in the API error shape', async () => {
      const response = await rawRequest(t, {
        method: 'POST',
        headers: asAdmin({ 'content-type': 'application/json' }),
        body: withPadding(200 * 1024),
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.json).toEqual({
        errors: [
          {
            message: 'Request body too large',
            extensions: { code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' },
          },
        ],
      });
    });

    // Found by review: zlib's failures reached Nest's own handler ({"statusCode":400,...}, and
    // outside production zlib's message).
    it.each([
      ['gzip', 'not gzip at all'],
      ['gzip', gzipSync(JSON.stringify({ query: '{ __typename }' })).subarray(0, 12)],
      ['deflate', 'zzzz'],
      ['br', 'not brotli'],
    ])(
      'answers a %s body that does not decode with 400 in the API error shape',
      async (encoding, body) => {
        const response = await rawRequest(t, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body,
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.json).toEqual({
          errors: [
            {
              message: 'Request body could not be decoded',
              extensions: { code: 'BAD_USER_INPUT', reason: 'UNDECODABLE_BODY' },
            },
          ],
        });
      },
    );

    it('answers a body just under the limit', async () => {
      const response = await rawRequest(t, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: withPadding(90 * 1024),
      });
      expect(response.status).toBe(200);
      expect(response.json?.data).toEqual({ __typename: 'Query' });
    });
  });

  describe('G-14 HTTP hygiene', () => {
    it('marks authenticated answers no-store, JSON with a charset, without X-Powered-By', async () => {
      const response = await t.client.request('{ me { id } }', undefined, leaders.member.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    it.each([
      ['an error', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
      ['a refusal', { method: 'DELETE' }],
      ['the health check', { path: '/health' }],
      ['an unknown path', { path: '/nothing-here' }],
    ])('sends no X-Powered-By, and the usual security headers, with %s', async (_name, init) => {
      const response = await rawRequest(t, init);
      expect(response.headers.get('x-powered-by')).toBeNull();
      // Found by review: none of these were set.
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(leaksIn(response.raw)).toEqual([]);
    });

    // The id is written into every log line of the request: a client's own is kept only when it
    // is short and of safe characters.
    it("keeps a client's request id of up to 64 safe characters, and replaces any other", async () => {
      const idOf = async (id: string) =>
        (await rawRequest(t, { path: '/health', headers: { 'x-request-id': id } })).headers.get(
          'x-request-id',
        );
      const longest = 'a'.repeat(64);
      expect(await idOf(longest)).toBe(longest);
      for (const refused of ['a'.repeat(65), 'id with spaces', 'id"quoted']) {
        expect(await idOf(refused)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      }
    });

    it('marks refused requests no-store too', async () => {
      const refused: RequestInit[] = [
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' },
        { method: 'PUT' },
        { headers: { accept: 'text/html' } },
      ];
      for (const init of refused) {
        expect((await rawRequest(t, init)).headers.get('cache-control')).toBe('no-store');
      }
    });

    it.each(['PUT', 'PATCH', 'DELETE', 'HEAD', 'PROPFIND'])(
      'refuses %s on /graphql with 405 and executes nothing',
      async (method) => {
        const name = uniqueName();
        const response = await rawRequest(t, {
          method,
          headers: asAdmin({ 'content-type': 'application/json', 'apollo-require-preflight': '1' }),
          body: method === 'HEAD' ? undefined : JSON.stringify(createOrganization(name)),
        });
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, POST');
        if (method !== 'HEAD') {
          expect(response.json?.errors?.[0].extensions).toEqual({
            code: 'BAD_USER_INPUT',
            reason: 'METHOD_NOT_ALLOWED',
          });
        }
        expect(await organizationsNamed(name)).toBe(0);
      },
    );

    it('refuses TRACE (cross-site tracing)', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${t.baseUrl}/graphql`, { method: 'TRACE' }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(405);
    });

    it('answers a CORS preflight only for the allowed origin, never with *', async () => {
      const preflight = (origin: string) =>
        rawRequest(t, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight(ALLOWED_ORIGIN);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

      const foreign = await preflight('https://evil.test');
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

      const simple = await t.client.request('{ __typename }', undefined, undefined, {
        origin: 'https://evil.test',
      });
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    });

    // Found by review: the portal's pages could not read the id a user quotes to support.
    it('lets the allowed origin read the request id, and no other header', async () => {
      const answer = await t.client.request('{ __typename }', undefined, undefined, {
        origin: ALLOWED_ORIGIN,
      });
      expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(answer.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
      expect(answer.headers.get('x-request-id')).toEqual(expect.any(String));
    });
  });
});
