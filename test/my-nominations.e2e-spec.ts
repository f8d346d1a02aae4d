import { CANCEL, ElectionDriver, NOMINATE, RESPOND } from './support/elections';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const MINE = `query($status: [NominationStatus!], $answerable: Boolean, $first: Int, $after: String) {
  myNominations(status: $status, answerable: $answerable, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id status nominee { id } nominatedBy { id }
      contest { id position election { id title } } } } } }`;

// The "you have been nominated: please answer" block of a member's home, and their nominations
// across elections, read as one paged list rather than every election's every contest.
describe('myNominations (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  it('lists the caller’s own nominations newest first, by state, a page at a time', async () => {
    const me = await t.factory.signedIn();
    const other = await t.factory.signedIn();
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const nominate = async (contestId: string, nomineeId: string, token: string) =>
      (await t.client.ok(NOMINATE, { contest: contestId, nominee: nomineeId }, token)).nominate
        .id as string;

    const first = await driver.create({ title: 'Первые выборы' });
    await driver.openNominations(first.id);
    const declined = await nominate(first.contests[0].id, me.member.id, other.token);
    await t.client.ok(RESPOND, { id: declined, accept: false }, me.token);
    t.clock.advance(60_000);
    const accepted = await nominate(first.contests[1].id, me.member.id, me.token);
    await t.client.ok(RESPOND, { id: accepted, accept: true }, me.token);
    await nominate(first.contests[0].id, other.member.id, me.token);
    t.clock.advance(60_000);
    const second = await driver.create({ title: 'Вторые выборы' });
    await driver.openNominations(second.id);
    const pending = await nominate(second.contests[3].id, me.member.id, leaders.member.token);
    t.clock.advance(60_000);
    // Never answered, and no longer answerable: its election was called off.
    const third = await driver.create({ title: 'Отменённые выборы' });
    await driver.openNominations(third.id);
    const stale = await nominate(third.contests[0].id, me.member.id, other.token);
    await t.client.ok(CANCEL, { id: third.id, reason: 'Перенос' }, leaders.secretary.token);

    const mine = async (variables: Record<string, unknown>) =>
      (await t.client.ok(MINE, variables, me.token)).myNominations;
    const all = await mine({});
    expect(all.totalCount).toBe(4);
    expect(all.edges.map((edge: any) => [edge.node.id, edge.node.status])).toEqual([
      [stale, 'PENDING'],
      [pending, 'PENDING'],
      [accepted, 'ACCEPTED'],
      [declined, 'DECLINED'],
    ]);
    expect(all.edges[1].node).toMatchObject({
      nominee: { id: me.member.id },
      nominatedBy: { id: leaders.member.member.id },
      contest: { position: 'EXECUTIVE_SECRETARY', election: { id: second.id } },
    });

    const unanswered = await mine({ status: ['PENDING'] });
    expect(unanswered.edges.map((edge: any) => edge.node.id)).toEqual([stale, pending]);
    // The "please answer" block: not answered yet, and still answerable.
    const waiting = await mine({ status: ['PENDING'], answerable: true });
    expect(waiting.edges.map((edge: any) => edge.node.id)).toEqual([pending]);
    expect(waiting.totalCount).toBe(1);
    // An answer may change while nominations are open: those answered are answerable too.
    expect((await mine({ answerable: true })).edges.map((edge: any) => edge.node.id)).toEqual([
      pending,
      accepted,
      declined,
    ]);
    expect(await mine({ status: [] })).toMatchObject({ totalCount: 0, edges: [] });

    const head = await mine({ first: 3 });
    expect(head.pageInfo.hasNextPage).toBe(true);
    const tail = await mine({ first: 3, after: head.pageInfo.endCursor });
    expect(tail.edges.map((edge: any) => edge.node.id)).toEqual([declined]);
    expect(tail.pageInfo.hasNextPage).toBe(false);

    // Another member's list holds only their own nomination.
    const theirs = (await t.client.ok(MINE, {}, other.token)).myNominations;
    expect(theirs.edges.map((edge: any) => edge.node.nominee.id)).toEqual([other.member.id]);
  });

  it('names a state it does not know, and needs a session', async () => {
    const me = await t.factory.signedIn();
    expect(await t.client.error(MINE, { status: ['GONE'] }, me.token)).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await t.client.error(MINE, {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
