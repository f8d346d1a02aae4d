import { DEFAULT_CO_CHAIR_PORTFOLIOS } from '@council/terms';
import { APPROVE, CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, person } from './support/elections';
import type { SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// An ADMIN certifies alone only while the current term has no co-chairs (DOMAIN.md), and the
// founding appointment is possible only while no roster was ever installed. A decision on an
// election reads the current seats (its approval slots): a roster installed at the same moment must
// wait for it, or it for the roster. Serially exactly one of the two requests succeeds; sent
// together, so must it be. PostgreSQL only: the embedded engine has one connection, no race.
const ROUNDS = 8;
const APPOINT = `mutation($label: String!, $seats: [SeatInput!]!) {
  appointFoundingRoster(termLabel: $label, seats: $seats) { label }
}`;

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

onPostgres('elections: certification against a roster being installed (e2e)', () => {
  let t: TestApp;
  // Each test starts with no roster ever installed, on an app and a database of its own: the
  // control seats a leadership in the current term and leaves it there.
  // On a pinned clock: a round that ran across the start of a term on the real clock found its
  // "current" term over (TERM_IN_PAST; found with faketime at 2026-12-31 20:56 UTC).
  beforeEach(async () => {
    t = await createTestApp();
    t.clock.set('2027-03-10T09:00:00Z');
  });
  afterEach(() => t.close());

  it('never lets both the founding appointment and an ADMIN-only certification through', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const driver = new ElectionDriver(t, admin.token);
    const current = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    const [chair, regional, federal, secretary] = await Promise.all(
      [1, 2, 3, 4].map(() => t.factory.member()),
    );
    const seats = [
      { position: 'CHAIR', memberId: chair.id },
      { position: 'CO_CHAIR', memberId: regional.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
      { position: 'CO_CHAIR', memberId: federal.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
      { position: 'EXECUTIVE_SECRETARY', memberId: secretary.id },
    ];
    const outcomes: string[] = [];
    const both: unknown[] = [];
    for (let round = 0; round < ROUNDS && both.length === 0; round += 1) {
      const winner: SignedIn = await t.factory.signedIn();
      const election = await driver.talliedByPaper(
        { contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
        [[person(winner)]],
      );
      const [appointed, approved] = await Promise.all([
        t.client.request<any>(APPOINT, { label: current, seats }, admin.token),
        t.client.request<any>(APPROVE, { id: election.id }, admin.token),
      ]);
      const a = appointed.errors ? String(appointed.errors[0].extensions?.reason) : 'ok';
      const c = approved.errors
        ? String(approved.errors[0].extensions?.reason)
        : approved.data.approveElection.status;
      outcomes.push(`${a}/${c}`);
      if (a === 'ok' && c === 'CERTIFIED') {
        both.push(
          await t.dataSource.query(
            `SELECT r.term_label, r.source, r.election_id IS NOT NULL AS by_election,
                    (SELECT string_agg(capacity::text, ',') FROM election_approval
                      WHERE election_id = $1) AS approvals
               FROM roster r ORDER BY r.term_label`,
            [election.id],
          ),
        );
      }
      // Back to "no roster was ever installed" for the next round.
      await t.dataSource.query('DELETE FROM seat');
      await t.dataSource.query('DELETE FROM roster');
    }
    expect({ outcomes, both }).toEqual({ outcomes, both: [] });
  });

  it('never lets an ADMIN certify alone after co-chairs were seated by another certification', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const driver = new ElectionDriver(t, admin.token);
    const current = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    const outcomes: string[] = [];
    const both: unknown[] = [];
    for (let round = 0; round < ROUNDS && both.length === 0; round += 1) {
      const people = await t.factory.signedInMany(5);
      const [c, r, f, s, next] = people;
      // E0: the current term's own leadership, elected late (the term began without a roster).
      const e0 = await driver.talliedByPaper({ termLabel: current, ruleset: NO_QUORUM_RULE }, [
        [person(c)],
        [person(r)],
        [person(f)],
        [person(s)],
      ]);
      // E1: a later term's election, also tallied.
      const e1 = await driver.talliedByPaper({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
        [person(next)],
      ]);
      const answers = await Promise.all([
        t.client.request<any>(APPROVE, { id: e0.id }, admin.token),
        t.client.request<any>(APPROVE, { id: e1.id }, admin.token),
      ]);
      const [a0, a1] = answers.map((x) =>
        x.errors ? String(x.errors[0].extensions?.reason) : x.data.approveElection.status,
      );
      outcomes.push(`${a0}/${a1}`);
      if (a0 === 'CERTIFIED' && a1 === 'CERTIFIED') {
        // Both are right only in the order E1 then E0: E1's lone approval came before co-chairs
        // sat. The audit log tells the order the two transactions committed in.
        const [entries] = await t.dataSource.query(
          `SELECT (SELECT max(seq) FROM audit_entry
                    WHERE action = 'elections.approved' AND entity_id = $1) AS e1_approved,
                  (SELECT max(seq) FROM audit_entry
                    WHERE action = 'terms.roster_installed' AND entity_id = $2)
                    AS e0_installed`,
          [e1.id, current],
        );
        if (BigInt(entries.e1_approved) > BigInt(entries.e0_installed)) both.push(entries);
      }
      await t.dataSource.query(`UPDATE election SET status = 'REJECTED' WHERE term_label = $1`, [
        current,
      ]);
      await t.dataSource.query('DELETE FROM seat');
      await t.dataSource.query('DELETE FROM roster');
    }
    expect({ outcomes, both }).toEqual({ outcomes, both: [] });
  });

  it('(control) serially, the second ADMIN approval is refused once co-chairs sit', async () => {
    const admin = await t.factory.signedIn({ isAdmin: true });
    const driver = new ElectionDriver(t, admin.token);
    const current = (await t.client.ok(`{ currentTerm { label } }`, {}, admin.token)).currentTerm
      .label;
    const [c, r, f, s, next] = await t.factory.signedInMany(5);
    const e0 = await driver.talliedByPaper({ termLabel: current, ruleset: NO_QUORUM_RULE }, [
      [person(c)],
      [person(r)],
      [person(f)],
      [person(s)],
    ]);
    const e1 = await driver.talliedByPaper({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(next)],
    ]);
    const first = await t.client.ok(APPROVE, { id: e0.id }, admin.token);
    expect(first.approveElection.status).toBe('CERTIFIED');
    expect(await t.client.error(APPROVE, { id: e1.id }, admin.token)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_AN_APPROVER',
    });
  });
});
