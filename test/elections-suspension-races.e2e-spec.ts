import {
  APPROVE,
  CHAIR_ONLY,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_VOTING,
  REJECT,
  person,
} from './support/elections';
import { inLineAtTheAuditLog } from './support/lock-waits';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { status } }`;

// Elections against a suspension or reactivation under way: races forced
// on PostgreSQL with the audit log's lock held on a side connection (test/support/lock-waits.ts).
// A decision on an election reads who sits and who is active after holding the rosters; a member
// whose suspension (or reactivation) is under way was read past, and the decision committed after
// it: the audit log shows a decision the state it follows did not allow. Two connections:
// PostgreSQL only.
describe('elections and suspensions under way (e2e)', () => {
  let t: TestApp;
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const setStatus = (id: string, status: string) =>
    t.dataSource.query(`UPDATE member SET status = $2 WHERE id = $1`, [id, status]);
  const statusOf = async (electionId: string) =>
    (await t.dataSource.query(`SELECT status FROM election WHERE id = $1`, [electionId]))[0].status;
  // The audit chain's order of the member's and the election's entries.
  const orderOf = async (memberId: string, electionId: string) =>
    (
      await t.dataSource.query(
        `SELECT action FROM audit_entry
          WHERE (entity_type = 'member' AND entity_id = $1)
             OR (entity_type = 'election' AND entity_id = $2
                 AND action IN ('elections.approved', 'elections.rejected', 'elections.certified'))
          ORDER BY seq`,
        [memberId, electionId],
      )
    ).map((row: any) => row.action);

  const talliedFor = async (leaders: Leadership) => {
    const winner = await t.factory.signedIn();
    const election = await new ElectionDriver(t, leaders.secretary.token).talliedByPaper(
      { contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    return { election, winner };
  };

  // (a) The regional co-chair approves while an administrator's suspension of them is under way.
  // Serially the suspended co-chair's place goes to the chair (CHAIR_FOR_SUSPENDED) and their own
  // approval is refused; raced, it was read as a co-chair's and completed the certification one
  // audit entry after the suspension.
  onPostgres('refuses the decision of a co-chair whose suspension is under way', async () => {
    t.clock.set('2051-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const regional = leaders.coChairRegional;
    const { election } = await talliedFor(leaders);
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    const [suspended, approved] = await inLineAtTheAuditLog(
      t.database.url,
      () => t.client.request(SUSPEND, { id: regional.member.id }, leaders.admin.token),
      () => t.client.request<any>(APPROVE, { id: election.id }, regional.token),
    );
    expect(suspended.errors).toBeUndefined();
    expect({
      status: await statusOf(election.id),
      order: await orderOf(regional.member.id, election.id),
      refused: approved.errors?.[0].extensions?.reason,
    }).toEqual({
      status: 'TALLIED',
      order: ['elections.approved', 'accounts.member_suspended'],
      refused: 'NOT_AN_APPROVER',
    });
  });

  // The same with a rejection: a veto by a co-chair suspended one entry earlier.
  onPostgres('refuses the rejection of a co-chair whose suspension is under way', async () => {
    t.clock.set('2052-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const regional = leaders.coChairRegional;
    const { election } = await talliedFor(leaders);
    const [suspended, rejected] = await inLineAtTheAuditLog(
      t.database.url,
      () => t.client.request(SUSPEND, { id: regional.member.id }, leaders.admin.token),
      () => t.client.request<any>(REJECT, { id: election.id, reason: 'Против' }, regional.token),
    );
    expect(suspended.errors).toBeUndefined();
    expect({
      status: await statusOf(election.id),
      order: await orderOf(regional.member.id, election.id),
      refused: rejected.errors?.[0].extensions?.reason,
    }).toEqual({
      status: 'TALLIED',
      order: ['accounts.member_suspended'],
      refused: 'NOT_AN_APPROVER',
    });
  });

  // (b) The federal co-chair is suspended and the chair approved in their place; the federal
  // co-chair's reactivation is under way when the regional co-chair approves. Serially, once they
  // are back the chair's decision fills nothing and the federal co-chair decides; raced, the
  // regional approval certified one entry after the reactivation, without them.
  onPostgres('waits for the reactivation of the other co-chair before certifying', async () => {
    t.clock.set('2053-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const federal = leaders.coChairFederal.member.id;
    const { election } = await talliedFor(leaders);
    await setStatus(federal, 'SUSPENDED');
    const stoodIn = await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token);
    expect(stoodIn.approveElection.approvals).toEqual([
      {
        member: { id: leaders.chair.member.id },
        decision: 'APPROVE',
        capacity: 'CHAIR_FOR_SUSPENDED',
      },
    ]);
    const [reactivated, approved] = await inLineAtTheAuditLog(
      t.database.url,
      () => t.client.request(REACTIVATE, { id: federal }, leaders.admin.token),
      () => t.client.request<any>(APPROVE, { id: election.id }, leaders.coChairRegional.token),
    );
    expect(reactivated.errors).toBeUndefined();
    expect(approved.errors).toBeUndefined();
    expect({
      status: await statusOf(election.id),
      order: await orderOf(federal, election.id),
    }).toEqual({
      status: 'TALLIED',
      order: ['elections.approved', 'accounts.member_reactivated', 'elections.approved'],
    });
    const certified = await t.client.ok(APPROVE, { id: election.id }, leaders.coChairFederal.token);
    expect(certified.approveElection.status).toBe('CERTIFIED');
  });

  // (c) Every approval due is given and a winner is suspended: the approvers may close the
  // election off (WINNER_NOT_ACTIVE). The winner's reactivation is under way when one of them does:
  // read past, the election was closed off one entry after the winner was back, though it could be
  // certified (serially: ALREADY_DECIDED, and anyone who may decide completes the certification).
  onPostgres('does not close off for a winner whose reactivation is under way', async () => {
    t.clock.set('2054-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const federal = leaders.coChairFederal.member.id;
    const { election, winner } = await talliedFor(leaders);
    // The chair approves for the suspended federal co-chair; back, the federal co-chair's place is
    // theirs again and the regional co-chair's approval does not certify; suspended again, the
    // chair's decision fills the place once more: every approval due is given.
    await setStatus(federal, 'SUSPENDED');
    await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token);
    await setStatus(federal, 'ACTIVE');
    const given = await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    expect(given.approveElection.status).toBe('TALLIED');
    await setStatus(federal, 'SUSPENDED');
    await setStatus(winner.member.id, 'SUSPENDED');
    try {
      expect(await t.client.error(APPROVE, { id: election.id }, leaders.chair.token)).toMatchObject(
        { reason: 'WINNER_NOT_ACTIVE' },
      );
      const [reactivated, closed] = await inLineAtTheAuditLog(
        t.database.url,
        () => t.client.request(REACTIVATE, { id: winner.member.id }, leaders.admin.token),
        () =>
          t.client.request<any>(
            REJECT,
            { id: election.id, reason: 'Победитель выбыл' },
            leaders.coChairRegional.token,
          ),
      );
      expect(reactivated.errors).toBeUndefined();
      expect({
        status: await statusOf(election.id),
        order: await orderOf(winner.member.id, election.id),
        refused: closed.errors?.[0].extensions?.reason,
      }).toEqual({
        status: 'TALLIED',
        order: ['elections.approved', 'elections.approved', 'accounts.member_reactivated'],
        refused: 'ALREADY_DECIDED',
      });
      const certified = await t.client.ok(APPROVE, { id: election.id }, leaders.chair.token);
      expect(certified.approveElection.status).toBe('CERTIFIED');
    } finally {
      await setStatus(federal, 'ACTIVE');
    }
  });

  // The same for the last resort: all four leaders stand, so one ADMIN place decides. An
  // administrator approves while another administrator's suspension of them is under way: read past,
  // the approval certified alone one entry after its author was suspended.
  onPostgres(
    'refuses the last-resort approval of an administrator whose suspension is under way',
    async () => {
      t.clock.set('2056-03-01T09:00:00Z');
      const leaders = await t.factory.leadership();
      const other = await t.factory.signedIn({ isAdmin: true });
      const election = await new ElectionDriver(t, leaders.secretary.token).talliedByPaper(
        { ruleset: NO_QUORUM_RULE },
        [
          [person(leaders.chair)],
          [person(leaders.coChairRegional)],
          [person(leaders.coChairFederal)],
          [person(leaders.secretary)],
        ],
      );
      const [suspended, approved] = await inLineAtTheAuditLog(
        t.database.url,
        () => t.client.request(SUSPEND, { id: other.member.id }, leaders.admin.token),
        () => t.client.request<any>(APPROVE, { id: election.id }, other.token),
      );
      expect(suspended.errors).toBeUndefined();
      expect({
        status: await statusOf(election.id),
        order: await orderOf(other.member.id, election.id),
        refused: approved.errors?.[0].extensions?.reason,
      }).toEqual({
        status: 'TALLIED',
        order: ['accounts.member_suspended'],
        refused: 'NOT_AN_APPROVER',
      });
      const certified = await t.client.ok(APPROVE, { id: election.id }, leaders.admin.token);
      expect(certified.approveElection.status).toBe('CERTIFIED');
    },
  );

  // (d') Opening the vote snapshots the electorate: "the members active at that instant". A member
  // whose suspension is under way was read as active and counted (quorum's denominator, ABSOLUTE
  // majority), in a vote opened one audit entry after the suspension.
  onPostgres('leaves out of the electorate a member whose suspension is under way', async () => {
    t.clock.set('2055-03-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const leaving = await t.factory.signedIn();
    const candidate = await t.factory.signedIn();
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.nominated({ contests: CHAIR_ONLY }, [[person(candidate)]]);
    const [suspended, opened] = await inLineAtTheAuditLog(
      t.database.url,
      () => t.client.request(SUSPEND, { id: leaving.member.id }, leaders.admin.token),
      () => t.client.request<any>(OPEN_VOTING, { id: election.id }, leaders.secretary.token),
    );
    expect(suspended.errors).toBeUndefined();
    expect(opened.errors).toBeUndefined();
    const [elector] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM election_elector WHERE election_id = $1 AND member_id = $2`,
      [election.id, leaving.member.id],
    );
    expect(elector.n).toBe(0);
  });
});
