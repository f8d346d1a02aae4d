import { Principal, Role } from '@council/access';
import {
  AgendaItemKind,
  AgendaService,
  AttendanceService,
  AttendanceStatus,
  MeetingFormat,
  MeetingsService,
  MinutesApprovalService,
  MinutesDraftingService,
} from '@council/meetings';
import type { TestApp } from './test-app';

// GraphQL documents and builders for the meetings tests (and the permission matrix catalogue).
export const MEETING_FIELDS = `id title status agendaRevision startsAt startsAtLocal timeZone location format
  publishedAt heldAt cancelledAt cancellationReason quorate quorum { present activeMembers required isQuorate }`;

export const MINUTES_FIELDS = `id status version contentHash previousHash canonicalContent isApproved isAmendment
  approvedVersion hasPendingAmendment returnComment returnedBy { id } approvedAt approvedBy { id } savedBy { id }
  items { agendaItemId agendaItemTitle position discussion
    decisions { text votesFor votesAgainst votesAbstained outcome }
    actionItems { id title dueOn status assignee { id } } }
  attendance { activeMembers presentCount present { id } }`;

export const SCHEDULE = `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { ${MEETING_FIELDS} } }`;
export const ADD_ITEM = `mutation($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id position title presenter { id fullName } durationMinutes kind description } }`;
export const PUBLISH = `mutation($id: ID!) { publishAgenda(meetingId: $id) { ${MEETING_FIELDS} } }`;
export const RECORD_ATTENDANCE = `mutation($id: ID!, $entries: [AttendanceInput!]!) { recordAttendance(meetingId: $id, entries: $entries) { ${MEETING_FIELDS} } }`;
export const SAVE_MINUTES = `mutation($input: SaveMinutesInput!) { saveMinutes(input: $input) { ${MINUTES_FIELDS} } }`;
export const AMEND_MINUTES = `mutation($input: SaveMinutesInput!) { amendMinutes(input: $input) { ${MINUTES_FIELDS} } }`;
export const SUBMIT_MINUTES = `mutation($id: ID!) { submitMinutes(meetingId: $id) { ${MINUTES_FIELDS} } }`;
export const RETURN_MINUTES = `mutation($id: ID!, $comment: String!) { returnMinutes(meetingId: $id, comment: $comment) { ${MINUTES_FIELDS} } }`;
export const APPROVE_MINUTES = `mutation($id: ID!) { approveMinutes(meetingId: $id) { ${MINUTES_FIELDS} } }`;
export const MEETING = `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS}
  agenda { id position title presenter { id fullName } }
  agendaChanges { totalCount edges { node { revision kind agendaItemId itemTitle changes { field from to } changedAt changedBy { id } } } }
  attendance { member { id } status }
  minutes { ${MINUTES_FIELDS} history { id version isApproved contentHash canonicalContent } } } }`;
export const MEETINGS = `query($first: Int, $after: String, $from: DateTime, $to: DateTime) {
  meetings(first: $first, after: $after, from: $from, to: $to) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title status startsAt minutes { id status version } } } } }`;
export const MY_ACTION_ITEMS = `{ myActionItems { id title dueOn status isOverdue assignee { id } meeting { id } } }`;
export const UPDATE_ACTION_ITEM = `mutation($id: ID!, $status: ActionItemStatus!) { updateActionItem(id: $id, status: $status) { id status } }`;

export interface MeetingInput {
  title?: string;
  startsAt?: string;
  location?: string;
  format?: 'IN_PERSON' | 'ONLINE' | 'HYBRID';
  timeZone?: string;
}

export async function scheduleMeeting(
  t: TestApp,
  token: string,
  input: MeetingInput = {},
): Promise<{ id: string; status: string } & Record<string, any>> {
  const data = await t.client.ok(
    SCHEDULE,
    {
      input: {
        title: 'Заседание Совета кластеров',
        startsAt: '2027-02-20T11:00:00+03:00',
        location: 'Технопарк Санкт-Петербурга',
        format: 'IN_PERSON',
        ...input,
      },
    },
    token,
  );
  return data.scheduleMeeting;
}

