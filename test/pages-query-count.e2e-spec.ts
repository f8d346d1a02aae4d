import type { Principal } from '@council/access';
import { InvitationsService, MemberEntity, OrganizationsService } from '@council/accounts';
import { NominationsService } from '@council/elections';
import {
  AgendaItemKind,
  AgendaService,
  AttendanceService,
  AttendanceStatus,
  DecisionOutcome,
  MeetingFormat,
  MeetingsService,
  MinutesApprovalService,
  MinutesDraftingService,
} from '@council/meetings';
import {
  APPROVE,
  type ContestSpec,
  ElectionDriver,
  NO_QUORUM_RULE,
  RUNOFF,
  person,
  spareTermLabel,
} from './support/elections';
import { UPDATE_ACTION_ITEM, officers } from './support/meetings-fixtures';
import { recordStatements } from './support/statements';
import type { Leadership, SignedIn } from './support/test-factory';
import { leadershipSeats } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// The pages a portal asks, each with every field it shows. The list of meetings has a spec of its
// own (meetings-query-count), as have the approvals of the list of elections
// (elections-query-count); audit-subjects counts a narrower audit page.
const M = `id fullName status roles organization { id name }`;

const MEMBERS = `{ members(first: 100) { totalCount edges { node { ${M} email invitationExpiresAt } } } }`;
// 20 members an organisation: 50 is over the cost limit.
const ORGANIZATIONS = `{ organizations { id name members(first: 20) { totalCount edges { node { ${M} invitationExpiresAt } } } } }`;

const TERMS = `{ terms { label status roster { position portfolio member { ${M} } } }
  currentTerm { label status roster { position member { ${M} } } } }`;

const MEETING = `query($id: ID!) { meeting(id: $id) { id title status quorate quorum { present required }
  roll { fullName }
  agenda { id title presenter { ${M} } election { id title } }
  agendaChanges(first: 50) { totalCount edges { node { revision kind changedBy { ${M} }
    changes { field from to fromMember { fullName } toMember { fullName } fromElection { id } toElection { id } } } } }
  attendance { status member { ${M} } }
  minutes { id status version approvable returnable hasPendingAmendment
    savedBy { fullName } approvedBy { fullName } submittedBy { fullName } returnedBy { fullName }
    attendance { presentCount present { fullName } absent { fullName } excused { fullName } }
    items { agendaItemId agendaItemTitle decisions { text outcome }
      actionItems { id title status assignee { ${M} } } }
    history { id version isApproved savedBy { fullName } approvedBy { fullName }
      attendance { present { fullName } }
      items { actionItems { id status assignee { fullName } } }
      returns { comment version returnedBy { ${M} } } } } } }`;

const ACTION_ITEMS = `{ actionItems(first: 100) { totalCount edges { node { id title status isOverdue dueOn
  assignee { ${M} } meeting { id title status minutes { status } } } } } }`;
const MY_ACTION_ITEMS = `{ myActionItems { id title status isOverdue assignee { ${M} } meeting { id title } } }`;

const MY_NOMINATIONS = `{ myNominations(first: 50) { totalCount edges { node { id status nominatedAt
  nominee { ${M} } nominatedBy { ${M} }
  contest { id position election { id title status term { label } } } } } } }`;

const ELECTION_FIELDS = `id title status electorateSize turnout quorumReached quorumRequired hasVoted isInElectorate
  votingMethod explanation statusReason tallyHash isByElection
  term { label status roster { position member { ${M} } } }
  parent { id title } runoffFor { id position election { id } }
  ruleset { quorumDescription majority }
  contests { id ordinal position seats portfolio majority status explanation validBallots abstentions
    election { id }
    candidates { id nominationId member { ${M} } }
    nominations { id status nominatedAt nominee { ${M} } nominatedBy { ${M} } contest { id } }
    results { member { ${M} } votes noVotes elected outcome explanation }
    runoffs { id title status contests { id candidates { member { ${M} } } } } }
  approvals { member { ${M} } standingInFor { id } decision comment capacity tallyHash at }
  pendingApprovals { capacity member { ${M} } standingInFor { ${M} } }`;
