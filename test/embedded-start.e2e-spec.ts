import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@council/config';
import { GraphQLClient } from '@council/testing';
import { DEMO_PASSWORD } from '../apps/api/src/seed/demo-data';
import { RunningServer, startServer } from '../apps/api/src/server';

// What `npm start` does with no DATABASE_URL: embedded engine on disk, migrations, demo data once.
describe('embedded start (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'council-embedded-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(client: GraphQLClient) {
    const data = await client.ok(
      `mutation($p: String!) { login(input: { email: "admin@council.example", password: $p }) { accessToken } }`,
      { p: DEMO_PASSWORD },
    );
    return data.login.accessToken as string;
  }

  it('keeps every change across a restart and loads the demo data only once', async () => {
    server = await startServer(config);
    expect(server.embedded).toBeDefined();
    expect(server.seed?.created).toBe(true);
    let client = new GraphQLClient(server.url);
    let token = await signIn(client);
    await client.ok(
      `mutation { createOrganization(input: { name: "Кластер, созданный до перезапуска", shortName: "До перезапуска" }) { id } }`,
      {},
      token,
    );
    const before = await client.ok(
      `{ members(first: 0) { totalCount } organizations { name } currentTerm { roster { position } } }`,
      {},
      token,
    );
    expect(before.currentTerm.roster).toHaveLength(4);
    await server.stop();

    server = await startServer(config);
    expect(server.seed?.created).toBe(false);
    client = new GraphQLClient(server.url);
    token = await signIn(client);
    const after = await client.ok(
      `{ members(first: 0) { totalCount } organizations { name } currentTerm { roster { position } } }`,
      {},
      token,
    );
    expect(after).toEqual(before);
    expect(after.organizations.map((o: { name: string }) => o.name)).toContain(
      'Кластер, созданный до перезапуска',
    );
    // Two starts of the engine from disk and the demo data: 15 s alone, over a minute was seen
    // while the rest of the suite loaded both cores.
  }, 180_000);
});
