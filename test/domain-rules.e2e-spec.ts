import { DEFAULT_CO_CHAIR_PORTFOLIOS } from '@council/terms';
import {
  APPROVE_MINUTES,
  PUBLISH,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  addAgendaItem,
  scheduleMeeting,
} from './support/meetings-fixtures';
import { CAST, CLOSE, ElectionDriver, ELECTION, person } from './support/elections';
import { TestApp, createTestApp } from './support/test-app';
import { SUSPEND } from './support/accounts';

// DOMAIN.md rules, one test each, that the other specs checked only below the API (a unit spec of
// the table or of the tally) or not at all: each states the sentence it checks.
describe('DOMAIN.md rules, traced through the API (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const APPOINT = `mutation($label: String!, $seats: [SeatInput!]!) {
    appointFoundingRoster(termLabel: $label, seats: $seats) { label } }`;
  const ROLES = `{ me { roles } }`;

  // "ADMIN (...) has no council powers unless they also hold a position": the per-request roles of
  // an administrator who holds seats are those seats' powers besides ADMIN's; another
  // administrator, holding none, gets none of them.
  it('gives an ADMIN who holds a seat its powers, and an ADMIN holding none no council power', async () => {
    t.clock.set('2031-02-01T09:00:00Z');
    const [chairAdmin, secretaryAdmin, bareAdmin] = await Promise.all([
      t.factory.signedIn({ isAdmin: true }),
      t.factory.signedIn({ isAdmin: true }),
      t.factory.signedIn({ isAdmin: true }),
    ]);
    const [regional, federal, member] = await Promise.all([
      t.factory.member(),
      t.factory.member(),
      t.factory.signedIn(),
    ]);
    await t.client.ok(
      APPOINT,
      {
        label: '2031-H1',
        seats: [
          { position: 'CHAIR', memberId: chairAdmin.member.id },
          {
            position: 'CO_CHAIR',
            memberId: regional.id,
            portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
          },
          { position: 'CO_CHAIR', memberId: federal.id, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
          { position: 'EXECUTIVE_SECRETARY', memberId: secretaryAdmin.member.id },
        ],
      },
      bareAdmin.token,
    );
    const roles = async (token: string) =>
      [...(await t.client.ok(ROLES, {}, token)).me.roles].sort();
    expect(await roles(secretaryAdmin.token)).toEqual(['ADMIN', 'EXECUTIVE_SECRETARY', 'MEMBER']);
    expect(await roles(chairAdmin.token)).toEqual(['ADMIN', 'CHAIR', 'MEMBER']);
    expect(await roles(bareAdmin.token)).toEqual(['ADMIN', 'MEMBER']);

    // The seatless ADMIN: no meetings, no publishing, no elections while a secretary sits.
    expect(
      await t.client.error(
        `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { id } }`,
        {
          input: {
            title: 'Заседание',
            startsAt: '2031-03-01T11:00:00+03:00',
            location: 'Технопарк',
            format: 'IN_PERSON',
          },
        },
        bareAdmin.token,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await t.client.error(
        `mutation($input: CreateElectionInput!) { createElection(input: $input) { id } }`,
        { input: { termLabel: '2031-H2', title: 'Выборы' } },
        bareAdmin.token,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });

    // The secretary ADMIN runs a meeting through to submitted minutes; the chair ADMIN publishes
    // and approves them (the approval re-reads the seats under its lock: ADMIN stays beside CHAIR).
    const meeting = await scheduleMeeting(t, secretaryAdmin.token, {
      startsAt: '2031-02-10T11:00:00+03:00',
    });
    const item = await addAgendaItem(t, secretaryAdmin.token, meeting.id);
    expect(await t.client.error(PUBLISH, { id: meeting.id }, bareAdmin.token)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      (await t.client.ok(PUBLISH, { id: meeting.id }, chairAdmin.token)).publishAgenda.status,
    ).toBe('PUBLISHED');
    t.clock.set('2031-02-10T10:00:00Z');
    const secretary = await t.factory.tokenFor(secretaryAdmin.member);
    await t.client.ok(
      `mutation($id: ID!, $entries: [AttendanceInput!]!) { recordAttendance(meetingId: $id, entries: $entries) { status } }`,
      { id: meeting.id, entries: [{ memberId: member.member.id, status: 'PRESENT' }] },
      secretary,
    );
    await t.client.ok(
      SAVE_MINUTES,
      {
        input: {
          meetingId: meeting.id,
          baseVersion: 0,
          items: [
            { agendaItemId: item.id, discussion: 'Обсудили', decisions: [], actionItems: [] },
          ],
        },
      },
      secretary,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: meeting.id }, secretary);
    expect(
      await t.client.error(
        APPROVE_MINUTES,
        { id: meeting.id },
        await t.factory.tokenFor(bareAdmin.member),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const approved = (
      await t.client.ok(
        APPROVE_MINUTES,
        { id: meeting.id },
        await t.factory.tokenFor(chairAdmin.member),
      )
    ).approveMinutes;
    expect(approved).toMatchObject({
      status: 'APPROVED',
      approvedBy: { id: chairAdmin.member.id },
    });
  });

  // "Opening the vote ... takes a snapshot of the electorate (active members at that moment).
  // Later changes to membership do not change who may vote": nor the quorum counted at the close.
  it('keeps the electorate and the quorum of the opening when members join or leave during the vote', async () => {
    t.clock.set('2032-02-01T09:00:00Z');
    const leaders = await t.factory.leadership();
    const driver = new ElectionDriver(t, leaders.secretary.token);
    const [a, b] = await Promise.all([t.factory.signedIn(), t.factory.signedIn()]);
    const election = await driver.voting({ contests: [{ position: 'CHAIR' }] }, [
      [person(a), person(b)],
    ]);
    const opened = (await t.client.ok(ELECTION, { id: election.id }, a.token)).election;
    const size: number = opened.electorateSize;
    expect(size).toBeGreaterThanOrEqual(8);

    // Enough newcomers to double the council, and one elector suspended.
    await Promise.all(Array.from({ length: size }, () => t.factory.member()));
    await t.client.ok(SUSPEND, { id: leaders.member.member.id }, leaders.admin.token);
    expect((await t.client.ok(ELECTION, { id: election.id }, a.token)).election).toMatchObject({
      electorateSize: size,
      turnout: 0,
    });

    // Exactly the majority of the snapshot votes (quorum measured on the snapshot); a newcomer
    // may not vote at all.
    const needed = Math.floor(size / 2) + 1;
    const onRoll: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM member WHERE status = 'ACTIVE' AND created_at <= (
         SELECT max(created_at) FROM member WHERE id = ANY($1)) ORDER BY created_at LIMIT $2`,
      [[a.member.id, b.member.id], needed],
    );
    const choices = [{ contestId: election.contests[0].id, candidateIds: [a.member.id] }];
    for (const voter of onRoll) {
      const token = await t.factory.tokenFor(voter as never);
      await t.client.ok(CAST, { input: { electionId: election.id, choices } }, token);
    }
    const latecomer = await t.factory.signedIn();
    expect(
      await t.client.error(CAST, { input: { electionId: election.id, choices } }, latecomer.token),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_IN_ELECTORATE' });
    const closed = (await t.client.ok(CLOSE, { id: election.id }, leaders.secretary.token))
      .closeVoting;
    expect(closed).toMatchObject({
      electorateSize: size,
      turnout: needed,
      quorumRequired: needed,
      quorumReached: true,
    });
  });
});
