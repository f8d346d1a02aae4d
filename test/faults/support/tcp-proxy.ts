import { Server, Socket, createConnection, createServer } from 'node:net';

// forward: bytes flow both ways. reset: every connection, open or new, is cut at once (the
// database is down: the driver sees "Connection terminated"). blackhole: open connections are
// cut and new ones are accepted but never answered (only the driver's connect timeout ends the
// wait). freeze: nothing is cut, nothing flows any more, open connections included (a silent
// network partition: only client-side timeouts end the wait); restore() lets them flow again.
export type ProxyMode = 'forward' | 'reset' | 'blackhole' | 'freeze';

// A TCP proxy on 127.0.0.1 between the app and PostgreSQL, run inside the test process, so one
// app can lose its database without stopping the cluster that other tests share.
export class TcpProxy {
  private mode: ProxyMode = 'forward';
  private readonly sockets = new Set<Socket>();
  // Accepted during blackhole/freeze, never connected upstream.
  private readonly held = new Set<Socket>();
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  connectionsAccepted = 0;
  // Set by a test: the bytes PostgreSQL sends on each new connection pass through a filter made
  // for that connection, which writes to the app itself, instead of flowing straight through.
  // Not for use with freeze (restore() pipes every open connection straight again).
  serverFilter?: () => (chunk: Buffer, client: Socket) => void;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  // The same database URL, through the proxy.
  urlFor(databaseUrl: string): string {
    const parsed = new URL(databaseUrl);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  get currentMode(): ProxyMode {
    return this.mode;
  }

  cut(mode: Exclude<ProxyMode, 'forward'>): void {
    this.mode = mode;
    if (mode === 'freeze') {
      for (const { client, upstream } of this.pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    } else {
      this.destroyAll();
    }
  }

  restore(): void {
    const previous = this.mode;
    this.mode = 'forward';
    // Connections held without an upstream never reached the database: end them.
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    if (previous === 'freeze') {
      // What was read meanwhile waits in the streams' buffers and flows on now.
      for (const { client, upstream } of this.pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
    } else {
      this.destroyAll();
    }
  }

  async close(): Promise<void> {
    this.mode = 'reset';
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.connectionsAccepted += 1;
    client.on('error', () => client.destroy());
    if (this.mode === 'reset') {
      client.destroy();
      return;
    }
    this.track(client);
    if (this.mode === 'blackhole' || this.mode === 'freeze') {
      this.held.add(client);
      client.on('close', () => this.held.delete(client));
      return;
    }
    const upstream = createConnection(this.target);
    this.track(upstream);
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.on('close', () => this.pairs.delete(pair));
    upstream.on('error', () => {
      upstream.destroy();
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    const filter = this.serverFilter?.();
    if (filter) upstream.on('data', (chunk: Buffer) => filter(chunk, client));
    else upstream.pipe(client);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private destroyAll(): void {
    for (const socket of [...this.sockets, ...this.held]) socket.destroy();
    this.sockets.clear();
    this.held.clear();
    this.pairs.clear();
  }
}
