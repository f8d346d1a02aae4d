import { Socket, connect } from 'node:net';
import type { Server } from 'node:http';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../apps/api/src/bootstrap';
import { TestApp, createTestApp } from './support/test-app';

// What slow or idle clients can hold of one process (found by review: Node's defaults let a
// client dripping its request a byte at a time keep a socket for five minutes, with no cap on
// sockets, so one client could use up the process's file descriptors).
describe('the HTTP server bounds the sockets clients hold (e2e)', () => {
  let t: TestApp;
  let server: Server;
  beforeAll(async () => {
    t = await createTestApp({ env: { MAX_CONNECTIONS: '10' } });
    server = t.app.getHttpServer() as Server;
  });
  afterAll(() => t.close());

  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const address = new URL(t.baseUrl);
      const socket = connect(Number(address.port), address.hostname, () => resolve(socket));
      socket.on('error', reject);
    });
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  const until = async (condition: () => Promise<boolean>) => {
    for (let waited = 0; waited < 100 && !(await condition()); waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  // Answered or not: an HTTP request on a socket of its own.
  const health = async (): Promise<string> => {
    const socket = await open();
    return new Promise((resolve) => {
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(answer.split('\r\n')[0]));
      socket.end('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    });
  };

  it('gives a client 20 s for its headers and 30 s for its whole request', () => {
    expect([HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS]).toEqual([20_000, 30_000]);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  });

  it('closes connections past MAX_CONNECTIONS at once, and takes new ones once some end', async () => {
    expect(server.maxConnections).toBe(10);
    expect(await health()).toBe('HTTP/1.1 200 OK');
    await until(async () => (await connections()) === 0);
    const idle = await Promise.all(Array.from({ length: 10 }, open));
    try {
      await until(async () => (await connections()) === 10);
      expect(await connections()).toBe(10);
      // The eleventh is closed without an answer.
      expect(await health()).toBe('');
      idle.pop()!.destroy();
      await until(async () => (await connections()) === 9);
      expect(await health()).toBe('HTTP/1.1 200 OK');
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });
});
