import { randomUUID } from 'node:crypto';
import { MemberEntity, MemberStatus, OrganizationEntity, SessionService } from '@council/accounts';
import {
  APPROVE,
  BALLOT_BOX,
  CAST,
  CLOSE,
  ELECTION,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_VOTING,
  REJECT,
  RESPOND,
  RESULTS,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import { TEST_PASSWORD } from './support/test-factory';
import type { Leadership, SignedIn } from './support/test-factory';
import { inLineAtTheAuditLog } from './support/lock-waits';
import { TestApp, createTestApp } from './support/test-app';

describe('elections: one voter, one vote under concurrency (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    // The embedded engine has a single connection: a burst of 200 simultaneous requests queues
    // for it longer than the default 5 s wait for a connection. This file is about counting, not
    // about that engine's throughput, so the wait is raised here (a server pool is unaffected).
    t = await createTestApp({ env: { DB_CONNECT_TIMEOUT_MS: '120000' } });
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  // Many voters at once: one insert for the members, one transaction for their sessions.
  const signedIn = async (count: number): Promise<SignedIn[]> => {
    const organization = await t.dataSource
      .getRepository(OrganizationEntity)
      .save({ name: `Кластер ${randomUUID()}`, shortName: 'Кластер' });
    const rows = Array.from({ length: count }, () => {
      const unique = randomUUID();
      return {
        email: `voter-${unique}@council.test`,
        fullName: `Избиратель ${unique.slice(0, 8)}`,
        organizationId: organization.id,
        status: MemberStatus.ACTIVE,
        isAdmin: false,
      };
    });
    const members = (await t.dataSource.getRepository(MemberEntity).save(rows)) as MemberEntity[];
    const sessions = t.app.get(SessionService);
    return t.dataSource.transaction(async (manager) => {
      const people: SignedIn[] = [];
      for (const member of members) {
        people.push({
          member,
          token: (await sessions.startSession(manager, member.id)).accessToken,
        });
      }
      return people;
    });
  };

  it('lets exactly one of 20 racing ballots of one voter through; the rest are CONFLICT', async () => {
    const [a, b, voter] = await signedIn(3);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a), person(b)]],
    );
    const chair = election.contests[0].id;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        t.client.request<any>(
          CAST,
          {
            input: {
              electionId: election.id,
              choices: [
                { contestId: chair, candidateIds: [index % 2 ? a.member.id : b.member.id] },
              ],
            },
          },
          voter.token,
        ),
      ),
    );
    const succeeded = responses.filter((response) => !response.errors);
    const refused = responses.filter((response) => response.errors);
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const response of refused) {
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'ALREADY_VOTED',
      });
    }
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM election_participation WHERE election_id = $1) AS voters,
              (SELECT count(*)::int FROM election_ballot WHERE election_id = $1) AS ballots,
              (SELECT count(*)::int FROM election_tracking_code WHERE election_id = $1) AS codes`,
      [election.id],
    );
    expect(row).toEqual({ voters: 1, ballots: 1, codes: 1 });
  });

  it('counts exactly 200 ballots cast at once by 200 voters', async () => {
    const [a, b] = await signedIn(2);
    const voters = await signedIn(200);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }, { position: 'EXECUTIVE_SECRETARY' }] },
      [[person(a), person(b)], [person(b)]],
    );
    const [chair, secretary] = election.contests.map((contest) => contest.id);
    const responses = await Promise.all(
      voters.map((voter, index) =>
        t.client.request<any>(
          CAST,
          {
            input: {
              electionId: election.id,
              choices: [
                index % 4 === 3
                  ? { contestId: chair, abstain: true }
                  : {
                      contestId: chair,
                      candidateIds: [index % 4 === 0 ? b.member.id : a.member.id],
                    },
                { contestId: secretary, answer: index % 10 === 0 ? 'NO' : 'YES' },
              ],
            },
          },
          voter.token,
        ),
      ),
    );
    expect(responses.filter((response) => response.errors).map((r) => r.errors)).toEqual([]);

    const closed = (await t.client.ok(CLOSE, { id: election.id }, leaders.secretary.token))
      .closeVoting;
    expect(closed).toMatchObject({ status: 'TALLIED', turnout: 200, quorumReached: true });
    const results = (await t.client.ok(RESULTS, { id: election.id }, a.token)).election.contests;
    // Chair: 100 for A (index % 4 is 1 or 2), 50 for B, 50 abstentions.
    expect(results[0]).toMatchObject({ validBallots: 150, abstentions: 50 });
    expect(results[0].results.map((r: any) => [r.member.id, r.votes, r.elected])).toEqual([
      [a.member.id, 100, true],
      [b.member.id, 50, false],
    ]);
    // Secretary (uncontested B, who did not win the chair): 180 Yes, 20 No.
    expect(results[1].results[0]).toMatchObject({ votes: 180, noVotes: 20, elected: true });
    const box = (await t.client.ok(BALLOT_BOX, { id: election.id }, a.token)).ballotBox;
    expect(box.trackingCodeHashes).toHaveLength(200);
    expect(new Set(box.trackingCodeHashes).size).toBe(200);
    expect(box.ballots).toHaveLength(200);
  });

  it('counts every acknowledged ballot when the close races the casting, and no other', async () => {
    const [a] = await signedIn(1);
    const voters = await signedIn(40);
    const election = await driver.voting(
      { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
      [[person(a)]],
    );
    const chair = election.contests[0].id;
    const casts = voters.map((voter) =>
      t.client.request<any>(
        CAST,
        { input: { electionId: election.id, choices: [{ contestId: chair, answer: 'YES' }] } },
        voter.token,
      ),
    );
    const close = t.client.ok(CLOSE, { id: election.id }, leaders.secretary.token);
    const [responses, closed] = await Promise.all([Promise.all(casts), close]);
    const acknowledged = responses.filter((response) => !response.errors).length;
    for (const response of responses.filter((r) => r.errors)) {
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'VOTING_NOT_OPEN',
      });
    }
    expect(closed.closeVoting.turnout).toBe(acknowledged);
    const [row] = await t.dataSource.query(
      `SELECT cardinality(ballots) AS n FROM election_ballot_box WHERE election_id = $1`,
      [election.id],
    );
    expect(row.n).toBe(acknowledged);
  });
  it('rejects a parent while its runoff closes, in either order, without a deadlock', async () => {
    const statuses: string[][] = [];
    for (let round = 0; round < 3; round += 1) {
      const [y, z, voter] = await signedIn(3);
      const parent = await driver.nominated(
        {
          termLabel: `${2041 + round}-H1`,
          contests: [{ position: 'CHAIR' }],
          ruleset: NO_QUORUM_RULE,
        },
        [[person(y), person(z)]],
      );
      await driver.paper({
        electionId: parent.id,
        ballotsCast: 2,
        contests: [
          paperCount(parent.contests[0].id, [
            [y, 1],
            [z, 1],
          ]),
        ],
      });
      const runoff = (
        await t.client.ok(RUNOFF, { contest: parent.contests[0].id }, leaders.secretary.token)
      ).createRunoff;
      await driver.openVoting(runoff.id);
      await driver.cast(runoff.id, voter.token, [
        { contestId: runoff.contests[0].id, candidateIds: [y.member.id] },
      ]);
      const [closed, rejected] = await Promise.all([
        t.client.request(CLOSE, { id: runoff.id }, leaders.secretary.token),
        t.client.request(
          REJECT,
          { id: parent.id, reason: 'Нарушения при выдвижении' },
          leaders.coChairRegional.token,
        ),
      ]);
      expect(rejected.errors).toBeUndefined();
      // The close either came first or found the runoff already ended by the rejection.
      if (closed.errors) {
        expect(closed.errors[0].extensions).toMatchObject({ code: 'CONFLICT' });
      }
      const status = async (id: string) =>
        (await t.client.ok(ELECTION, { id }, leaders.secretary.token)).election.status;
      statuses.push([await status(parent.id), await status(runoff.id)]);
    }
    for (const [parentStatus, runoffStatus] of statuses) {
      expect(parentStatus).toBe('REJECTED');
      expect(['CANCELLED', 'REJECTED']).toContain(runoffStatus);
    }
  });
  // Found by review: the final approval wrote its audit entries (holding the audit log's lock to
  // the commit) and then installed the roster, whose seats take key-share locks on the winners'
  // rows; a suspension or a password change of a winner holds that row and waits for the audit
  // log: PostgreSQL aborted one of them as a deadlock. PostgreSQL only (two connections).
  if (process.env.DATABASE_URL) {
    describe('lock order between the final approval and a change to a winner', () => {
      const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;
      const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;

      it.each([
        ['a suspension of the winner', 'suspend'],
        ["the winner's password change", 'password'],
      ])('%s', async (_name, change) => {
        const a = await t.factory.signedIn(); // with a password
        const [b, voter] = await signedIn(2);
        const election = await driver.voting(
          { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
          [[person(a), person(b)]],
        );
        await driver.cast(election.id, voter.token, [
          { contestId: election.contests[0].id, candidateIds: [a.member.id] },
        ]);
        await driver.close(election.id);
        await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);

        // The audit log's lock lines the two requests up in this order.
        const answers = await inLineAtTheAuditLog(
          t.database.url,
          () => t.client.request<any>(APPROVE, { id: election.id }, leaders.coChairFederal.token),
          () =>
            change === 'suspend'
              ? t.client.request<any>(SUSPEND, { id: a.member.id }, leaders.admin.token)
              : t.client.request<any>(
                  CHANGE,
                  {
                    input: {
                      currentPassword: TEST_PASSWORD,
                      newPassword: 'новая длинная парольная фраза',
                    },
                  },
                  a.token,
                ),
        );
        expect(answers.map((answer) => answer.errors)).toEqual([undefined, undefined]);
        expect(answers[0].data.approveElection.status).toBe('CERTIFIED');
      });
    });
  }
  // A suspension under way when the vote opens: it has suspended the candidate (not yet committed)
  // and waits for the audit log's lock, held here. The opening must wait for it and see the
  // candidate suspended; reading the status past the uncommitted change, it would open the vote
  // and, if the suspension committed before the electorate was taken, leave out a candidate
  // suspended at that very moment. PostgreSQL only (two connections).
  if (process.env.DATABASE_URL) {
    it('waits for a suspension of a candidate under way, and refuses to open the vote', async () => {
      const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;
      const [a, b] = await signedIn(2);
      const election = await driver.nominated(
        { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
        [[person(a), person(b)]],
      );
      const [suspended, opened] = await inLineAtTheAuditLog(
        t.database.url,
        () => t.client.request(SUSPEND, { id: a.member.id }, leaders.admin.token),
        () => t.client.request(OPEN_VOTING, { id: election.id }, leaders.secretary.token),
      );
      expect(suspended.errors).toBeUndefined();
      expect(opened.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'CANDIDATE_NOT_ACTIVE',
      });
      const [row] = await t.dataSource.query(
        `SELECT status, (SELECT count(*)::int FROM election_elector WHERE election_id = $1) AS electors
           FROM election WHERE id = $1`,
        [election.id],
      );
      expect(row).toEqual({ status: 'NOMINATION', electors: 0 });
    });
  }
  // Forced interleavings: a second connection holds the audit log's lock while the rejection of a
  // parent reaches it, then a command on the runoff starts; without one lock order (root first,
  // the audit log last) the two deadlock. Two connections at once: PostgreSQL only (the embedded
  // engine has one connection, where no deadlock can happen).
  if (process.env.DATABASE_URL) {
    describe('lock order between a rejected parent and commands on its runoff', () => {
      async function tiedParentWithRunoff(termLabel: string) {
        const [y, z] = await signedIn(2);
        const parent = await driver.nominated(
          { termLabel, contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
          [[person(y), person(z)]],
        );
        const tie = (contestId: string) =>
          paperCount(contestId, [
            [y, 1],
            [z, 1],
          ]);
        await driver.paper({
          electionId: parent.id,
          ballotsCast: 2,
          contests: [tie(parent.contests[0].id)],
        });
        const runoff = (
          await t.client.ok(RUNOFF, { contest: parent.contests[0].id }, leaders.secretary.token)
        ).createRunoff;
        return { y, parent, runoff, tie };
      }

      // Runs the rejection, then `second` once the rejection waits for the audit log, and lets
      // both go once `second` waits too.
      async function raceWithRejection(parentId: string, second: () => Promise<any>) {
        return inLineAtTheAuditLog(
          t.database.url,
          () =>
            t.client.request(
              REJECT,
              { id: parentId, reason: 'Нарушения при выдвижении' },
              leaders.coChairRegional.token,
            ),
          second,
        );
      }

      it('a runoff candidate declining', async () => {
        const { y, parent, runoff } = await tiedParentWithRunoff('2051-H1');
        const [nomination] = await t.dataSource.query(
          `SELECT n.id FROM election_nomination n JOIN election_contest c ON c.id = n.contest_id
            WHERE c.election_id = $1 AND n.nominee_id = $2`,
          [runoff.id, y.member.id],
        );
        const [rejected, declined] = await raceWithRejection(parent.id, () =>
          t.client.request(RESPOND, { id: nomination.id, accept: false }, y.token),
        );
        expect(rejected.errors).toBeUndefined();
        expect(declined.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
      });

      it('a runoff of the runoff being created', async () => {
        const { parent, runoff, tie } = await tiedParentWithRunoff('2052-H1');
        await driver.paper({
          electionId: runoff.id,
          ballotsCast: 2,
          contests: [tie(runoff.contests[0].id)],
        });
        const [rejected, created] = await raceWithRejection(parent.id, () =>
          t.client.request(RUNOFF, { contest: runoff.contests[0].id }, leaders.secretary.token),
        );
        expect(rejected.errors).toBeUndefined();
        expect(created.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
        const status = async (id: string) =>
          (await t.client.ok(ELECTION, { id }, leaders.secretary.token)).election.status;
        expect([await status(parent.id), await status(runoff.id)]).toEqual([
          'REJECTED',
          'REJECTED',
        ]);
      });
    });
  }
});
