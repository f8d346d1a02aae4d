import { randomUUID } from 'node:crypto';
import { QueryCounter } from '@council/database';
import { databaseFingerprint } from './support/database-fingerprint';
import { ElectionDriver } from './support/elections';
import { PUBLISH, addAgendaItem, scheduleMeeting } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const ITEM_FIELDS = `id kind election { id title status term { label } }`;
const ADD = `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { ${ITEM_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateAgendaItemInput!) { updateAgendaItem(id: $id, input: $input) { ${ITEM_FIELDS} } }`;
const AGENDA = `query($id: ID!) { meeting(id: $id) { agendaRevision agenda { ${ITEM_FIELDS} }
  agendaChanges { edges { node { revision kind agendaItemId changes { field from to } } } } } }`;
const AUDIT = `{ auditLog(first: 20) { edges { node { action entityId summary } } } }`;

// DOMAIN.md: the leadership is elected at a council meeting. An ELECTION item of the agenda names
// the election it is about, and whoever sees the agenda reaches the vote from it.
describe('an agenda item names its election (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  let driver: ElectionDriver;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    driver = new ElectionDriver(t, leaders.secretary.token);
  });
  afterAll(() => t.close());

  const electionItem = (meetingId: string, electionId: string | null) =>
    addAgendaItem(t, leaders.secretary.token, meetingId, {
      title: 'Об избрании руководителей Совета',
      kind: 'ELECTION',
      electionId,
    });

  it('shows every member who sees the agenda the election its item names', async () => {
    const election = await driver.create({ termLabel: '2027-H2', title: 'Выборы на 2027-H2' });
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-06-20T11:00:00+03:00',
    });
    const added = await t.client.ok(
      ADD,
      {
        input: {
          meetingId: meeting.id,
          title: 'Об избрании руководителей Совета на второе полугодие 2027 года',
          presenterId: leaders.secretary.member.id,
          durationMinutes: 40,
          kind: 'ELECTION',
          electionId: election.id,
        },
      },
      leaders.secretary.token,
    );
    expect(added.addAgendaItem).toEqual({
      id: expect.any(String),
      kind: 'ELECTION',
      election: {
        id: election.id,
        title: 'Выборы на 2027-H2',
        status: 'DRAFT',
        term: { label: '2027-H2' },
      },
    });
    const plain = await addAgendaItem(t, leaders.secretary.token, meeting.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);

    const { agenda } = (await t.client.ok(AGENDA, { id: meeting.id }, leaders.member.token))
      .meeting;
    expect(agenda).toEqual([
      added.addAgendaItem,
      { id: plain.id, kind: 'DISCUSSION', election: null },
    ]);

    const audit = (await t.client.ok(AUDIT, {}, leaders.chair.token)).auditLog.edges
      .map((edge: any) => edge.node)
      .find(
        (node: any) =>
          node.action === 'meetings.agenda_item_added' &&
          node.summary.agendaItemId === added.addAgendaItem.id,
      );
    expect(audit.summary).toMatchObject({ electionId: election.id });
  });

  it('records naming, changing and clearing the election of a published agenda as changes', async () => {
    const first = await driver.create();
    const second = await driver.create();
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-06-21T11:00:00+03:00',
    });
    const item = await electionItem(meeting.id, null);
    await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);

    for (const electionId of [first.id, second.id, null]) {
      const updated = await t.client.ok(
        UPDATE,
        { id: item.id, input: { electionId } },
        leaders.secretary.token,
      );
      expect(updated.updateAgendaItem.election?.id ?? null).toBe(electionId);
    }
    // The same election again changes nothing (no revision).
    await t.client.ok(
      UPDATE,
      { id: item.id, input: { electionId: null } },
      leaders.secretary.token,
    );

    const seen = (await t.client.ok(AGENDA, { id: meeting.id }, leaders.member.token)).meeting;
    expect(seen.agendaRevision).toBe(4);
    expect(seen.agendaChanges.edges.map((edge: any) => edge.node)).toEqual([
      {
        revision: 2,
        kind: 'ITEM_UPDATED',
        agendaItemId: item.id,
        changes: [{ field: 'electionId', from: null, to: first.id }],
      },
      {
        revision: 3,
        kind: 'ITEM_UPDATED',
        agendaItemId: item.id,
        changes: [{ field: 'electionId', from: first.id, to: second.id }],
      },
      {
        revision: 4,
        kind: 'ITEM_UPDATED',
        agendaItemId: item.id,
        changes: [{ field: 'electionId', from: second.id, to: null }],
      },
    ]);
    const updates = (await t.client.ok(AUDIT, {}, leaders.chair.token)).auditLog.edges
      .map((edge: any) => edge.node)
      .filter(
        (node: any) =>
          node.action === 'meetings.agenda_item_updated' && node.summary.agendaItemId === item.id,
      )
      .map((node: any) => node.summary.electionId);
    // Newest first.
    expect(updates).toEqual([null, second.id, first.id]);
  });

  it('changes the kind and clears the election in one update', async () => {
    const election = await driver.create();
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-06-22T11:00:00+03:00',
    });
    const item = await electionItem(meeting.id, election.id);
    const updated = await t.client.ok(
      UPDATE,
      { id: item.id, input: { kind: 'DECISION', electionId: null } },
      leaders.secretary.token,
    );
    expect(updated.updateAgendaItem).toEqual({ id: item.id, kind: 'DECISION', election: null });
  });

  it('names the presenters and elections an agenda change refers to, in one statement each', async () => {
    const [first, second] = [await driver.create(), await driver.create()];
    const [anna, boris] = await t.factory.signedInMany(2);
    const meeting = await scheduleMeeting(t, leaders.secretary.token, {
      startsAt: '2027-06-23T11:00:00+03:00',
    });
    const item = await electionItem(meeting.id, first.id);
    await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);
    for (const input of [
      { presenterId: anna.member.id, electionId: second.id },
      { presenterId: boris.member.id },
      { title: 'Об избрании' },
    ]) {
      await t.client.ok(UPDATE, { id: item.id, input }, leaders.secretary.token);
    }
    const CHANGES = (named: boolean) => `query($id: ID!) { meeting(id: $id) {
      agendaChanges { edges { node { changes { field ${
        named
          ? 'fromMember { fullName } toMember { fullName } fromElection { id } toElection { id }'
          : ''
      } } } } } } }`;
    const statements = async (named: boolean) => {
      QueryCounter.reset();
      const data = await t.client.ok(CHANGES(named), { id: meeting.id }, leaders.member.token);
      return { count: QueryCounter.count, data };
    };
    const plain = await statements(false);
    const named = await statements(true);
    // One query for the members and one for the elections of the whole page.
    expect(named.count - plain.count).toBe(2);
    const changes = named.data.meeting.agendaChanges.edges.flatMap(
      (edge: any) => edge.node.changes,
    );
    const presenter = (name: string) => ({ fullName: name });
    expect(changes).toEqual([
      {
        field: 'presenterId',
        fromMember: presenter(leaders.secretary.member.fullName),
        toMember: presenter(anna.member.fullName),
        fromElection: null,
        toElection: null,
      },
      {
        field: 'electionId',
        fromMember: null,
        toMember: null,
        fromElection: { id: first.id },
        toElection: { id: second.id },
      },
      {
        field: 'presenterId',
        fromMember: presenter(anna.member.fullName),
        toMember: presenter(boris.member.fullName),
        fromElection: null,
        toElection: null,
      },
      { field: 'title', fromMember: null, toMember: null, fromElection: null, toElection: null },
    ]);

    // `from` and `to` are text with no foreign key: a value naming nothing (a row restored or
    // written by hand) is null, and the other changes of the page keep their names.
    for (const from of [randomUUID(), 'Иванов И. И.']) {
      await t.dataSource.query(
        `UPDATE agenda_change SET changes = jsonb_set(changes, '{0,from}', to_jsonb($2::text))
          WHERE meeting_id = $1 AND changes->0->>'field' = 'presenterId'
            AND changes->0->>'to' = $3`,
        [meeting.id, from, anna.member.id],
      );
      const response = await t.client.request<any>(
        CHANGES(true),
        { id: meeting.id },
        leaders.member.token,
      );
      expect(response.errors).toBeUndefined();
      const [rewritten, , third] = response.data.meeting.agendaChanges.edges.flatMap(
        (edge: any) => edge.node.changes,
      );
      expect(rewritten).toMatchObject({
        fromMember: null,
        toMember: presenter(anna.member.fullName),
      });
      expect(third).toMatchObject({ toMember: presenter(boris.member.fullName) });
    }
  });

  it('lists the meetings whose agenda names an election, as the caller may see them', async () => {
    const election = await driver.create();
    const other = await driver.create();
    const meetingNaming = async (startsAt: string, electionId: string, publish: boolean) => {
      const meeting = await scheduleMeeting(t, leaders.secretary.token, { startsAt });
      await electionItem(meeting.id, electionId);
      if (publish) await t.client.ok(PUBLISH, { id: meeting.id }, leaders.secretary.token);
      return meeting.id;
    };
    const vote = await meetingNaming('2027-06-25T11:00:00+03:00', election.id, true);
    const nominations = await meetingNaming('2027-06-24T11:00:00+03:00', election.id, true);
    const draft = await meetingNaming('2027-06-26T11:00:00+03:00', election.id, false);
    await meetingNaming('2027-06-24T15:00:00+03:00', other.id, true);

    const OF_ELECTION = `query($id: ID!, $first: Int, $after: String) {
      meetings(electionId: $id, order: STARTS_AT_ASC, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
    const ids = (page: any) => page.edges.map((edge: any) => edge.node.id);
    const forMember = (await t.client.ok(OF_ELECTION, { id: election.id }, leaders.member.token))
      .meetings;
    expect({ total: forMember.totalCount, ids: ids(forMember) }).toEqual({
      total: 2,
      ids: [nominations, vote],
    });
    const first = (
      await t.client.ok(OF_ELECTION, { id: election.id, first: 2 }, leaders.secretary.token)
    ).meetings;
    expect({ total: first.totalCount, ids: ids(first), more: first.pageInfo.hasNextPage }).toEqual({
      total: 3,
      ids: [nominations, vote],
      more: true,
    });
    const next = (
      await t.client.ok(
        OF_ELECTION,
        { id: election.id, first: 2, after: first.pageInfo.endCursor },
        leaders.secretary.token,
      )
    ).meetings;
    expect(ids(next)).toEqual([draft]);

    const malformed = await t.client.error(OF_ELECTION, { id: 'выборы' }, leaders.member.token);
    expect(malformed.code).toBe('BAD_USER_INPUT');
    expect(malformed.error.extensions?.fields).toHaveProperty('electionId');
  });

  describe('refuses, changing nothing', () => {
    let meetingId: string;
    let linkedItemId: string;
    let plainItemId: string;
    let electionId: string;

    beforeAll(async () => {
      electionId = (await driver.create()).id;
      meetingId = (
        await scheduleMeeting(t, leaders.secretary.token, {
          startsAt: '2027-06-23T11:00:00+03:00',
        })
      ).id;
      linkedItemId = (await electionItem(meetingId, electionId)).id;
      plainItemId = (await addAgendaItem(t, leaders.secretary.token, meetingId)).id;
    });

    async function refused(
      query: string,
      variables: Record<string, unknown>,
      field: string,
      reason: string,
    ): Promise<void> {
      const before = await databaseFingerprint(t);
      const { code, error } = await t.client.error(query, variables, leaders.secretary.token);
      expect({ code, reason: error.extensions?.reason, fields: error.extensions?.fields }).toEqual({
        code: 'BAD_USER_INPUT',
        reason,
        fields: { [field]: [expect.any(String)] },
      });
      expect(await databaseFingerprint(t)).toBe(before);
    }

    const addInput = (input: Record<string, unknown>) => ({
      input: {
        meetingId,
        title: 'Выборы',
        presenterId: leaders.secretary.member.id,
        durationMinutes: 30,
        kind: 'ELECTION',
        ...input,
      },
    });

    it('an election named by an item of another kind', async () => {
      await refused(
        ADD,
        addInput({ kind: 'DISCUSSION', electionId }),
        'electionId',
        'ELECTION_ITEM_ONLY',
      );
      await refused(
        UPDATE,
        { id: plainItemId, input: { electionId } },
        'electionId',
        'ELECTION_ITEM_ONLY',
      );
    });

    it('another kind for an item that names an election', async () => {
      await refused(
        UPDATE,
        { id: linkedItemId, input: { kind: 'INFORMATION' } },
        'kind',
        'ELECTION_ITEM_ONLY',
      );
    });

    it('an election that does not exist', async () => {
      await refused(ADD, addInput({ electionId: randomUUID() }), 'electionId', 'UNKNOWN_ELECTION');
      await refused(
        UPDATE,
        { id: linkedItemId, input: { electionId: randomUUID() } },
        'electionId',
        'UNKNOWN_ELECTION',
      );
    });

    it('an election id that is not an id', async () => {
      const { code, error } = await t.client.error(
        ADD,
        addInput({ electionId: 'выборы-2027' }),
        leaders.secretary.token,
      );
      expect(code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fields).toHaveProperty('electionId');
    });
  });
});

// AgendaItem.election reads through the elections' DataLoader: one statement for all the
// elections of a response, however many meetings name them.
// On an app of its own (a page shows every meeting there is), after the one above has closed.
describe('an agenda item names its election: statements (e2e)', () => {
  it('reads the elections of a page of meetings in one statement', async () => {
    const count = await createTestApp();
    try {
      count.clock.set('2027-02-01T09:00:00Z');
      const team = await count.factory.leadership();
      const elections = new ElectionDriver(count, team.secretary.token);
      const PAGE = (withElection: boolean) =>
        `{ meetings(first: 20) { edges { node { agenda { kind ${withElection ? 'election { id title }' : ''} } } } } }`;
      async function statements(query: string, meetings: number): Promise<number> {
        QueryCounter.reset();
        const data = await count.client.ok(query, {}, team.member.token);
        expect(data.meetings.edges).toHaveLength(meetings);
        return QueryCounter.count;
      }
      async function addMeetings(n: number, day: number): Promise<void> {
        for (let index = 0; index < n; index += 1) {
          const election = await elections.create();
          const meeting = await scheduleMeeting(count, team.secretary.token, {
            startsAt: `2027-03-${String(day + index).padStart(2, '0')}T11:00:00+03:00`,
          });
          await addAgendaItem(count, team.secretary.token, meeting.id, {
            kind: 'ELECTION',
            electionId: election.id,
          });
          await count.client.ok(PUBLISH, { id: meeting.id }, team.secretary.token);
        }
      }

      await addMeetings(2, 1);
      const withoutForTwo = await statements(PAGE(false), 2);
      const withForTwo = await statements(PAGE(true), 2);
      await addMeetings(8, 10);
      const withoutForTen = await statements(PAGE(false), 10);
      const withForTen = await statements(PAGE(true), 10);
      expect(withForTwo).toBe(withoutForTwo + 1);
      expect(withForTen).toBe(withoutForTen + 1);
      expect(withForTen).toBe(withForTwo);
    } finally {
      await count.close();
    }
  });
});
