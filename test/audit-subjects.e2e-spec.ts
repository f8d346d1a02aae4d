import { AuditAction, AuditEntityType, AuditService } from '@council/audit';
import { QueryCounter } from '@council/database';
import type { Leadership, SignedIn } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';
import {
  APPROVE_MINUTES,
  PUBLISH,
  SAVE_MINUTES,
  SUBMIT_MINUTES,
  UPDATE_ACTION_ITEM,
  addAgendaItem,
  decision,
  heldMeeting,
  scheduleMeeting,
} from './support/meetings-fixtures';

const LOG = `query($entityType: String) { auditLog(first: 100, entityType: $entityType) {
  edges { node { action entityType entityId subject {
    __typename
    ... on Meeting { id title }
    ... on Election { id title }
    ... on Member { id fullName }
    ... on Organization { id name }
    ... on Term { id label }
    ... on ActionItem { id title }
  } } } } }`;

interface Entry {
  action: string;
  entityType: string | null;
  entityId: string | null;
  subject: ({ __typename: string; id: string } & Record<string, unknown>) | null;
}

const TYPENAMES: Record<string, string> = {
  meeting: 'Meeting',
  election: 'Election',
  member: 'Member',
  organization: 'Organization',
  term: 'Term',
  action_item: 'ActionItem',
};

// An audit page names what each entry is about (AuditEntry.subject), as the caller may see it,
// in one statement per kind of subject however many entries the page holds.
describe('the subjects of audit entries (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let admin: SignedIn;
  let draftId: string;
  let actionItemId: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    admin = await t.factory.signedIn({ isAdmin: true });
    await t.client.ok(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Кластер медицинской техники', shortName: 'Медтех' } },
      admin.token,
    );
    await t.client.ok(
      `mutation($input: CreateElectionInput!) { createElection(input: $input) { id } }`,
      { input: { termLabel: '2027-H2', title: 'Выборы на второе полугодие' } },
      leaders.secretary.token,
    );
    draftId = (await scheduleMeeting(t, leaders.secretary.token, { title: 'Черновик заседания' }))
      .id;
    const held = await heldMeeting(t, leaders.secretary.token, {
      startsAt: '2027-02-03T11:00:00+03:00',
      present: [leaders.secretary.member.id, leaders.chair.member.id],
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
              discussion: 'Обсудили',
              decisions: [decision(2)],
              actionItems: [
                {
                  title: 'Дорожная карта',
                  assigneeId: leaders.member.member.id,
                  dueOn: '2027-03-01',
                },
              ],
            },
          ],
        },
      },
      leaders.secretary.token,
    );
    await t.client.ok(SUBMIT_MINUTES, { id: held.meetingId }, leaders.secretary.token);
    const minutes = (
      await t.client.ok(APPROVE_MINUTES, { id: held.meetingId }, leaders.chair.token)
    ).approveMinutes;
    actionItemId = minutes.items[0].actionItems[0].id;
    await t.client.ok(
      UPDATE_ACTION_ITEM,
      { id: actionItemId, status: 'IN_PROGRESS' },
      leaders.member.token,
    );
    const suspended = await t.factory.signedIn({ fullName: 'Пётр Приостановленный' });
    await t.client.ok(
      `mutation($id: ID!) { suspendMember(memberId: $id) { id } }`,
      { id: suspended.member.id },
      admin.token,
    );
    // A term's entry, one about a session, and ones whose ids name nothing (written by hand: the
    // log keeps whatever an older version wrote).
    const odd: Array<[AuditEntityType, string]> = [
      ['term', '2027-H1'],
      ['term', '2027-3'],
      ['auth_session', leaders.member.member.id],
      ['member', 'not-an-id'],
      ['member', '00000000-0000-4000-8000-000000000000'],
    ];
    for (const [entityType, entityId] of odd) {
      await t.dataSource.transaction((manager) =>
        t.app.get(AuditService).record(manager, {
          actorId: null,
          action: 'test.entry' as AuditAction,
          entityType,
          entityId,
        }),
      );
    }
  });
  afterAll(() => t.close());

  const log = async (token: string, entityType?: string): Promise<Entry[]> =>
    (await t.client.ok(LOG, { entityType }, token)).auditLog.edges.map(
      (edge: { node: Entry }) => edge.node,
    );

  it('gives each entry its subject, of the kind its entityType names, by its entityId', async () => {
    const entries = await log(leaders.chair.token);
    const kinds = new Set<string>();
    for (const entry of entries.filter((e) => e.action !== 'test.entry')) {
      if (!entry.entityType || !(entry.entityType in TYPENAMES)) {
        expect(entry.subject).toBeNull();
        continue;
      }
      kinds.add(entry.entityType);
      expect({ entry, typename: entry.subject?.__typename, id: entry.subject?.id }).toEqual({
        entry,
        typename: TYPENAMES[entry.entityType],
        id: entry.entityId,
      });
    }
    expect([...kinds].sort()).toEqual(
      ['action_item', 'election', 'meeting', 'member', 'organization', 'term'].sort(),
    );
    const byId = (id: string) => entries.find((entry) => entry.entityId === id)?.subject;
    expect(byId(draftId)).toMatchObject({ __typename: 'Meeting', title: 'Черновик заседания' });
    expect(byId(actionItemId)).toMatchObject({ __typename: 'ActionItem', title: 'Дорожная карта' });
  });

  it('gives a term its term, and nothing for a session or an id that names nothing', async () => {
    const odd = (await log(leaders.chair.token)).filter((entry) => entry.action === 'test.entry');
    expect(odd.map((entry) => [entry.entityType, entry.entityId, entry.subject]).reverse()).toEqual(
      [
        ['term', '2027-H1', { __typename: 'Term', id: '2027-H1', label: '2027-H1' }],
        ['term', '2027-3', null],
        ['auth_session', leaders.member.member.id, null],
        ['member', 'not-an-id', null],
        ['member', '00000000-0000-4000-8000-000000000000', null],
      ],
    );
  });

  // ADMIN reads the log but does not see draft meetings (meeting(id) is NOT_FOUND for it).
  it('hides a meeting the caller may not see, until its agenda is published', async () => {
    const draftSubjects = async (token: string) =>
      (await log(token, 'meeting'))
        .filter((entry) => entry.entityId === draftId)
        .map((entry) => entry.subject);
    await addAgendaItem(t, leaders.secretary.token, draftId);
    // Scheduled, an item added: two entries, their subject hidden from the ADMIN, not the chair.
    expect(await draftSubjects(admin.token)).toEqual([null, null]);
    const draft = { __typename: 'Meeting', id: draftId, title: 'Черновик заседания' };
    expect(await draftSubjects(leaders.chair.token)).toEqual([draft, draft]);
    await t.client.ok(PUBLISH, { id: draftId }, leaders.secretary.token);
    expect(await draftSubjects(admin.token)).toEqual([draft, draft, draft]);
  });

  it('costs one statement per kind of subject, however many entries name it', async () => {
    const count = async () => {
      QueryCounter.reset();
      await log(leaders.chair.token);
      return QueryCounter.count;
    };
    const before = await count();
    for (let index = 0; index < 5; index += 1) {
      await scheduleMeeting(t, leaders.secretary.token, { title: `Заседание ${index}` });
      await t.client.ok(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name: `Кластер №${index}`, shortName: `К${index}` } },
        admin.token,
      );
    }
    expect(await count()).toBe(before);
  });
});
