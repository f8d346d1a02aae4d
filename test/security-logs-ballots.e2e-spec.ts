import { CAST, CHAIR_ONLY, ElectionDriver, BALLOT_BOX } from './support/elections';
import { createProductionApp } from './support/security';
import type { TestApp } from './support/test-app';

// Issue 6, Logs: no tracking code and no ballot choice reaches the application logs.
describe('application logs during a vote (e2e)', () => {
  let t: TestApp;
  let captured = '';
  const codes: string[] = [];
  let candidateIds: string[] = [];

  beforeAll(async () => {
    t = await createProductionApp({
      env: { LOG_LEVEL: 'debug' },
      logDestination: { write: (line: string) => void (captured += line) },
    });
    const leaders = await t.factory.leadership();
    const [a, b] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    candidateIds = [a.member.id, b.member.id];
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.voting({ contests: CHAIR_ONLY }, [
      [
        { id: a.member.id, token: a.token },
        { id: b.member.id, token: b.token },
      ],
    ]);
    const contestId = election.contests[0].id;
    for (const [index, voter] of [leaders.member, leaders.chair, a, b].entries()) {
      const cast = await t.client.ok(
        CAST,
        {
          input: {
            electionId: election.id,
            choices: [{ contestId, candidateIds: [candidateIds[index % 2]] }],
          },
        },
        voter.token,
      );
      codes.push(cast.castBallot.trackingCode);
    }
    // A malformed ballot too: its refusal must not echo the choices into the logs either.
    await t.client.request(
      CAST,
      {
        input: {
          electionId: election.id,
          choices: [{ contestId, candidateIds: [...candidateIds, ...candidateIds] }],
        },
      },
      leaders.coChairFederal.token,
    );
    await driver.close(election.id);
    await t.client.ok(BALLOT_BOX, { id: election.id }, leaders.member.token);
  });
  afterAll(() => t.close());

  it('captured the vote', () => {
    expect(codes).toHaveLength(4);
    expect(captured.length).toBeGreaterThan(0);
  });

  it('holds no tracking code and no chosen candidate id', () => {
    for (const code of codes) expect(captured.includes(code)).toBe(false);
    for (const id of candidateIds) expect(captured.includes(id)).toBe(false);
  });
});