// Every agenda item has a presenter: by default the caller (the secretary who adds it).
const callers = new Map<string, Promise<string>>();
function callerId(t: TestApp, token: string): Promise<string> {
  let id = callers.get(token);
  if (!id) {
    id = t.client
      .ok(`{ me { id } }`, {}, token)
      .then((data) => data.me.id as string)
      .catch((error: unknown) => {
        callers.delete(token);
        throw error;
      });
    callers.set(token, id);
  }
  return id;
}

export async function addAgendaItem(
  t: TestApp,
  token: string,
  meetingId: string,
  input: Record<string, unknown> = {},
): Promise<{ id: string; position: number } & Record<string, any>> {
  const data = await t.client.ok(
    ADD_ITEM,
    {
      input: {
        meetingId,
        title: 'Итоги работы',
        presenterId: await callerId(t, token),
        durationMinutes: 20,
        kind: 'DISCUSSION',
        ...input,
      },
    },
    token,
  );
  return data.addAgendaItem;
}

export interface HeldMeeting {
  meetingId: string;
  itemIds: string[];
}

// A meeting that starts at startsAt, with `items` agenda items, published and held (attendance
// recorded after the start, so the clock is moved past it).
export async function heldMeeting(
  t: TestApp,
  secretaryToken: string,
  options: {
    startsAt: string;
    items?: number;
    present: string[];
    absent?: string[];
    presenterId?: string;
  },
): Promise<HeldMeeting> {
  const meeting = await scheduleMeeting(t, secretaryToken, { startsAt: options.startsAt });
  const itemIds: string[] = [];
  for (let index = 0; index < (options.items ?? 2); index += 1) {
    const item = await addAgendaItem(t, secretaryToken, meeting.id, {
      title: `Вопрос ${index + 1}`,
      kind: 'DECISION',
      ...(options.presenterId ? { presenterId: options.presenterId } : {}),
    });
    itemIds.push(item.id);
  }
  await t.client.ok(PUBLISH, { id: meeting.id }, secretaryToken);
  const start = new Date(options.startsAt).getTime();
  if (t.clock.now().getTime() < start) t.clock.set(new Date(start + 60 * 60 * 1000));
  await t.client.ok(
    RECORD_ATTENDANCE,
    {
      id: meeting.id,
      entries: [
        ...options.present.map((memberId) => ({ memberId, status: 'PRESENT' })),
        ...(options.absent ?? []).map((memberId) => ({ memberId, status: 'ABSENT' })),
      ],
    },
    secretaryToken,
  );
  return { meetingId: meeting.id, itemIds };
}

// REJECTED unless told otherwise: the meetings of a test file are seldom quorate (every member it
// creates is active), and a meeting without a quorum adopts nothing.
export function decision(votesFor: number, overrides: Record<string, unknown> = {}) {
  return {
    text: 'Принять предложение',
    votesFor,
    votesAgainst: 0,
    votesAbstained: 0,
    outcome: 'REJECTED',
    ...overrides,
  };
}

export type MeetingStage =
  'DRAFT' | 'PUBLISHED' | 'HELD' | 'MINUTES_DRAFT' | 'MINUTES_SUBMITTED' | 'MINUTES_APPROVED';

export interface StagedMeeting {
  meetingId: string;
  itemIds: string[];
  actionItemId?: string;
}

const STAGES: MeetingStage[] = [
  'DRAFT',
  'PUBLISHED',
  'HELD',
  'MINUTES_DRAFT',
  'MINUTES_SUBMITTED',
  'MINUTES_APPROVED',
];

// The secretary and the chair as the meetings services take them, for building meetings without
// HTTP.
export function officers(leaders: { secretaryId: string; chairId: string }): {
  secretary: Principal;
  chair: Principal;
} {
  return {
    secretary: new Principal(
      leaders.secretaryId,
      'fixture',
      new Set([Role.MEMBER, Role.EXECUTIVE_SECRETARY]),
    ),
    chair: new Principal(leaders.chairId, 'fixture', new Set([Role.MEMBER, Role.CHAIR])),
  };
}

