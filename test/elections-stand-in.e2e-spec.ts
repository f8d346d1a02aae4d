import { Position } from '@council/terms';
import {
  APPROVE,
  CHAIR_ONLY,
  CLOSE,
  CREATE,
  ElectionDriver,
  NO_QUORUM_RULE,
  person,
  spareTermLabel,
} from './support/elections';
import { TestApp, createTestApp } from './support/test-app';

const ROLES = `{ me { roles } }`;
const PERMISSIONS = `{ myPermissions }`;
const MEMBER_PERMISSIONS = [
  'VIEW_COUNCIL',
  'MANAGE_OWN_SESSION',
  'TAKE_PART_IN_ELECTIONS',
  'TRACK_ACTION_ITEMS',
];

// STAND_IN_TABLE (libs/access/src/permissions.ts): while the current term has no sitting
// executive secretary, the ADMIN runs elections, so that a council whose term began without a
// certified roster (or whose roster has no secretary) can still elect one.
describe('elections: the ADMIN stands in for a missing secretary (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('finishes an election still open when its term began, which installs the new roster', async () => {
    t.clock.set('2030-06-30T20:00:00Z'); // 30 June, 23:00 in Moscow
    const lead = await t.factory.leadership('2030-H1');
    const voter = await t.factory.signedIn();
    const drive = new ElectionDriver(t, lead.secretary.token);
    const election = await drive.voting(
      { termLabel: '2030-H2', contests: CHAIR_ONLY, ruleset: NO_QUORUM_RULE },
      [[person(lead.chair)]],
    );
    await drive.cast(election.id, voter.token, [
      { contestId: election.contests[0].id, answer: 'YES' },
    ]);
    // Before midnight the secretary sits: the admin has no say.
    expect(await t.client.error(CLOSE, { id: election.id }, lead.admin.token)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PERMISSION_DENIED',
    });
    // What the portal offers follows: no election buttons for the admin yet.
    const adminBefore = (await t.client.ok(PERMISSIONS, {}, lead.admin.token)).myPermissions;
    expect(adminBefore).not.toContain('MANAGE_ELECTIONS');
    expect(adminBefore).toEqual(
      expect.arrayContaining(['MANAGE_MEMBER_STATUS', 'CERTIFY_ELECTIONS']),
    );

    t.clock.set('2030-06-30T21:00:00Z'); // 1 July, 00:00 in Moscow: 2030-H2 has no roster
    expect((await t.client.ok(ROLES, {}, lead.secretary.token)).me.roles).toEqual(['MEMBER']);
    expect((await t.client.ok(PERMISSIONS, {}, lead.secretary.token)).myPermissions).toEqual(
      MEMBER_PERMISSIONS,
    );
    expect((await t.client.ok(PERMISSIONS, {}, lead.admin.token)).myPermissions).toContain(
      'MANAGE_ELECTIONS',
    );
    expect(await t.client.error(CLOSE, { id: election.id }, lead.secretary.token)).toMatchObject({
      code: 'FORBIDDEN',
    });
    const closed = await t.client.ok(CLOSE, { id: election.id }, lead.admin.token);
    expect(closed.closeVoting.status).toBe('TALLIED');
    // 2030-H2 has no co-chairs: the admin certifies (DOMAIN.md), and the roster is installed.
    const approved = await t.client.ok(APPROVE, { id: election.id }, lead.admin.token);
    expect(approved.approveElection.status).toBe('CERTIFIED');
    expect((await t.client.ok(ROLES, {}, lead.chair.token)).me.roles).toEqual(['MEMBER', 'CHAIR']);

    const audit = await t.dataSource.query(
      `SELECT actor_id FROM audit_entry WHERE entity_id = $1 AND action = 'elections.voting_closed'`,
      [election.id],
    );
    expect(audit).toEqual([{ actor_id: lead.admin.member.id }]);
  });

  it('stands in for a roster without a secretary, never for a suspended one', async () => {
    t.clock.set('2031-02-01T09:00:00Z');
    const lead = await t.factory.leadership('2031-H1');
    const create = (token: string) =>
      t.client.request(
        CREATE,
        { input: { termLabel: spareTermLabel(), title: 'Выборы', contests: CHAIR_ONLY } },
        token,
      );
    const refused = await create(lead.admin.token);
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PERMISSION_DENIED',
    });
    // An admin may suspend the secretary, and must not thereby take over the elections.
    await t.client.ok(
      `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
      { id: lead.secretary.member.id },
      lead.admin.token,
    );
    expect((await create(lead.admin.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // 2031-H2's roster has no secretary seat: there the admin runs the elections.
    await t.factory.installRoster('2031-H2', [
      { position: Position.CHAIR, memberId: lead.chair.member.id },
    ]);
    t.clock.set('2031-07-01T09:00:00Z');
    const admin = await t.factory.tokenFor(lead.admin.member);
    expect((await create(admin)).errors).toBeUndefined();
    // A plain member does not stand in, and the meetings stay with the secretary.
    const member = await t.factory.tokenFor(lead.member.member);
    expect((await create(member)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const meeting = await t.client.request(
      `mutation { scheduleMeeting(input: { title: "Заседание", startsAt: "2031-07-10T08:00:00Z",
        location: "Зал", format: IN_PERSON }) { id } }`,
      {},
      admin,
    );
    expect(meeting.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
