import { ManualClock } from '@council/core';
import { Position } from '@council/terms';
import { CANCEL, CAST, ElectionDriver, NO_QUORUM_RULE, RUNOFF, person } from './support/elections';
import { TEST_PASSWORD, type Leadership, type SignedIn } from './support/test-factory';
import { OtherInstance, TestApp, createTestApp, startAnotherInstance } from './support/test-app';

// What each API process remembers (the current term's bounds, ballot papers) never outlives what it
// stands for: two instances over one database, each with its own clock.
const ROLES = `{ me { roles } }`;
const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;
const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { accessToken refreshToken } }`;
const LOGOUT = `mutation($token: String!) { logout(refreshToken: $token) }`;
const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;

describe('two API instances over one database, and the clock (e2e)', () => {
  let a: TestApp;
  let b: OtherInstance;
  let leaders: Leadership;

  // Both instances stand at the same instant (as two servers with synchronised clocks).
  const at = (instant: string) => {
    a.clock.set(instant);
    b.clock.set(instant);
  };

  beforeAll(async () => {
    a = await createTestApp({ clock: new ManualClock('2032-03-01T09:00:00Z') });
    const clock = new ManualClock('2032-03-01T09:00:00Z');
    b = await startAnotherInstance(a, clock);
    leaders = await a.factory.leadership('2032-H1');
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  describe('the remembered term bounds', () => {
    it('switches powers on a running instance at 1 July 00:00:00.000 MSK, to the millisecond, both ways', async () => {
      // Sessions last 30 days: signed in on the eve of the change.
      at('2033-06-30T20:00:00Z');
      const [oldChair, newChair] = await Promise.all([a.factory.signedIn(), a.factory.signedIn()]);
      await a.factory.installRoster('2033-H1', [
        { position: Position.CHAIR, memberId: oldChair.member.id },
      ]);
      await a.factory.installRoster('2033-H2', [
        { position: Position.CHAIR, memberId: newChair.member.id },
      ]);
      const roles = async (who: SignedIn) => (await b.client.ok(ROLES, {}, who.token)).me.roles;

      at('2033-06-30T20:59:59.999Z'); // 30 June 23:59:59.999 MSK: B remembers 2033-H1
      expect(await roles(oldChair)).toEqual(['MEMBER', 'CHAIR']);
      expect(await roles(newChair)).toEqual(['MEMBER']);
      b.clock.advance(1); // 1 July 00:00:00.000 MSK
      expect(await roles(oldChair)).toEqual(['MEMBER']);
      expect(await roles(newChair)).toEqual(['MEMBER', 'CHAIR']);
      // And back (a clock corrected backwards): the remembered 2033-H2 does not outlive its start.
      b.clock.advance(-1);
      expect(await roles(oldChair)).toEqual(['MEMBER', 'CHAIR']);
      expect(await roles(newChair)).toEqual(['MEMBER']);
      // 31 December 23:59:59.999 → 1 January 00:00 MSK (the year changes too).
      at('2033-12-31T20:00:00Z');
      const later = { ...newChair, token: await a.factory.tokenFor(newChair.member) };
      b.clock.set('2033-12-31T20:59:59.999Z');
      expect(await roles(later)).toEqual(['MEMBER', 'CHAIR']);
      b.clock.advance(1);
      expect(await roles(later)).toEqual(['MEMBER']);
      const current = (await b.client.ok(`{ currentTerm { label startsAt } }`, {}, later.token))
        .currentTerm;
      expect(current).toEqual({ label: '2034-H1', startsAt: '2033-12-31T21:00:00.000Z' });
      at('2032-03-01T09:00:00Z');
    });
  });

  describe('a change made on instance A, the next request on instance B', () => {
    it('honours a suspension, a logout and a password change at once', async () => {
      const [suspended, leaving, changing] = await Promise.all([
        a.factory.signedIn(),
        a.factory.member(),
        a.factory.member(),
      ]);
      // B has served each of them before the change.
      expect((await b.client.ok(ROLES, {}, suspended.token)).me.roles).toEqual(['MEMBER']);
      const leavingSession = (
        await b.client.ok(LOGIN, { email: leaving.email, password: TEST_PASSWORD })
      ).login;
      const changingHere = (
        await a.client.ok(LOGIN, { email: changing.email, password: TEST_PASSWORD })
      ).login;
      const changingThere = (
        await b.client.ok(LOGIN, { email: changing.email, password: TEST_PASSWORD })
      ).login;
      await b.client.ok(ROLES, {}, leavingSession.accessToken);
      await b.client.ok(ROLES, {}, changingThere.accessToken);

      await a.client.ok(SUSPEND, { id: suspended.member.id }, leaders.admin.token);
      await a.client.ok(LOGOUT, { token: leavingSession.refreshToken }, leavingSession.accessToken);
      await a.client.ok(
        CHANGE,
        { input: { currentPassword: TEST_PASSWORD, newPassword: 'новая длинная парольная фраза' } },
        changingHere.accessToken,
      );

      expect((await b.client.error(ROLES, {}, suspended.token)).code).toBe('UNAUTHENTICATED');
      expect((await b.client.error(ROLES, {}, leavingSession.accessToken)).code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await b.client.error(ROLES, {}, changingThere.accessToken)).code).toBe(
        'UNAUTHENTICATED',
      );
      const oldPassword = await b.client.error(LOGIN, {
        email: changing.email,
        password: TEST_PASSWORD,
      });
      expect(oldPassword.reason).toBe('INVALID_CREDENTIALS');
    });

    it('gives the powers of a roster installed through A on B at once', async () => {
      at('2034-08-01T09:00:00Z');
      const newcomer = await a.factory.signedIn();
      expect((await b.client.ok(ROLES, {}, newcomer.token)).me.roles).toEqual(['MEMBER']);
      await a.factory.installRoster('2034-H2', [
        { position: Position.EXECUTIVE_SECRETARY, memberId: newcomer.member.id },
      ]);
      expect((await b.client.ok(ROLES, {}, newcomer.token)).me.roles).toEqual([
        'MEMBER',
        'EXECUTIVE_SECRETARY',
      ]);
      at('2032-03-01T09:00:00Z');
    });
  });

  describe('a ballot paper remembered by instance B', () => {
    it('refuses a ballot on B once A has cancelled the vote, and stores nothing', async () => {
      const driver = new ElectionDriver(a, leaders.secretary.token);
      const [x, y, v1, v2] = await Promise.all(
        Array.from({ length: 4 }, () => a.factory.signedIn()),
      );
      const election = await driver.voting({ contests: [{ position: 'CHAIR' }] }, [
        [person(x), person(y)],
      ]);
      const ballot = [{ contestId: election.contests[0].id, candidateIds: [x.member.id] }];
      // B reads and remembers the paper.
      await b.client.ok(CAST, { input: { electionId: election.id, choices: ballot } }, v1.token);
      await a.client.ok(
        CANCEL,
        { id: election.id, reason: 'ошибка в списке' },
        leaders.secretary.token,
      );
      const refused = await b.client.error(
        CAST,
        { input: { electionId: election.id, choices: ballot } },
        v2.token,
      );
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'VOTING_NOT_OPEN' });
      const [row] = await a.dataSource.query(
        `SELECT (SELECT count(*)::int FROM election_participation WHERE election_id = $1) AS voters,
                (SELECT count(*)::int FROM election_ballot WHERE election_id = $1) AS ballots`,
        [election.id],
      );
      expect(row).toEqual({ voters: 1, ballots: 0 });
    });

    it('sends the voters of a closed election to its runoff opened on A', async () => {
      const driver = new ElectionDriver(a, leaders.secretary.token);
      const [x, y, v1, v2, v3] = await Promise.all(
        Array.from({ length: 5 }, () => a.factory.signedIn()),
      );
      const election = await driver.voting(
        { contests: [{ position: 'CHAIR' }], ruleset: NO_QUORUM_RULE },
        [[person(x), person(y)]],
      );
      const chair = election.contests[0].id;
      const pick = (who: SignedIn) => [{ contestId: chair, candidateIds: [who.member.id] }];
      await b.client.ok(CAST, { input: { electionId: election.id, choices: pick(x) } }, v1.token);
      await b.client.ok(CAST, { input: { electionId: election.id, choices: pick(y) } }, v2.token);
      await driver.close(election.id);
      const runoff = (await a.client.ok(RUNOFF, { contest: chair }, leaders.secretary.token))
        .createRunoff;
      await driver.openVoting(runoff.id);

      const late = await b.client.error(
        CAST,
        { input: { electionId: election.id, choices: pick(x) } },
        v3.token,
      );
      expect(late).toMatchObject({ code: 'CONFLICT', reason: 'VOTING_NOT_OPEN' });
      const runoffChair = runoff.contests[0].id;
      // The parent's contest on the runoff's paper: refused as an unknown contest.
      const wrongPaper = await b.client.error(
        CAST,
        { input: { electionId: runoff.id, choices: pick(x) } },
        v3.token,
      );
      expect(wrongPaper.code).toBe('BAD_USER_INPUT');
      await b.client.ok(
        CAST,
        {
          input: {
            electionId: runoff.id,
            choices: [{ contestId: runoffChair, candidateIds: [x.member.id] }],
          },
        },
        v3.token,
      );
    });
  });
});
