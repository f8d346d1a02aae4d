import { Client } from 'pg';
import { AUDIT_APPEND_LOCK } from '@council/audit';
import { APPROVE, CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import { untilLockWaiters } from './support/lock-waits';
import { leadershipSeats } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const REACTIVATE = `mutation($id: ID!) { reactivateMember(memberId: $id) { status } }`;

// Found by a review of time as the server lives with it. A decision on an election holds the
// rosters and locks the seat holders "of the term current now", then reads the seats "of the term
// current now" again to decide who may approve: two readings of the clock. A request that waits
// between them across 1 July 00:00 MSK locks the old term's holders and decides on the new term's,
// whose suspension or reactivation under way is then read past, the race
// test/elections-suspension-races.e2e-spec.ts (b) closes on any other day. Two connections:
// PostgreSQL only.
describe('a decision on an election across the start of a term (e2e)', () => {
  let t: TestApp;
  const onPostgres = process.env.DATABASE_URL ? it : it.skip;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  // <year>-H1: chair `oldChair`, co-chairs `stays` and `leaves`, secretary `secretaryThenChair`.
  // <year>-H2: `secretaryThenChair` is chair, co-chairs `stays` and `returning` (suspended). An
  // election for the next year's H1 is tallied and `stays` has approved it in <year>-H1.
  async function acrossTheStartOfATerm(year: number) {
    t.clock.set(`${year}-06-30T18:00:00Z`); // 30 June, 21:00 MSK
    const [admin, oldChair, stays, leaves, secretaryThenChair, returning, newSecretary, winner] =
      await Promise.all(
        Array.from({ length: 8 }, (_, index) => t.factory.signedIn({ isAdmin: index === 0 })),
      );
    await t.factory.installRoster(
      `${year}-H1`,
      leadershipSeats({
        chair: oldChair,
        coChairs: [stays, leaves],
        secretary: secretaryThenChair,
      }),
    );
    await t.factory.installRoster(
      `${year}-H2`,
      leadershipSeats({
        chair: secretaryThenChair,
        coChairs: [stays, returning],
        secretary: newSecretary,
      }),
    );
    await t.dataSource.query(`UPDATE member SET status = 'SUSPENDED' WHERE id = $1`, [
      returning.member.id,
    ]);
    const election = await new ElectionDriver(t, secretaryThenChair.token).talliedByPaper(
      { termLabel: `${year + 1}-H1`, contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    // The co-chair of both terms approves in H1 (the decision counts in H2 too).
    await t.client.ok(APPROVE, { id: election.id }, stays.token);
    return { admin, oldChair, secretaryThenChair, returning, election };
  }

  const electionStatus = async (id: string) =>
    (await t.dataSource.query(`SELECT status FROM election WHERE id = $1`, [id]))[0]
      .status as string;

  onPostgres(
    'does not let the new chair stand in for a co-chair whose reactivation is under way',
    async () => {
      const { admin, oldChair, secretaryThenChair, returning, election } =
        await acrossTheStartOfATerm(2034);
      const rowHolder = new Client({ connectionString: t.database.url });
      const auditHolder = new Client({ connectionString: t.database.url });
      await Promise.all([rowHolder.connect(), auditHolder.connect()]);
      try {
        // The old chair's row held (as by a change of their account under way): the decision
        // waits there, after reading the 2034-H1 seats to lock their holders.
        await rowHolder.query('BEGIN');
        await rowHolder.query('SELECT 1 FROM member WHERE id = $1 FOR UPDATE', [
          oldChair.member.id,
        ]);
        await auditHolder.query('BEGIN');
        await auditHolder.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);

        t.clock.set('2034-06-30T20:59:59.990Z'); // 23:59:59.990 MSK: the old secretary may decide
        const decided = t.client.request<any>(
          APPROVE,
          { id: election.id },
          secretaryThenChair.token,
        );
        await untilLockWaiters(auditHolder, 1, `l.locktype <> 'advisory'`);
        t.clock.set('2034-06-30T21:00:00.010Z'); // 1 July 00:00:00.010 MSK
        // The returning co-chair's reactivation starts: it holds their row and waits for the log.
        const reactivated = t.client.request(REACTIVATE, { id: returning.member.id }, admin.token);
        await untilLockWaiters(auditHolder, 1, `l.locktype = 'advisory'`);
        const rowHolderPid = (await rowHolder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        await rowHolder.query('ROLLBACK');
        // The decision goes on and waits again: for the log, behind the reactivation (it read the
        // seats without waiting for it), or for the reactivation itself.
        await untilLockWaiters(
          auditHolder,
          2,
          `cardinality(pg_blocking_pids(a.pid)) > 0 AND NOT ${Number(rowHolderPid)} = ANY(pg_blocking_pids(a.pid))`,
        );
        await auditHolder.query('COMMIT');
        const [approval, reactivation] = await Promise.all([decided, reactivated]);
        expect(reactivation.errors).toBeUndefined();
        const order = (
          await t.dataSource.query(
            `SELECT action FROM audit_entry
              WHERE (entity_type = 'member' AND entity_id = $1)
                 OR (entity_type = 'election' AND entity_id = $2
                     AND action IN ('elections.approved', 'elections.certified'))
              ORDER BY seq`,
            [returning.member.id, election.id],
          )
        ).map((row: any) => row.action);
        // Once the returning co-chair is back, the new chair stands in for nobody; before it, in
        // 2034-H1, the secretary had no place either. Either way the decision is refused and the
        // election waits for the returning co-chair.
        expect({
          status: await electionStatus(election.id),
          order,
          refused: approval.errors?.[0]?.extensions?.reason,
        }).toEqual({
          status: 'TALLIED',
          order: ['elections.approved', 'accounts.member_reactivated'],
          refused: 'NOT_AN_APPROVER',
        });
      } finally {
        await rowHolder.query('ROLLBACK').catch(() => undefined);
        await auditHolder.query('ROLLBACK').catch(() => undefined);
        await Promise.all([rowHolder.end(), auditHolder.end()]);
      }
    },
  );

  // The README's promise: a request that waited across midnight on 1 July acts with the powers of
  // the new term. The old secretary, chair from 1 July, stands in for the suspended co-chair.
  onPostgres('decides with the new term’s seats when it waited into the new term', async () => {
    const { oldChair, secretaryThenChair, returning, election } = await acrossTheStartOfATerm(2036);
    const rowHolder = new Client({ connectionString: t.database.url });
    await rowHolder.connect();
    try {
      await rowHolder.query('BEGIN');
      await rowHolder.query('SELECT 1 FROM member WHERE id = $1 FOR UPDATE', [oldChair.member.id]);
      t.clock.set('2036-06-30T20:59:59.990Z');
      const decided = t.client.request<any>(APPROVE, { id: election.id }, secretaryThenChair.token);
      await untilLockWaiters(rowHolder, 1, `l.locktype = 'transactionid'`);
      t.clock.set('2036-06-30T21:00:00.010Z');
      await rowHolder.query('ROLLBACK');
      const approval = await decided;
      expect(approval.errors).toBeUndefined();
      expect(approval.data.approveElection.approvals).toContainEqual({
        member: { id: secretaryThenChair.member.id },
        decision: 'APPROVE',
        capacity: 'CHAIR_FOR_SUSPENDED',
      });
      expect(await electionStatus(election.id)).toBe('CERTIFIED');
      expect(returning.member.id).not.toBe(secretaryThenChair.member.id);
    } finally {
      await rowHolder.query('ROLLBACK').catch(() => undefined);
      await rowHolder.end();
    }
  });
});
