import type { Leadership, SignedIn } from './support/test-factory';
import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  AMEND_MINUTES,
  APPROVE_MINUTES,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  UPDATE_ACTION_ITEM,
  addAgendaItem,
  decision,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, RUNOFF, person } from './support/elections';
import { SUSPEND } from './support/accounts';

// Does the audit log explain the database? Each test performs commands over the
// API and then reads the state back from `auditLog` alone, as an auditor would (ADMIN's view),
// comparing it with the state the API shows.
const AUDIT = `query($entityId: String, $action: String, $first: Int) {
  auditLog(entityId: $entityId, action: $action, first: $first) {
    edges { node { seq action entityType entityId summary actor { id } } } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }`;
const LOGOUT = `mutation($token: String!) { logout(refreshToken: $token) }`;
const INVITE = `mutation($input: InviteMemberInput!) {
  inviteMember(input: $input) { token member { id fullName } } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { accessToken refreshToken } }`;
const UPDATE_ITEM = `mutation($id: ID!, $input: UpdateAgendaItemInput!) {
  updateAgendaItem(id: $id, input: $input) { id presenter { id } } }`;

type Entry = {
  seq: string;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: Record<string, any>;
};

describe('the audit log explains the state (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let anna: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    anna = await t.factory.signedIn({ fullName: 'Анна Исполнитель' });
  });
  afterAll(() => t.close());

  // Oldest first, as an auditor replays them.
  const log = async (filter: { entityId?: string; action?: string }): Promise<Entry[]> =>
    (await t.client.ok(AUDIT, { ...filter, first: 100 }, leaders.admin.token)).auditLog.edges
      .map((edge: any) => edge.node)
      .reverse();

  it('an action item done, withdrawn by an amendment and brought back: the log says it is open again', async () => {
    const secretary = leaders.secretary.token;
    const held = await heldMeeting(t, secretary, {
      startsAt: '2027-02-03T11:00:00+03:00',
      present: [leaders.secretary.member.id, leaders.chair.member.id, anna.member.id],
    });
    const task = { title: 'Дорожная карта', assigneeId: anna.member.id, dueOn: '2027-03-01' };
    const minutes = (items: unknown[]) => [
      {
        agendaItemId: held.itemIds[0],
        discussion: 'Обсудили',
        decisions: [decision(2)],
        actionItems: items,
      },
    ];
    await t.client.ok(
      SAVE_MINUTES,
      { input: { meetingId: held.meetingId, baseVersion: 0, items: minutes([task]) } },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    const approved = await t.client.ok(
      APPROVE_MINUTES,
      { id: held.meetingId },
      leaders.chair.token,
    );
    const itemId: string = approved.approveMinutes.items[0].actionItems[0].id;
    await t.client.ok(UPDATE_ACTION_ITEM, { id: itemId, status: 'DONE' }, anna.token);

    // An amendment drops the item (withdrawn), a later one brings it back under its id.
    await t.client.ok(
      AMEND_MINUTES,
      { input: { meetingId: held.meetingId, baseVersion: 1, items: minutes([]) } },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token);
    await t.client.ok(
      AMEND_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 2,
          items: minutes([{ ...task, id: itemId }]),
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, secretary);
    const reapproved = await t.client.ok(
      APPROVE_MINUTES,
      { id: held.meetingId },
      leaders.chair.token,
    );

    // What the database says: open again (README: "given anew: open again, whatever its status was").
    expect(reapproved.approveMinutes.items[0].actionItems[0]).toMatchObject({
      id: itemId,
      status: 'OPEN',
    });

    // What the log says.
    const approvals = await log({ entityId: held.meetingId, action: 'meetings.minutes_approved' });
    expect(approvals).toHaveLength(3);
    const [, withdrawal, bringingBack] = approvals;
    // The approval that reset DONE → OPEN lists it, as it does for an item handed over.
    expect(bringingBack.summary.reopenedActionItems ?? []).toContain(itemId);
    // The approval that withdrew it names the item it withdrew.
    expect(withdrawal.summary.withdrawnActionItems).toEqual([itemId]);
  });

  it('elections.created names the contests by id, as every later entry refers to them', async () => {
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(anna)],
    ]);
    const entries = await log({ entityId: election.id });
    const nominated = entries.find((entry) => entry.action === 'elections.nominated')!;
    const created = entries.find((entry) => entry.action === 'elections.created')!;
    // The nomination entry names contestId; the creation says which seat that is.
    expect(JSON.stringify(created.summary)).toContain(nominated.summary.contestId);
  });

  it('a paper result records what the freeze and the tally did, as openVoting and closeVoting do', async () => {
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const boris = await t.factory.signedIn({ fullName: 'Борис Кандидат' });
    // Two candidates for one seat, tied: the contest is UNDECIDED (needs a runoff).
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(anna), person(boris)],
    ]);
    const [contest] = election.contests;
    const tallied = await driver.paper({
      electionId: election.id,
      ballotsCast: 4,
      contests: [
        {
          contestId: contest.id,
          counts: [
            { candidateId: anna.member.id, votes: 2 },
            { candidateId: boris.member.id, votes: 2 },
          ],
        },
      ],
    });
    expect(tallied.status).toBe('TALLIED');
    const [entry] = await log({ entityId: election.id, action: 'elections.paper_result_recorded' });
    // closeVoting lists each contest's outcome; a paper result changes the same contests.
    expect(entry.summary.contests).toEqual([{ contestId: contest.id, status: 'UNDECIDED' }]);
    // Recorded straight from nominations, it also froze the candidates and the electorate, which
    // openVoting's entry records (electorateHash, candidates).
    expect(entry.summary.electorateHash).toEqual(expect.any(String));
    expect([...entry.summary.candidates[contest.id]].sort()).toEqual(
      [anna.member.id, boris.member.id].sort(),
    );
  });

  it('sessions: the log-in names the session it started, and a suspension the sessions it ended', async () => {
    const carol = await t.factory.member({ fullName: 'Карина Сессия' });
    const login = (
      await t.client.ok(LOGIN, { input: { email: carol.email, password: TEST_PASSWORD } })
    ).login;
    await t.client.ok(LOGIN, { input: { email: carol.email, password: TEST_PASSWORD } });
    await t.client.ok(LOGOUT, { token: login.refreshToken }, login.accessToken);
    const logout = (await log({ action: 'accounts.logout' })).pop()!;
    const logins = await log({ entityId: carol.id, action: 'accounts.login' });
    expect(logins).toHaveLength(2);
    // The session the log-out ended is named by the log-in that started it.
    expect(logins.map((entry) => JSON.stringify(entry.summary)).join()).toContain(logout.entityId);

    // The second session is ended by the suspension, whose entry counts it, as changePassword's
    // entry does.
    await t.client.ok(SUSPEND, { id: carol.id }, leaders.admin.token);
    const [suspended] = await log({ entityId: carol.id, action: 'accounts.member_suspended' });
    expect(suspended.summary).toHaveProperty('endedSessions', 1);
  });

  it('a re-issued invitation records the name the member now has', async () => {
    const organization = await t.factory.organization();
    const input = { email: 'renamed@council.test', organizationId: organization.id };
    const first = await t.client.ok(
      INVITE,
      { input: { ...input, fullName: 'Иван Опечаткин' } },
      leaders.admin.token,
    );
    const memberId: string = first.inviteMember.member.id;
    const again = await t.client.ok(
      INVITE,
      { input: { ...input, fullName: 'Иван Исправленный' } },
      leaders.admin.token,
    );
    const shown = again.inviteMember.member;
    expect(shown.id).toBe(memberId);
    expect(shown.fullName).toBe('Иван Исправленный');
    const entries = await log({ entityId: memberId });
    const invited = entries.find((entry) => entry.action === 'accounts.member_invited')!;
    expect(invited.summary).toHaveProperty('fullName', 'Иван Опечаткин');
    // The re-issue records the name given, besides the previous one.
    const reissued = entries.find((entry) => entry.action === 'accounts.invitation_reissued')!;
    expect(reissued.summary).toHaveProperty('fullName', shown.fullName);
    // Accepted, the invitation names the session it starts, which a log-out then names.
    const accepted = (
      await t.client.ok(ACCEPT, {
        input: { token: again.inviteMember.token, password: 'длинная парольная фраза' },
      })
    ).acceptInvitation;
    await t.client.ok(LOGOUT, { token: accepted.refreshToken }, accepted.accessToken);
    const [acceptance] = await log({ entityId: memberId, action: 'accounts.invitation_accepted' });
    const logout = (await log({ action: 'accounts.logout' })).pop()!;
    expect(acceptance.summary).toHaveProperty('sessionId', logout.entityId);
  });

  it('an agenda item: the log names its presenter and a change of presenter', async () => {
    const secretary = leaders.secretary.token;
    const meeting = await scheduleMeeting(t, secretary, { startsAt: '2027-03-20T11:00:00+03:00' });
    const item = await addAgendaItem(t, secretary, meeting.id, { presenterId: anna.member.id });
    await t.client.ok(
      UPDATE_ITEM,
      { id: item.id, input: { presenterId: leaders.chair.member.id } },
      secretary,
    );
    const entries = await log({ entityId: meeting.id });
    const added = entries.find((entry) => entry.action === 'meetings.agenda_item_added')!;
    const updated = entries.find((entry) => entry.action === 'meetings.agenda_item_updated')!;
    expect(updated.summary.fields).toEqual(['presenterId']);
    // A member reference, not free text: the log names the presenter by id.
    expect(added.summary).toHaveProperty('presenterId', anna.member.id);
    expect(updated.summary).toHaveProperty('presenterId', leaders.chair.member.id);
  });

  // A runoff is created with a contest of its own, which every later entry of the runoff names
  // (voting_opened's candidates, the tally, the certification): its creation entry names it too.
  it('elections.runoff_created names the contest of the runoff', async () => {
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const [anna, boris] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(anna), person(boris)],
    ]);
    const [contest] = election.contests;
    await driver.paper({
      electionId: election.id,
      ballotsCast: 4,
      contests: [
        {
          contestId: contest.id,
          counts: [
            { candidateId: anna.member.id, votes: 2 },
            { candidateId: boris.member.id, votes: 2 },
          ],
        },
      ],
    });
    const runoff = (await t.client.ok(RUNOFF, { contest: contest.id }, leaders.secretary.token))
      .createRunoff;
    await driver.openVoting(runoff.id);
    const entries = (
      await t.client.ok(AUDIT, { entityId: runoff.id }, leaders.admin.token)
    ).auditLog.edges.map((edge: any) => edge.node);
    const created = entries.find((entry: any) => entry.action === 'elections.runoff_created');
    const opened = entries.find((entry: any) => entry.action === 'elections.voting_opened');
    const [runoffContest] = Object.keys(opened.summary.candidates);
    expect(runoffContest).toBe(runoff.contests[0].id);
    expect(JSON.stringify(created.summary)).toContain(runoffContest);
  });
});
