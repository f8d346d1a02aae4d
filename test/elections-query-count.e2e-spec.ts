import { recordStatements } from './support/statements';
import { APPROVE, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The elections page asks, for every election, who still has to decide: one query per kind of row
// for the whole list, however many elections it holds.
const LIST = `{ elections {
  id status
  pendingApprovals { capacity member { id fullName organization { name } } standingInFor { id } }
  approvals { member { id } }
  contests { id candidates { member { fullName } } runoffs { id } }
} }`;

describe('elections list: SQL statements per request (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  async function tallied(): Promise<string> {
    const candidate = await t.factory.signedIn();
    const election = await driver.talliedByPaper(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(candidate)]],
    );
    return election.id;
  }

  async function list(): Promise<{ statements: string[]; elections: any[] }> {
    const { result: data, statements } = await recordStatements(() =>
      t.client.ok(LIST, {}, leaders.member.token),
    );
    return { statements, elections: data.elections };
  }

  it('sends the same statements for one tallied election and for six', async () => {
    const coChairs = [leaders.coChairRegional.member.id, leaders.coChairFederal.member.id];
    const first = await tallied();
    expect(
      (await list()).elections[0].pendingApprovals.map((slot: any) => slot.member.id).sort(),
    ).toEqual([...coChairs].sort());
    // One decision recorded: that co-chair's slot is no longer pending, on that election only.
    await t.client.ok(APPROVE, { id: first }, leaders.coChairRegional.token);
    const one = await list();
    expect(one.elections).toHaveLength(1);

    for (let index = 0; index < 5; index += 1) await tallied();
    const six = await list();
    expect(six.elections).toHaveLength(6);
    // Not only as many: the very same statements (a list of ids spelled out as `IN ($1, …, $N)`
    // would keep the count and change the statement with N).
    expect(six.statements).toEqual(one.statements);
    for (const election of six.elections) {
      const pending = election.pendingApprovals.map((slot: any) => slot.member.id);
      expect(pending.sort()).toEqual(
        election.id === first ? [leaders.coChairFederal.member.id] : [...coChairs].sort(),
      );
    }
  });
});
