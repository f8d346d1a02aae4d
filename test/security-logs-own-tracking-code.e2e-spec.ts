import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@council/core';
import { CAST, CHAIR_ONLY, ElectionDriver } from './support/elections';
import { createProductionApp } from './support/security';
import type { TestApp } from './support/test-app';

// Found sound by review, kept as a guard: a voter's own code, its replay, a taken code and a
// malformed one leave neither the code nor its hash in the logs, and no audit entry.
describe("logs and audit with a voter's own tracking code (e2e)", () => {
  let t: TestApp;
  let captured = '';
  const code = randomBytes(18).toString('base64url');
  const malformed = code.slice(0, 23) + '=';
  let since = 0;

  beforeAll(async () => {
    t = await createProductionApp({
      env: { LOG_LEVEL: 'debug' },
      logDestination: { write: (line: string) => void (captured += line) },
    });
    const leaders = await t.factory.leadership();
    const [a, b] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.voting({ contests: CHAIR_ONLY }, [
      [
        { id: a.member.id, token: a.token },
        { id: b.member.id, token: b.token },
      ],
    ]);
    [{ n: since }] = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_entry');
    const input = (trackingCode: string) => ({
      input: {
        electionId: election.id,
        choices: [{ contestId: election.contests[0].id, candidateIds: [a.member.id] }],
        trackingCode,
      },
    });
    const answers = [
      await t.client.request<any>(CAST, input(code), leaders.member.token),
      await t.client.request<any>(CAST, input(code), leaders.member.token), // replay
      await t.client.request<any>(CAST, input(code), leaders.chair.token), // taken
      await t.client.request<any>(CAST, input(malformed), leaders.chair.token),
    ];
    expect(
      answers.map((r) => r.data?.castBallot?.trackingCode ?? r.errors?.[0].extensions?.reason),
    ).toEqual([code, code, 'TRACKING_CODE_TAKEN', 'INVALID_TRACKING_CODE']);
  });
  afterAll(() => t.close());

  it('logs no code and no hash of it', () => {
    expect(captured).toContain('TRACKING_CODE_TAKEN');
    expect(captured).toContain('INVALID_TRACKING_CODE');
    for (const secret of [code, malformed, code.slice(0, 20), sha256Hex(code)]) {
      expect(captured.includes(secret)).toBe(false);
    }
  });

  it('writes no audit entry for a cast, a replay or a refusal', async () => {
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM audit_entry');
    expect(n).toBe(since);
  });
});