const ELECTION = `query($id: ID!) { election(id: $id) { ${ELECTION_FIELDS} } }`;
// The list page shows less of each election than election(id): the whole of it for every election
// of a list is over the cost limit.
const ELECTIONS_OF_TERM = `query($term: String) { elections(termLabel: $term) {
  id title status turnout quorumReached hasVoted isInElectorate explanation
  term { label } parent { id } runoffFor { id }
  contests { id position status explanation
    candidates { id member { fullName organization { name } } }
    nominations { status nominee { fullName } }
    results { member { fullName organization { name } } votes elected outcome explanation }
    runoffs { id status } }
  approvals { member { fullName roles } decision capacity }
  pendingApprovals { capacity member { fullName organization { name } } standingInFor { id } } } }`;
const BALLOT_BOX = `query($id: ID!) { ballotBox(electionId: $id) { electionId turnout trackingCodeHashes
  ballots { choices { contestId candidateIds answer abstain } } } }`;

const AUDIT = `query($from: DateTime) { auditLog(first: 100, from: $from) { totalCount edges { node {
  seq action entityType entityId
  actor { ${M} }
  subject { __typename
    ... on Meeting { id title agenda { presenter { fullName } } minutes { version } }
    ... on Election { id title contests { id } }
    ... on Member { ${M} }
    ... on Organization { id name }
    ... on Term { id label roster { member { fullName } } }
    ... on ActionItem { id title assignee { fullName } meeting { title } }
  } } } } }`;

interface Asked {
  statements: string[];
  data: any;
}

// The members who present, attend, are assigned, nominate and sit in past terms.
const POOL = 12;

