import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../apps/api/src/seed/demo-data';
import { DemoSeeder } from '../apps/api/src/seed/demo-seeder';
import { CAST } from './support/elections';
import { TestApp, createTestApp } from './support/test-app';

const LOGIN = `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken } }`;
const OPEN_ELECTIONS = `query($term: String) { elections(termLabel: $term) {
  id status turnout electorateSize hasVoted term { label status }
  contests { id position candidates { id member { fullName } } } } }`;

describe('elections: demo data (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('holds an open election for the next term in which member8 can vote and watch the turnout', async () => {
    const seeded = await t.app.get(DemoSeeder).seedOnce();
    expect(seeded.created).toBe(true);
    const again = await t.app.get(DemoSeeder).seedOnce();
    expect(again.created).toBe(false);
    // "has not voted yet" is printed when it is true: at the start that loaded the data.
    const member8 = (result: typeof seeded) =>
      result.logins.find((login) => login.email === 'member8@council.example')?.description;
    expect(member8(seeded)).toBe(
      'member; has not voted yet in the open election (only member2 and member4 to member7 have)',
    );
    expect(member8(again)).toBe('member');

    const login = async (email: string) =>
      (await t.client.ok(LOGIN, { email, password: DEMO_PASSWORD })).login.accessToken as string;
    const token = await login('member8@council.example');
    const next = (await t.client.ok(`{ terms { label status } }`, {}, token)).terms.find(
      (term: { status: string }) => term.status === 'UPCOMING',
    ).label;
    const [election, ...others] = (await t.client.ok(OPEN_ELECTIONS, { term: next }, token))
      .elections;
    expect(others).toEqual([]);
    expect(election).toMatchObject({
      status: 'VOTING',
      turnout: 5,
      electorateSize: 13,
      hasVoted: false,
      term: { label: next, status: 'UPCOMING' },
    });
    expect(election.contests.map((c: any) => c.candidates.length)).toEqual([2, 1, 2, 1]);

    const [chair, regional, federal, executive] = election.contests;
    const receipt = await t.client.ok(
      CAST,
      {
        input: {
          electionId: election.id,
          choices: [
            { contestId: chair.id, candidateIds: [chair.candidates[1].id] },
            { contestId: regional.id, answer: 'YES' },
            { contestId: federal.id, abstain: true },
            { contestId: executive.id, answer: 'NO' },
          ],
        },
      },
      token,
    );
    expect(receipt.castBallot.trackingCode).toEqual(expect.any(String));
    const after = (await t.client.ok(OPEN_ELECTIONS, { term: next }, token)).elections[0];
    expect(after).toMatchObject({ turnout: 6, hasVoted: true });
    // The secretary sees the same turnout, and no more.
    const secretary = await login('secretary@council.example');
    const view = (await t.client.ok(OPEN_ELECTIONS, { term: next }, secretary)).elections[0];
    expect(view).toMatchObject({ turnout: 6, hasVoted: false });

    // Once closed, the demo shows certification as it usually goes: the regional co-chair, who
    // does not stand again, in their own right; the chair for the federal co-chair, who does and
    // recuses. Not the ADMIN's last resort.
    await t.client.ok(
      `mutation($id: ID!) { closeVoting(electionId: $id) { id } }`,
      { id: election.id },
      secretary,
    );
    const pending = (
      await t.client.ok(
        `query($id: ID!) { election(id: $id) { pendingApprovals { capacity member { email } } } }`,
        { id: election.id },
        secretary,
      )
    ).election.pendingApprovals;
    expect(pending).toEqual([
      { capacity: 'CO_CHAIR', member: { email: 'cochair.regional@council.example' } },
      { capacity: 'CHAIR_FOR_RECUSED', member: { email: 'chair@council.example' } },
    ]);

    // A later start lists the log-ins as they are now: a suspended demo account says so.
    const admin = await login('admin@council.example');
    const member5 = (
      await t.client.ok(`{ members(first: 100) { edges { node { id email } } } }`, {}, admin)
    ).members.edges
      .map((edge: any) => edge.node)
      .find((node: any) => node.email === 'member5@council.example');
    await t.client.ok(
      `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
      { id: member5.id },
      admin,
    );
    const restarted = await t.app.get(DemoSeeder).seedOnce();
    expect(restarted.logins.find((entry) => entry.email === 'member5@council.example')).toEqual({
      email: 'member5@council.example',
      description: 'member; suspended, cannot log in',
    });
    expect(restarted.logins.find((entry) => entry.email === 'member8@council.example')).toEqual({
      email: 'member8@council.example',
      description: 'member',
    });
    // Each account is described by the seats it holds now (found by review: after the founding
    // term ended the banner still named its leaders).
    const described = (result: typeof seeded) =>
      Object.fromEntries(result.logins.map((entry) => [entry.email, entry.description]));
    const current = (await t.client.ok(`{ currentTerm { label } }`, {}, admin)).currentTerm.label;
    expect(described(restarted)).toMatchObject({
      'admin@council.example': 'operator staff (ADMIN)',
      'chair@council.example': `chair of ${current}`,
      'cochair.regional@council.example': `co-chair of ${current} (Relations with regional authorities)`,
      'cochair.federal@council.example': `co-chair of ${current} (Relations with federal authorities)`,
      'secretary@council.example': `executive secretary of ${current}`,
    });
    // The next term has no roster yet (its election is still open): nobody holds a seat then.
    const nextStart = new Date(
      (await t.client.ok(`{ terms { status startsOn } }`, {}, admin)).terms.find(
        (term: { status: string }) => term.status === 'UPCOMING',
      ).startsOn + 'T00:00:00+03:00',
    );
    t.clock.set(nextStart.toISOString());
    const nextTerm = described(await t.app.get(DemoSeeder).seedOnce());
    for (const leader of ['chair', 'cochair.regional', 'cochair.federal', 'secretary']) {
      expect(nextTerm[`${leader}@council.example`]).toBe('member');
    }
    expect(nextTerm['admin@council.example']).toBe('operator staff (ADMIN)');
  });
});

// Its own app: the test above moves the clock into the next term, where the demo chair sits no more.
describe("the README's first query on the demo data (e2e)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // The README's "Try it", as a newcomer pastes it: the log-in, then the query with its token.
  it("answers the README's first query as it shows", async () => {
    await t.app.get(DemoSeeder).seedOnce();
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const block = /Try it:\n\n```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
    const [loginDocument, rest] = block!.split(
      '# then, with the header  Authorization: Bearer <accessToken>\n',
    );
    const { accessToken } = (await t.client.ok(loginDocument)).login;
    const answer = await t.client.ok(rest, {}, accessToken);
    expect(answer.me).toEqual({ fullName: expect.any(String), roles: ['MEMBER', 'CHAIR'] });
    expect(answer.myPermissions).toEqual(
      expect.arrayContaining(['APPROVE_MINUTES', 'PUBLISH_AGENDA']),
    );
    expect(answer.currentTerm.name).toMatch(/^(первое|второе) полугодие \d{4} года$/);
    const portfolios = answer.currentTerm.roster
      .filter((seat: { position: string }) => seat.position === 'CO_CHAIR')
      .map((seat: { portfolio: string }) => seat.portfolio);
    expect(portfolios).toHaveLength(2);
    for (const portfolio of portfolios) expect(portfolio).toMatch(/^[а-яё ]+$/);
  });
});