// A fresh meeting brought to a stage of its life by the leadership, through the services (the
// permission matrix needs one per call, so a real target exists whose state the call could change).
// The meeting started in the past.
export async function stagedMeeting(
  t: TestApp,
  leaders: { secretaryId: string; chairId: string },
  stage: MeetingStage,
  assigneeId: string,
): Promise<StagedMeeting> {
  const reached = (target: MeetingStage) => STAGES.indexOf(stage) >= STAGES.indexOf(target);
  const { secretary, chair } = officers(leaders);
  const meeting = await t.app.get(MeetingsService).schedule(secretary, {
    title: 'Заседание',
    startsAt: new Date('2026-01-15T08:00:00Z'),
    location: 'Технопарк',
    format: MeetingFormat.IN_PERSON,
  });
  const agenda = t.app.get(AgendaService);
  const itemIds: string[] = [];
  for (const title of ['Первый вопрос', 'Второй вопрос']) {
    const item = await agenda.add(secretary, {
      meetingId: meeting.id,
      title,
      presenterId: leaders.secretaryId,
      durationMinutes: 10,
      kind: AgendaItemKind.DISCUSSION,
    });
    itemIds.push(item.id);
  }
  const staged: StagedMeeting = { meetingId: meeting.id, itemIds };
  if (!reached('PUBLISHED')) return staged;
  await agenda.publish(secretary, meeting.id);
  if (!reached('HELD')) return staged;
  await t.app
    .get(AttendanceService)
    .record(secretary, meeting.id, [{ memberId: assigneeId, status: AttendanceStatus.PRESENT }]);
  if (!reached('MINUTES_DRAFT')) return staged;
  const saved = await t.app.get(MinutesDraftingService).save(secretary, {
    meetingId: meeting.id,
    baseVersion: 0,
    items: [
      {
        agendaItemId: itemIds[0],
        discussion: 'Обсуждение',
        actionItems: [{ title: 'Поручение', assigneeId, dueOn: '2026-12-31' }],
      },
    ],
  });
  staged.actionItemId = saved.items[0].actionItems[0].id;
  if (!reached('MINUTES_SUBMITTED')) return staged;
  const approval = t.app.get(MinutesApprovalService);
  await approval.submit(secretary, meeting.id);
  if (!reached('MINUTES_APPROVED')) return staged;
  await approval.approve(chair, meeting.id);
  return staged;
}

// What a staged meeting looks like in the database: if a refused call left it untouched, the next
// caller can reuse it instead of staging another one.
async function meetingSignature(t: TestApp, meetingId: string): Promise<string> {
  const [row] = await t.dataSource.query(
    `SELECT md5(concat_ws('|',
       (SELECT m::text FROM meeting m WHERE m.id = $1),
       (SELECT string_agg(a::text, ',' ORDER BY a.id) FROM agenda_item a WHERE a.meeting_id = $1),
       (SELECT string_agg(x::text, ',' ORDER BY x.member_id) FROM attendance x WHERE x.meeting_id = $1),
       (SELECT string_agg(n::text, ',') FROM minutes n WHERE n.meeting_id = $1),
       (SELECT string_agg(i::text, ',' ORDER BY i.id) FROM action_item i WHERE i.meeting_id = $1)
     )) AS signature`,
    [meetingId],
  );
  return row.signature as string;
}

const reusable = new WeakMap<object, Map<string, { staged: StagedMeeting; signature: string }>>();

// One staged meeting per operation, replaced only once a call has changed it (an allowed call).
export async function stagedMeetingFor(
  t: TestApp,
  owner: object,
  operation: string,
  leaders: { secretaryId: string; chairId: string },
  stage: MeetingStage,
  assigneeId: string,
): Promise<StagedMeeting> {
  const cache =
    reusable.get(owner) ?? new Map<string, { staged: StagedMeeting; signature: string }>();
  reusable.set(owner, cache);
  const cached = cache.get(operation);
  if (cached && (await meetingSignature(t, cached.staged.meetingId)) === cached.signature) {
    return cached.staged;
  }
  const staged = await stagedMeeting(t, leaders, stage, assigneeId);
  cache.set(operation, { staged, signature: await meetingSignature(t, staged.meetingId) });
  return staged;
}