// DataLoaders keep every page to the same SQL statements however many rows it shows: each test
// asks a page over a few rows, adds more of what it lists, and expects the very same statements.
describe('pages: the same SQL statements for few rows and for many (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let pool: MemberEntity[];
  let secretary: Principal;
  let chair: Principal;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    pool = await Promise.all(Array.from({ length: POOL }, () => t.factory.member()));
    ({ secretary, chair } = officers({
      secretaryId: leaders.secretary.member.id,
      chairId: leaders.chair.member.id,
    }));
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  // The statements of one request (support/statements.ts), asked twice: the answer must not
  // depend on timing either.
  async function ask(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<Asked> {
    const runs: Asked[] = [];
    for (let run = 0; run < 2; run += 1) {
      const { result: data, statements } = await recordStatements(() =>
        t.client.ok(query, variables, token),
      );
      runs.push({ data, statements });
    }
    // At least the session check: statements were recorded at all.
    expect(runs[0].statements.length).toBeGreaterThan(0);
    expect(runs[1].statements).toEqual(runs[0].statements);
    return runs[1];
  }

  const nodes = (connection: { edges: Array<{ node: any }> }) =>
    connection.edges.map((edge) => edge.node);

  let meetingDay = 0;
  // A held meeting: `items` agenda items with presenters from the pool, each presenter changed
  // after publication; attendance (a third absent); minutes returned `returns` times, then
  // approved, with a decision and two action items per item (one for a pool member, one for the
  // leadership's member).
  async function meetingWithMinutes(items: number, returns: number): Promise<string> {
    meetingDay += 1;
    const meetings = t.app.get(MeetingsService);
    const agenda = t.app.get(AgendaService);
    const drafting = t.app.get(MinutesDraftingService);
    const approval = t.app.get(MinutesApprovalService);
    const meeting = await meetings.schedule(secretary, {
      title: `Заседание ${meetingDay}`,
      startsAt: new Date(Date.UTC(2027, 0, 1 + meetingDay, 8)),
      location: 'Технопарк',
      format: MeetingFormat.HYBRID,
    });
    const itemIds: string[] = [];
    for (let index = 0; index < items; index += 1) {
      const item = await agenda.add(secretary, {
        meetingId: meeting.id,
        title: `Вопрос ${index + 1}`,
        presenterId: pool[index % POOL].id,
        durationMinutes: 10,
        kind: AgendaItemKind.DISCUSSION,
      });
      itemIds.push(item.id);
    }
    await agenda.publish(secretary, meeting.id);
    for (const [index, itemId] of itemIds.entries()) {
      await agenda.update(secretary, itemId, { presenterId: pool[(index + 1) % POOL].id });
    }
    const present = [leaders.secretary.member, leaders.chair.member, ...pool.slice(0, items + 2)];
    await t.app.get(AttendanceService).record(
      secretary,
      meeting.id,
      present.map((member, index) => ({
        memberId: member.id,
        status: index % 3 === 2 ? AttendanceStatus.ABSENT : AttendanceStatus.PRESENT,
      })),
    );
    const content = (version: number) =>
      itemIds.map((agendaItemId, index) => ({
        agendaItemId,
        discussion: `Обсудили (${version})`,
        decisions: [
          {
            text: 'Принять',
            votesFor: 1,
            votesAgainst: 0,
            votesAbstained: 0,
            outcome: DecisionOutcome.REJECTED,
          },
        ],
        actionItems: [
          {
            title: `Поручение ${index + 1}`,
            assigneeId: pool[index % POOL].id,
            dueOn: '2027-06-30',
          },
          {
            title: `Поручение ${index + 1}б`,
            assigneeId: leaders.member.member.id,
            dueOn: '2027-01-30',
          },
        ],
      }));
    for (let version = 0; version <= returns; version += 1) {
      await drafting.save(secretary, {
        meetingId: meeting.id,
        baseVersion: version,
        items: content(version),
      });
      await approval.submit(secretary, meeting.id);
      if (version < returns) await approval.returnToDraft(chair, meeting.id, `Уточнить ${version}`);
    }
    await approval.approve(chair, meeting.id);
    return meeting.id;
  }

  it('members, and organisations with their members: one more organisation, then seven', async () => {
    const invitations = t.app.get(InvitationsService);
    const created: Array<{ id: string; invitedId: string }> = [];
    // Each organisation: four members and one invited.
    const organizations = async (count: number) => {
      for (let index = 0; index < count; index += 1) {
        const organization = await t.factory.organization();
        for (let member = 0; member < 4; member += 1) {
          await t.factory.member({ organizationId: organization.id });
        }
        const invited = await invitations.invite(
          { memberId: leaders.admin.member.id, mayReissueAnyInvitation: true },
          {
            email: `invited-${created.length}@pages.test`,
            fullName: `Приглашённый ${created.length}`,
            organizationId: organization.id,
          },
        );
        created.push({ id: organization.id, invitedId: invited.member.id });
      }
    };
    const expectCreated = (members: Asked, organizations: Asked) => {
      const listed = nodes(members.data.members);
      expect(listed).toHaveLength(members.data.members.totalCount);
      for (const { id, invitedId } of created) {
        expect(listed.find((member: any) => member.id === invitedId)).toMatchObject({
          status: 'INVITED',
          invitationExpiresAt: expect.any(String),
          organization: { id },
        });
        const organization = organizations.data.organizations.find((o: any) => o.id === id);
        expect(organization.members.totalCount).toBe(5);
        expect(nodes(organization.members)).toHaveLength(5);
      }
    };

    // The leadership's members were made in parallel: as many organisations as raced for one.
    const before = (await t.client.ok(`{ organizations { id } }`, {}, leaders.admin.token))
      .organizations.length;
    await organizations(1);
    const fewMembers = await ask(MEMBERS, {}, leaders.admin.token);
    const fewOrganizations = await ask(ORGANIZATIONS, {}, leaders.admin.token);
    expectCreated(fewMembers, fewOrganizations);
    expect(fewOrganizations.data.organizations).toHaveLength(before + 1);

    await organizations(6);
    const manyMembers = await ask(MEMBERS, {}, leaders.admin.token);
    const manyOrganizations = await ask(ORGANIZATIONS, {}, leaders.admin.token);
    expectCreated(manyMembers, manyOrganizations);
    expect(manyOrganizations.data.organizations).toHaveLength(before + 7);
    expect(manyMembers.data.members.totalCount - fewMembers.data.members.totalCount).toBe(30);

    expect(manyMembers.statements).toEqual(fewMembers.statements);
    expect(manyOrganizations.statements).toEqual(fewOrganizations.statements);
  });

  it('terms and the current term: one past term, then seven', async () => {
    const labels = ['2026-H2', '2026-H1', '2025-H2', '2025-H1', '2024-H2', '2024-H1', '2023-H2'];
    // Each term seated by members of its own (four in turn from the pool), none of them in the
    // current leadership: the members a page names grow with its terms. A past term in both: with
    // none, the page costs a members and an organisations query less (currentTerm's roster is read
    // while the list of terms is, and its members a level ahead of the other terms' members).
    const install = async (index: number) => {
      const seated = [0, 1, 2, 3].map((seat) => ({ member: pool[(4 * index + seat) % POOL] }));
      await t.factory.installRoster(
        labels[index],
        leadershipSeats({ chair: seated[0], coChairs: seated.slice(1, 3), secretary: seated[3] }),
      );
    };
    const expectInstalled = (asked: Asked, count: number) => {
      const terms = asked.data.terms;
      for (const [index, label] of labels.slice(0, count).entries()) {
        const roster = terms.find((term: any) => term.label === label).roster;
        expect(roster.map((seat: any) => seat.member.id).sort()).toEqual(
          [0, 1, 2, 3].map((seat) => pool[(4 * index + seat) % POOL].id).sort(),
        );
      }
      expect(asked.data.currentTerm.roster).toHaveLength(4);
    };

    await install(0);
    const few = await ask(TERMS, {}, leaders.member.token);
    expectInstalled(few, 1);
    for (let index = 1; index < labels.length; index += 1) await install(index);
    const many = await ask(TERMS, {}, leaders.member.token);
    expectInstalled(many, labels.length);
    expect(many.data.terms.length - few.data.terms.length).toBe(6);
    expect(many.statements).toEqual(few.statements);
  });

  it('meeting(id) with its minutes: one item returned once, then six items returned three times', async () => {
    const small = await meetingWithMinutes(1, 1);
    const large = await meetingWithMinutes(6, 3);
    const expectMeeting = (asked: Asked, items: number, returns: number, leadership: boolean) => {
      const meeting = asked.data.meeting;
      expect(meeting.agenda).toHaveLength(items);
      expect(meeting.agendaChanges.totalCount).toBe(items);
      expect(meeting.attendance).toHaveLength(items + 4);
      expect(meeting.minutes.items).toHaveLength(items);
      for (const item of meeting.minutes.items) expect(item.actionItems).toHaveLength(2);
      const history = meeting.minutes.history;
      // Members see approved versions only, and no returns.
      expect(history).toHaveLength(leadership ? returns + 1 : 1);
      expect(history.flatMap((version: any) => version.returns)).toHaveLength(
        leadership ? returns : 0,
      );
    };
    for (const [token, leadership] of [
      [leaders.chair.token, true],
      [leaders.member.token, false],
    ] as const) {
      const few = await ask(MEETING, { id: small }, token);
      const many = await ask(MEETING, { id: large }, token);
      expectMeeting(few, 1, 1, leadership);
      expectMeeting(many, 6, 3, leadership);
      expect(many.statements).toEqual(few.statements);
    }
  });

  it('actionItems and myActionItems: one meeting’s, then three meetings’', async () => {
    const before = (await t.client.ok(ACTION_ITEMS, {}, leaders.secretary.token)).actionItems
      .totalCount;
    const mineBefore = (await t.client.ok(MY_ACTION_ITEMS, {}, leaders.member.token)).myActionItems
      .length;
    await meetingWithMinutes(2, 0);
    const few = await ask(ACTION_ITEMS, {}, leaders.secretary.token);
    const fewMine = await ask(MY_ACTION_ITEMS, {}, leaders.member.token);
    await meetingWithMinutes(6, 0);
    await meetingWithMinutes(6, 0);
    const many = await ask(ACTION_ITEMS, {}, leaders.secretary.token);
    const manyMine = await ask(MY_ACTION_ITEMS, {}, leaders.member.token);

    expect(nodes(few.data.actionItems)).toHaveLength(before + 4);
    expect(nodes(many.data.actionItems)).toHaveLength(before + 28);
    expect(fewMine.data.myActionItems).toHaveLength(mineBefore + 2);
    expect(manyMine.data.myActionItems).toHaveLength(mineBefore + 14);
    for (const item of [...nodes(many.data.actionItems), ...manyMine.data.myActionItems]) {
      expect(item).toMatchObject({
        assignee: { id: expect.any(String) },
        meeting: { id: expect.any(String) },
      });
    }
    expect(many.statements).toEqual(few.statements);
    expect(manyMine.statements).toEqual(fewMine.statements);
  });

  it('myNominations: two nominations in one election, then ten in five', async () => {
    const nominee = leaders.member;
    const nominations = t.app.get(NominationsService);
    let nominators = 0;
    // Two contests of a new election, each nomination by another pool member.
    const nominatedIn = async () => {
      const election = await driver.create({ termLabel: spareTermLabel() });
      await driver.openNominations(election.id);
      for (const contest of election.contests.slice(0, 2)) {
        nominators += 1;
        await nominations.nominate(pool[nominators % POOL].id, contest.id, nominee.member.id);
      }
    };
    await nominatedIn();
    const few = await ask(MY_NOMINATIONS, {}, nominee.token);
    for (let index = 0; index < 4; index += 1) await nominatedIn();
    const many = await ask(MY_NOMINATIONS, {}, nominee.token);
    expect(few.data.myNominations.totalCount).toBe(2);
    expect(many.data.myNominations.totalCount).toBe(10);
    expect(
      new Set(nodes(many.data.myNominations).map((n: any) => n.contest.election.id)).size,
    ).toBe(5);
    expect(new Set(nodes(many.data.myNominations).map((n: any) => n.nominatedBy.id)).size).toBe(10);
    expect(many.statements).toEqual(few.statements);
  });

  // A closed electronic vote in which every contest is a tie (each candidate votes, in turn, for
  // one of the contest's candidates), and a runoff for each: results, runoffs and ballots at once.
  async function tiedWithRunoffs(contests: ContestSpec[], candidates: number) {
    const termLabel = spareTermLabel();
    const people: SignedIn[][] = [];
    for (const _ of contests) people.push(await t.factory.signedInMany(candidates));
    const election = await driver.voting(
      { termLabel, contests, ruleset: NO_QUORUM_RULE },
      people.map((group) => group.map(person)),
    );
    const voters = people.flat();
    for (const [index, voter] of voters.entries()) {
      await driver.cast(
        election.id,
        voter.token,
        election.contests.map((contest, c) => ({
          contestId: contest.id,
          candidateIds: [people[c][index % candidates].member.id],
        })),
      );
    }
    await driver.close(election.id);
    for (const contest of election.contests) {
      await t.client.ok(RUNOFF, { contest: contest.id }, leaders.secretary.token);
    }
    return {
      id: election.id,
      termLabel,
      contests: contests.length,
      candidates,
      voters: voters.length,
    };
  }

  it('election(id), its term’s elections and its ballot box: one tied contest, then three', async () => {
    const small = await tiedWithRunoffs([{ position: 'CHAIR' }], 2);
    const large = await tiedWithRunoffs(
      [
        { position: 'CHAIR' },
        { position: 'CO_CHAIR', seats: 2, portfolio: 'Регионы' },
        { position: 'EXECUTIVE_SECRETARY' },
      ],
      3,
    );
    const expectElection = (election: any, built: { contests: number; candidates: number }) => {
      expect(election.contests).toHaveLength(built.contests);
      for (const contest of election.contests) {
        expect(contest.status).toBe('UNDECIDED');
        expect(contest.candidates).toHaveLength(built.candidates);
        expect(contest.results).toHaveLength(built.candidates);
        expect(contest.runoffs).toHaveLength(1);
        // election(id) shows the runoff's candidates, the list only the runoff.
        for (const runoff of contest.runoffs.filter((runoff: any) => runoff.contests)) {
          expect(runoff.contests[0].candidates).toHaveLength(built.candidates);
        }
      }
    };
    const asked = async (built: typeof small) => ({
      election: await ask(ELECTION, { id: built.id }, leaders.chair.token),
      ofTerm: await ask(ELECTIONS_OF_TERM, { term: built.termLabel }, leaders.chair.token),
      box: await ask(BALLOT_BOX, { id: built.id }, leaders.member.token),
    });
    const few = await asked(small);
    const many = await asked(large);
    for (const [answers, built] of [
      [few, small],
      [many, large],
    ] as const) {
      expectElection(answers.election.data.election, built);
      // The election and a runoff per contest.
      expect(answers.ofTerm.data.elections).toHaveLength(1 + built.contests);
      expectElection(
        answers.ofTerm.data.elections.find((election: any) => election.id === built.id),
        built,
      );
      expect(answers.box.data.ballotBox.ballots).toHaveLength(built.voters);
    }
    expect(many.election.statements).toEqual(few.election.statements);
    expect(many.ofTerm.statements).toEqual(few.ofTerm.statements);
    expect(many.box.statements).toEqual(few.box.statements);
  });

  // Approvals are given on a decided election only: a paper count, one candidate a contest.
  it('election(id) with an approval given and one pending: one contest, then three', async () => {
    const approved = async (contests: ContestSpec[]) => {
      const candidates = await t.factory.signedInMany(contests.length);
      const election = await driver.talliedByPaper(
        { contests, ruleset: NO_QUORUM_RULE },
        candidates.map((candidate) => [person(candidate)]),
      );
      await t.client.ok(APPROVE, { id: election.id }, leaders.coChairRegional.token);
      return election.id;
    };
    const small = await approved([{ position: 'CHAIR' }]);
    const large = await approved([
      { position: 'CHAIR' },
      { position: 'CO_CHAIR', portfolio: 'Регионы' },
      { position: 'EXECUTIVE_SECRETARY' },
    ]);
    const few = await ask(ELECTION, { id: small }, leaders.chair.token);
    const many = await ask(ELECTION, { id: large }, leaders.chair.token);
    for (const [asked, contests] of [
      [few, 1],
      [many, 3],
    ] as const) {
      const election = asked.data.election;
      expect(election.contests).toHaveLength(contests);
      for (const contest of election.contests) expect(contest.results).toHaveLength(1);
      expect(election.approvals.map((approval: any) => approval.member.id)).toEqual([
        leaders.coChairRegional.member.id,
      ]);
      expect(election.pendingApprovals.map((slot: any) => slot.member.id)).toEqual([
        leaders.coChairFederal.member.id,
      ]);
    }
    expect(many.statements).toEqual(few.statements);
  });

  it('auditLog(first: 100) with actors and subjects of every kind: one of each, then a full page', async () => {
    t.clock.advance(24 * 60 * 60 * 1000);
    const from = t.clock.now().toISOString();
    const assignee = leaders.member;
    let rounds = 0;
    // An entry about each kind of subject, by several actors.
    const everyKind = async () => {
      rounds += 1;
      t.clock.advance(60_000);
      await t.app.get(OrganizationsService).create(leaders.admin.member.id, {
        name: `Кластер журнала ${rounds}`,
        shortName: `Ж${rounds}`,
      });
      await t.app.get(InvitationsService).invite(
        { memberId: leaders.admin.member.id, mayReissueAnyInvitation: true },
        {
          email: `audit-${rounds}@pages.test`,
          fullName: `Приглашённый в журнал ${rounds}`,
          organizationId: pool[0].organizationId,
        },
      );
      await driver.create({ termLabel: spareTermLabel() });
      // Seated members the meetings name nowhere: a member loaded a level earlier is not asked
      // for again, so a presenter who also sat in a term would spare the page a members query.
      const seated = [0, 1, 2, 3].map((seat) => ({ member: pool[4 + ((rounds + seat) % 8)] }));
      await t.factory.installRoster(
        `${2100 + rounds}-H1`,
        leadershipSeats({ chair: seated[0], coChairs: seated.slice(1, 3), secretary: seated[3] }),
      );
      const meetingId = await meetingWithMinutes(1, 0);
      const [{ id }] = await t.dataSource.query(
        `SELECT id FROM action_item WHERE meeting_id = $1 AND assignee_id = $2`,
        [meetingId, assignee.member.id],
      );
      await t.client.ok(UPDATE_ACTION_ITEM, { id, status: 'IN_PROGRESS' }, assignee.token);
    };
    const kinds = (asked: Asked) =>
      [
        ...new Set(nodes(asked.data.auditLog).map((entry: any) => entry.subject?.__typename)),
      ].sort();
    const ALL = ['ActionItem', 'Election', 'Meeting', 'Member', 'Organization', 'Term'];

    await everyKind();
    const few = await ask(AUDIT, { from }, leaders.chair.token);
    while (rounds < 8) await everyKind();
    const many = await ask(AUDIT, { from }, leaders.chair.token);
    expect(kinds(few)).toEqual(ALL);
    expect(kinds(many)).toEqual(ALL);
    expect(nodes(few.data.auditLog).length).toBeLessThan(50);
    expect(nodes(many.data.auditLog)).toHaveLength(100);
    expect(many.statements).toEqual(few.statements);
  });
});
