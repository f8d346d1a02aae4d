import { randomUUID } from 'node:crypto';
import { CHAIR_ONLY, ElectionDriver, NO_QUORUM_RULE, person, spareTermLabel } from './elections';
import type { Leadership } from './test-factory';
import type { TestApp } from './test-app';
import { MeetingStage, stagedMeetingFor } from './meetings-fixtures';

export interface CatalogueContext {
  t: TestApp;
  leaders: Leadership;
  organizationId: string;
}

export interface SampleCall {
  document: string;
  variables?: (
    context: CatalogueContext,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

// An election fixture per operation, built once (over HTTP, as the secretary) and shared by the
// callers: the guard refuses before any state is read, and the one caller allowed meets a real
// election in the state its operation needs.
const fixtures = new WeakMap<TestApp, Map<string, Promise<Record<string, unknown>>>>();
function electionFixture(
  name: string,
  build: (driver: ElectionDriver, context: CatalogueContext) => Promise<Record<string, unknown>>,
): (context: CatalogueContext) => Promise<Record<string, unknown>> {
  return (context) => {
    const built = fixtures.get(context.t) ?? new Map<string, Promise<Record<string, unknown>>>();
    fixtures.set(context.t, built);
    if (!built.has(name)) {
      built.set(
        name,
        build(new ElectionDriver(context.t, context.leaders.secretary.token), context),
      );
    }
    return built.get(name)!;
  };
}

// A chair contest whose only candidate is the MEMBER of the leadership, nominated and accepted.
const nominatedElection = (driver: ElectionDriver, { leaders }: CatalogueContext) =>
  driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [[person(leaders.member)]]);

const talliedElection = async (driver: ElectionDriver, context: CatalogueContext) => {
  const election = await nominatedElection(driver, context);
  await driver.paper({
    electionId: election.id,
    ballotsCast: 1,
    contests: [{ contestId: election.contests[0].id, yes: 1, no: 0 }],
  });
  return election;
};

// A meeting at the stage an operation needs; reused by the next caller while untouched.
const staged = (context: CatalogueContext, stage: MeetingStage, operation: string) =>
  stagedMeetingFor(
    context.t,
    context,
    operation,
    { secretaryId: context.leaders.secretary.member.id, chairId: context.leaders.chair.member.id },
    stage,
    context.leaders.member.member.id,
  );
const minutesInput = (meetingId: string, itemIds: string[], baseVersion: number) => ({
  input: { meetingId, baseVersion, items: [{ agendaItemId: itemIds[0], discussion: 'Правка' }] },
});

// One well-formed call per root operation: the permission matrix calls each as every role.
// Targets are real rows where the operation changes state, so "refused → nothing changed" means
// something. Every operation of the schema must have an entry (the matrix test checks).
export const OPERATION_CATALOGUE: Record<string, SampleCall> = {
  // accounts
  login: {
    document: `mutation($email: String!) { login(input: { email: $email, password: "wrong password here" }) { accessToken } }`,
    variables: () => ({ email: `nobody-${randomUUID()}@council.test` }),
  },
  refreshSession: {
    document: `mutation { refreshSession(refreshToken: "not-a-token") { accessToken } }`,
  },
  logout: { document: `mutation { logout(refreshToken: "not-a-token") }` },
  changePassword: {
    document: `mutation { changePassword(input: { currentPassword: "not the password", newPassword: "a new long passphrase" }) }`,
  },
  myPermissions: { document: `{ myPermissions }` },
  invitation: {
    document: `{ invitation(token: "not-a-token") { fullName } }`,
  },
  acceptInvitation: {
    document: `mutation { acceptInvitation(input: { token: "not-a-token", password: "long enough password" }) { accessToken } }`,
  },
  inviteMember: {
    document: `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { token } }`,
    variables: ({ organizationId }) => ({
      input: {
        email: `invitee-${randomUUID()}@council.test`,
        fullName: 'Приглашённый',
        organizationId,
      },
    }),
  },
  suspendMember: {
    document: `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
    variables: async ({ t }) => ({ id: (await t.factory.member()).id }),
  },
  reactivateMember: {
    document: `mutation($id: ID!) { reactivateMember(memberId: $id) { id } }`,
    variables: async ({ t }) => ({
      id: (await t.factory.member({ status: 'SUSPENDED' as never })).id,
    }),
  },
  createOrganization: {
    document: `mutation($name: String!) { createOrganization(input: { name: $name, shortName: "Новая" }) { id } }`,
    variables: () => ({ name: `Организация ${randomUUID()}` }),
  },
  updateOrganization: {
    document: `mutation($id: ID!, $name: String!) { updateOrganization(id: $id, input: { name: $name }) { id } }`,
    variables: async ({ t }) => ({
      id: (await t.factory.organization(`Организация ${randomUUID()}`)).id,
      name: `Переименованная ${randomUUID()}`,
    }),
  },
  me: { document: `{ me { id } }` },
  member: {
    document: `query($id: ID!) { member(id: $id) { id } }`,
    variables: async ({ t }) => ({ id: (await t.factory.member()).id }),
  },
  members: { document: `{ members(first: 5) { totalCount } }` },
  organizations: { document: `{ organizations { id } }` },
  // terms
  terms: { document: `{ terms { label } }` },
  term: { document: `{ term(label: "2027-H1") { label } }` },
  currentTerm: { document: `{ currentTerm { label } }` },
  appointFoundingRoster: {
    document: `mutation($id: ID!) { appointFoundingRoster(termLabel: "2099-H1", seats: [{ position: CHAIR, memberId: $id }]) { label } }`,
    variables: async ({ t }) => ({ id: (await t.factory.member()).id }),
  },
  // audit
  auditLog: { document: `{ auditLog(first: 1) { totalCount } }` },
  // elections
  createElection: {
    document: `mutation($input: CreateElectionInput!) { createElection(input: $input) { id } }`,
    variables: () => ({ input: { termLabel: spareTermLabel(), title: 'Выборы (матрица)' } }),
  },
  openNominations: {
    document: `mutation($id: ID!) { openNominations(electionId: $id) { id } }`,
    variables: electionFixture('openNominations', async (driver) => ({
      id: (await driver.create({ contests: CHAIR_ONLY })).id,
    })),
  },
  myNominations: { document: `{ myNominations(first: 5) { totalCount } }` },
  nominate: {
    document: `mutation($contest: ID!, $nominee: ID!) { nominate(contestId: $contest, nomineeId: $nominee) { id } }`,
    variables: electionFixture('nominate', async (driver, { t }) => {
      const election = await driver.create({ contests: CHAIR_ONLY });
      await driver.openNominations(election.id);
      return { contest: election.contests[0].id, nominee: (await t.factory.member()).id };
    }),
  },
  respondToNomination: {
    document: `mutation($id: ID!) { respondToNomination(nominationId: $id, accept: true) { id } }`,
    variables: electionFixture('respondToNomination', async (driver, { t, leaders }) => {
      const election = await driver.create({ contests: CHAIR_ONLY });
      await driver.openNominations(election.id);
      const nominated = await t.client.ok(
        `mutation($contest: ID!, $nominee: ID!) { nominate(contestId: $contest, nomineeId: $nominee) { id } }`,
        { contest: election.contests[0].id, nominee: leaders.member.member.id },
        leaders.secretary.token,
      );
      return { id: nominated.nominate.id };
    }),
  },
  withdrawNomination: {
    document: `mutation($id: ID!) { withdrawNomination(nominationId: $id, reason: "Вышел из Совета") { id } }`,
    variables: electionFixture('withdrawNomination', async (driver, { t, leaders }) => {
      const election = await driver.create({ contests: CHAIR_ONLY });
      await driver.openNominations(election.id);
      const leaving = await t.factory.member();
      const nominated = await t.client.ok(
        `mutation($contest: ID!, $nominee: ID!) { nominate(contestId: $contest, nomineeId: $nominee) { id } }`,
        { contest: election.contests[0].id, nominee: leaving.id },
        leaders.secretary.token,
      );
      await t.client.ok(
        `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
        { id: leaving.id },
        leaders.admin.token,
      );
      return { id: nominated.nominate.id };
    }),
  },
  openVoting: {
    document: `mutation($id: ID!) { openVoting(electionId: $id) { id } }`,
    variables: electionFixture('openVoting', async (driver, context) => ({
      id: (await nominatedElection(driver, context)).id,
    })),
  },
  castBallot: {
    document: `mutation($input: CastBallotInput!) { castBallot(input: $input) { trackingCode } }`,
    variables: electionFixture('castBallot', async (driver, context) => {
      const election = await nominatedElection(driver, context);
      await driver.openVoting(election.id);
      return {
        input: {
          electionId: election.id,
          choices: [{ contestId: election.contests[0].id, answer: 'YES' }],
        },
      };
    }),
  },
  closeVoting: {
    document: `mutation($id: ID!) { closeVoting(electionId: $id) { id } }`,
    variables: electionFixture('closeVoting', async (driver, context) => {
      const election = await nominatedElection(driver, context);
      await driver.openVoting(election.id);
      return { id: election.id };
    }),
  },
  recordPaperResult: {
    document: `mutation($input: PaperResultInput!) { recordPaperResult(input: $input) { id } }`,
    variables: electionFixture('recordPaperResult', async (driver, context) => {
      const election = await nominatedElection(driver, context);
      return {
        input: {
          electionId: election.id,
          ballotsCast: 1,
          contests: [{ contestId: election.contests[0].id, yes: 1, no: 0 }],
        },
      };
    }),
  },
  approveElection: {
    document: `mutation($id: ID!) { approveElection(electionId: $id) { id } }`,
    variables: electionFixture('approveElection', async (driver, context) => ({
      id: (await talliedElection(driver, context)).id,
    })),
  },
  rejectElection: {
    document: `mutation($id: ID!) { rejectElection(electionId: $id, reason: "Проверка прав") { id } }`,
    variables: electionFixture('rejectElection', async (driver, context) => ({
      id: (await talliedElection(driver, context)).id,
    })),
  },
  cancelElection: {
    document: `mutation($id: ID!) { cancelElection(electionId: $id, reason: "Проверка прав") { id } }`,
    variables: electionFixture('cancelElection', async (driver) => ({
      id: (await driver.create({ contests: CHAIR_ONLY })).id,
    })),
  },
  createRunoff: {
    document: `mutation($id: ID!) { createRunoff(contestId: $id) { id } }`,
    variables: electionFixture('createRunoff', async (driver, { t, leaders }) => {
      const other = await t.factory.signedIn();
      const election = await driver.nominated({ contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE }, [
        [person(leaders.member), person(other)],
      ]);
      await driver.paper({
        electionId: election.id,
        ballotsCast: 2,
        contests: [
          {
            contestId: election.contests[0].id,
            counts: [
              { candidateId: leaders.member.member.id, votes: 1 },
              { candidateId: other.member.id, votes: 1 },
            ],
          },
        ],
      });
      return { id: election.contests[0].id };
    }),
  },
  election: {
    document: `query($id: ID!) { election(id: $id) { id } }`,
    variables: () => ({ id: NO_SUCH_ID }),
  },
  elections: { document: `{ elections { id } }` },
  ballotBox: {
    document: `query($id: ID!) { ballotBox(electionId: $id) { turnout } }`,
    variables: () => ({ id: NO_SUCH_ID }),
  },
  // meetings
  meetings: { document: `{ meetings(first: 5) { totalCount } }` },
  meeting: {
    document: `query($id: ID!) { meeting(id: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'PUBLISHED', 'meeting')).meetingId,
    }),
  },
  myActionItems: { document: `{ myActionItems { id } }` },
  actionItems: { document: `{ actionItems(first: 5) { totalCount } }` },
  scheduleMeeting: {
    document: `mutation { scheduleMeeting(input: { title: "Заседание", startsAt: "2027-03-01T11:00:00+03:00", location: "Технопарк", format: HYBRID }) { id } }`,
  },
  updateMeeting: {
    document: `mutation($id: ID!) { updateMeeting(id: $id, input: { location: "Онлайн" }) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'updateMeeting')).meetingId,
    }),
  },
  cancelMeeting: {
    document: `mutation($id: ID!) { cancelMeeting(id: $id, reason: "Перенос") { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'cancelMeeting')).meetingId,
    }),
  },
  markMeetingHeld: {
    document: `mutation($id: ID!) { markMeetingHeld(id: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'PUBLISHED', 'markMeetingHeld')).meetingId,
    }),
  },
  addAgendaItem: {
    document: `mutation($id: ID!, $presenter: ID!) { addAgendaItem(input: { meetingId: $id, title: "Разное", presenterId: $presenter, durationMinutes: 10, kind: INFORMATION }) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'addAgendaItem')).meetingId,
      presenter: context.leaders.secretary.member.id,
    }),
  },
  updateAgendaItem: {
    document: `mutation($id: ID!) { updateAgendaItem(id: $id, input: { title: "Новое название" }) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'updateAgendaItem')).itemIds[0],
    }),
  },
  removeAgendaItem: {
    document: `mutation($id: ID!) { removeAgendaItem(id: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'removeAgendaItem')).itemIds[0],
    }),
  },
  reorderAgenda: {
    document: `mutation($id: ID!, $ids: [ID!]!) { reorderAgenda(meetingId: $id, itemIds: $ids) { id } }`,
    variables: async (context) => {
      const { meetingId, itemIds } = await staged(context, 'DRAFT', 'reorderAgenda');
      return { id: meetingId, ids: [...itemIds].reverse() };
    },
  },
  publishAgenda: {
    document: `mutation($id: ID!) { publishAgenda(meetingId: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'DRAFT', 'publishAgenda')).meetingId,
    }),
  },
  recordAttendance: {
    document: `mutation($id: ID!, $memberId: ID!) { recordAttendance(meetingId: $id, entries: [{ memberId: $memberId, status: PRESENT }]) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'PUBLISHED', 'recordAttendance')).meetingId,
      memberId: context.leaders.member.member.id,
    }),
  },
  saveMinutes: {
    document: `mutation($input: SaveMinutesInput!) { saveMinutes(input: $input) { id } }`,
    variables: async (context) => {
      const { meetingId, itemIds } = await staged(context, 'HELD', 'saveMinutes');
      return minutesInput(meetingId, itemIds, 0);
    },
  },
  submitMinutes: {
    document: `mutation($id: ID!) { submitMinutes(meetingId: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'MINUTES_DRAFT', 'submitMinutes')).meetingId,
    }),
  },
  returnMinutes: {
    document: `mutation($id: ID!) { returnMinutes(meetingId: $id, comment: "Доработать") { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'MINUTES_SUBMITTED', 'returnMinutes')).meetingId,
    }),
  },
  approveMinutes: {
    document: `mutation($id: ID!) { approveMinutes(meetingId: $id) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'MINUTES_SUBMITTED', 'approveMinutes')).meetingId,
    }),
  },
  amendMinutes: {
    document: `mutation($input: SaveMinutesInput!) { amendMinutes(input: $input) { id } }`,
    variables: async (context) => {
      const { meetingId, itemIds } = await staged(context, 'MINUTES_APPROVED', 'amendMinutes');
      return minutesInput(meetingId, itemIds, 1);
    },
  },
  updateActionItem: {
    document: `mutation($id: ID!) { updateActionItem(id: $id, status: IN_PROGRESS) { id } }`,
    variables: async (context) => ({
      id: (await staged(context, 'MINUTES_APPROVED', 'updateActionItem')).actionItemId,
    }),
  },
};

export { NO_SUCH_ID };
