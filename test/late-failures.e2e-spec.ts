import { AuditService } from '@council/audit';
import {
  APPROVE,
  CHAIR_ONLY,
  ElectionDriver,
  NO_QUORUM_RULE,
  OPEN_VOTING,
  PAPER,
  RUNOFF,
  paperCount,
  person,
} from './support/elections';
import {
  APPROVE_MINUTES,
  PUBLISH,
  RECORD_ATTENDANCE,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  addAgendaItem,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { databaseFingerprint } from './support/database-fingerprint';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const SUSPEND = `mutation($id: ID!) { suspendMember(memberId: $id) { id status } }`;

// API.md: a mutation that fails changes nothing. Each of these fails after it has written inside
// its transaction; the database, the audit log included, must be exactly as before.
describe('a mutation that fails after its first writes changes nothing (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  const unchangedBy = async (
    run: () => Promise<{ code?: unknown; reason?: unknown }>,
    expected: { code: string; reason?: string },
  ) => {
    const before = await databaseFingerprint(t);
    const refusal = await run();
    expect(refusal).toMatchObject(expected);
    expect(await databaseFingerprint(t)).toBe(before);
    expect((await t.app.get(AuditService).verifyChain()).firstBreak).toBeNull();
  };

  it('recordAttendance after the start (holds the meeting first) with an unknown member', async () => {
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await addAgendaItem(t, leaders.secretary.token, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);
    await unchangedBy(
      () =>
        t.client.error(
          RECORD_ATTENDANCE,
          {
            id: meeting.id,
            entries: [
              { memberId: leaders.member.member.id, status: 'PRESENT' },
              { memberId: '00000000-0000-4000-8000-000000000000', status: 'PRESENT' },
            ],
          },
          leaders.secretary.token,
        ),
      { code: 'BAD_USER_INPUT' },
    );
  });

  it('recordPaperResult from nominations (freezes the electorate first) with bad counts', async () => {
    const [x, y] = [await t.factory.signedIn(), await t.factory.signedIn()];
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(x), person(y)],
    ]);
    await unchangedBy(
      () =>
        t.client.error(
          PAPER,
          {
            input: {
              electionId: election.id,
              ballotsCast: 3,
              contests: [
                paperCount(election.contests[0].id, [
                  [x, 3],
                  [y, 3],
                ]),
              ],
            },
          },
          leaders.secretary.token,
        ),
      { code: 'BAD_USER_INPUT' },
    );
    await unchangedBy(
      () =>
        t.client.error(
          PAPER,
          { input: { electionId: election.id, ballotsCast: 10_000, contests: [] } },
          leaders.secretary.token,
        ),
      { code: 'BAD_USER_INPUT' },
    );
  });

  it('the final approveElection with a winner suspended since the tally', async () => {
    const winner = await t.factory.signedIn();
    const election = await driver.talliedByPaper(
      { contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(winner)]],
    );
    await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
    await t.client.ok(SUSPEND, { id: winner.member.id }, leaders.admin.token);
    await unchangedBy(
      () => t.client.error(APPROVE, { id: election.id }, leaders.coChairFederal.token),
      { code: 'CONFLICT', reason: 'WINNER_NOT_ACTIVE' },
    );
  });

  it('approveMinutes with an action item given to a member suspended since the save', async () => {
    const assignee = await t.factory.signedIn();
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      present: [leaders.member.member.id],
    });
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: held.meetingId,
          baseVersion: 0,
          items: [
            {
              agendaItemId: held.itemIds[0],
              discussion: 'Обсуждение',
              decisions: [],
              actionItems: [
                { title: 'Подготовить', assigneeId: assignee.member.id, dueOn: '2030-01-01' },
              ],
            },
          ],
        },
      },
      leaders.secretary.token,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, leaders.secretary.token);
    await t.client.ok(SUSPEND, { id: assignee.member.id }, leaders.admin.token);
    await unchangedBy(
      () => t.client.error(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token),
      { code: 'CONFLICT', reason: 'MEMBER_NOT_ACTIVE' },
    );
  });

  it('openVoting and createRunoff refused after their first reads and locks', async () => {
    const [x, y] = [await t.factory.signedIn(), await t.factory.signedIn()];
    const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(x), person(y)],
    ]);
    await t.client.ok(SUSPEND, { id: y.member.id }, leaders.admin.token);
    await unchangedBy(
      () => t.client.error(OPEN_VOTING, { id: election.id }, leaders.secretary.token),
      { code: 'CONFLICT', reason: 'CANDIDATE_NOT_ACTIVE' },
    );
    // Tied candidates of its own, suspended below: the leaders serve the other tests.
    const [first, second] = await t.factory.signedInMany(2);
    const tied = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
      [person(first), person(second)],
    ]);
    await driver.paper({
      electionId: tied.id,
      ballotsCast: 4,
      contests: [
        paperCount(tied.contests[0].id, [
          [first, 2],
          [second, 2],
        ]),
      ],
    });
    await t.client.ok(SUSPEND, { id: first.member.id }, leaders.admin.token);
    await t.client.ok(SUSPEND, { id: second.member.id }, leaders.admin.token);
    await unchangedBy(
      () => t.client.error(RUNOFF, { contest: tied.contests[0].id }, leaders.secretary.token),
      { code: 'CONFLICT', reason: 'NO_RUNOFF_CANDIDATES' },
    );
  });
});
