import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { allChecked, assertOneOf, assertUuid, characterCount, requireText } from '@council/core';
import { MEETING_LIMITS } from './limits';
import { MeetingsReason, invalidField } from './meetings.errors';
import { recordedQuorum } from './quorum';
import {
  DecisionOutcome,
  MINUTES_NONCE_PATTERN,
  MINUTES_SCHEMA,
  MinutesActionItemRecord,
  MinutesAttendanceRecord,
  MinutesDecisionRecord,
  MinutesDocument,
  MinutesItemRecord,
} from './minutes-document';

export interface DecisionInput {
  text: string;
  votesFor: number;
  votesAgainst: number;
  votesAbstained: number;
  outcome: DecisionOutcome;
}

export interface ActionItemInput {
  // Given to keep an action item of an earlier version (its tracked status follows it).
  id?: string | null;
  title: string;
  assigneeId: string;
  dueOn: string;
}

export interface MinutesItemInput {
  agendaItemId: string;
  discussion: string;
  decisions?: DecisionInput[] | null;
  actionItems?: ActionItemInput[] | null;
}

export interface SaveMinutesCommand {
  meetingId: string;
  baseVersion: number;
  items: MinutesItemInput[];
}

// Items checked for shape only: what can be judged without reading the database.
export interface NormalizedItem {
  agendaItemId: string;
  discussion: string;
  decisions: MinutesDecisionRecord[];
  actionItems: Array<Omit<MinutesActionItemRecord, 'id'> & { id: string | null }>;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// dueOn and similar: a real calendar date, written YYYY-MM-DD.
export function parseCalendarDate(value: string, field: string): string {
  const parsed = DATE_PATTERN.test(value) ? DateTime.fromISO(value, { zone: 'UTC' }) : null;
  if (!parsed?.isValid || parsed.year < 2000 || parsed.year > 2999) {
    throw invalidField(field, MeetingsReason.INVALID_DATE, `${field} must be a date (YYYY-MM-DD)`);
  }
  return value;
}

// The calendar day an instant falls on in the council's time zone.
export function calendarDateIn(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

function assertCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0 || value > MEETING_LIMITS.maxVotes) {
    throw invalidField(
      field,
      MeetingsReason.INVALID_NUMBER,
      `${field} must be a whole number from 0 to ${MEETING_LIMITS.maxVotes}`,
    );
  }
  return value;
}

function assertMax(length: number, max: number, field: string): void {
  if (length > max) {
    throw invalidField(field, MeetingsReason.TOO_MANY_ENTRIES, `${field} takes at most ${max}`);
  }
}

// 0 for the first draft, then the version the caller edited (optimistic concurrency).
export function assertBaseVersion(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw invalidField(
      'baseVersion',
      MeetingsReason.INVALID_NUMBER,
      'baseVersion is 0 for the first draft, then the version you edited',
    );
  }
  return value;
}

// DOMAIN.md: votes for, against and abstained together cannot exceed the members present.
export function assertVotesWithinPresent(
  decision: Pick<DecisionInput, 'votesFor' | 'votesAgainst' | 'votesAbstained'>,
  present: number,
  field: string,
): void {
  const total = decision.votesFor + decision.votesAgainst + decision.votesAbstained;
  if (total > present) {
    throw invalidField(
      field,
      MeetingsReason.VOTES_EXCEED_PRESENT,
      `${total} votes were counted but only ${present} members were present`,
    );
  }
}

// Whatever majority the council's bylaws ask for, a motion with more votes against than for is not
// adopted. A tie may be (a chair's casting vote), and a decision with no counts is one by consensus.
// REJECTED is never a contradiction: a qualified majority can reject a motion most voted for.
export function assertOutcomeMatchesVotes(
  decision: Pick<DecisionInput, 'votesFor' | 'votesAgainst' | 'outcome'>,
  field: string,
): void {
  if (decision.outcome === DecisionOutcome.ADOPTED && decision.votesFor < decision.votesAgainst) {
    throw invalidField(
      `${field}.outcome`,
      MeetingsReason.OUTCOME_CONTRADICTS_VOTES,
      `a decision with ${decision.votesFor} votes for and ${decision.votesAgainst} against is not adopted`,
    );
  }
}

// A meeting without a quorum takes no decision (DOMAIN.md: quorate when more than half of the
// active members are present); it can still record a motion as rejected.
export function assertAdoptedAtQuorum(
  decision: Pick<DecisionInput, 'outcome'>,
  attendance: MinutesAttendanceRecord,
  field: string,
): void {
  if (decision.outcome !== DecisionOutcome.ADOPTED) return;
  const quorum = recordedQuorum(attendance);
  if (!quorum?.isQuorate) {
    throw invalidField(
      `${field}.outcome`,
      MeetingsReason.MEETING_NOT_QUORATE,
      quorum
        ? `no decision is adopted without a quorum: ${quorum.present} of ${quorum.activeMembers} members were present, ${quorum.required} are needed`
        : 'no decision is adopted before attendance is recorded',
    );
  }
}

export function normalizeDecision(input: DecisionInput, path: string): MinutesDecisionRecord {
  const outcome = assertOneOf(DecisionOutcome, input.outcome, `${path}.outcome`);
  const decision = {
    text: requireText(input.text, `${path}.text`, MEETING_LIMITS.decisionText),
    votesFor: assertCount(input.votesFor, `${path}.votesFor`),
    votesAgainst: assertCount(input.votesAgainst, `${path}.votesAgainst`),
    votesAbstained: assertCount(input.votesAbstained, `${path}.votesAbstained`),
    outcome,
  };
  assertOutcomeMatchesVotes(decision, path);
  return decision;
}

// Shape checks of saveMinutes/amendMinutes input (texts, numbers, dates, ids, caps, duplicates).
export function normalizeMinutesItems(items: readonly MinutesItemInput[]): NormalizedItem[] {
  assertMax(items.length, MEETING_LIMITS.minutesItems, 'items');
  const agendaItems = new Set<string>();
  const actionIds = new Set<string>();
  let textLength = 0;
  return items.map((item, index) => {
    const path = `items.${index}`;
    const agendaItemId = assertUuid(item.agendaItemId, `${path}.agendaItemId`);
    if (agendaItems.has(agendaItemId)) {
      throw invalidField(
        `${path}.agendaItemId`,
        MeetingsReason.DUPLICATE_AGENDA_ITEM,
        'each agenda item appears once in the minutes',
      );
    }
    agendaItems.add(agendaItemId);
    const decisions: DecisionInput[] = item.decisions ?? [];
    const actionItems: ActionItemInput[] = item.actionItems ?? [];
    assertMax(decisions.length, MEETING_LIMITS.decisionsPerItem, `${path}.decisions`);
    assertMax(actionItems.length, MEETING_LIMITS.actionItemsPerItem, `${path}.actionItems`);
    const normalized = {
      agendaItemId,
      discussion: requireText(item.discussion, `${path}.discussion`, MEETING_LIMITS.discussion, 0),
      decisions: decisions.map((decision, at) =>
        normalizeDecision(decision, `${path}.decisions.${at}`),
      ),
      actionItems: actionItems.map((action, at) => {
        const actionPath = `${path}.actionItems.${at}`;
        const id =
          action.id === null || action.id === undefined
            ? null
            : assertUuid(action.id, `${actionPath}.id`);
        if (id !== null) {
          if (actionIds.has(id)) {
            throw invalidField(
              `${actionPath}.id`,
              MeetingsReason.DUPLICATE_ACTION_ITEM,
              'an action item appears once in the minutes',
            );
          }
          actionIds.add(id);
        }
        return {
          id,
          title: requireText(action.title, `${actionPath}.title`, MEETING_LIMITS.actionTitle),
          assigneeId: assertUuid(action.assigneeId, `${actionPath}.assigneeId`),
          dueOn: parseCalendarDate(action.dueOn, `${actionPath}.dueOn`),
        };
      }),
    };
    textLength +=
      characterCount(normalized.discussion) +
      normalized.decisions.reduce((sum, decision) => sum + characterCount(decision.text), 0) +
      normalized.actionItems.reduce((sum, action) => sum + characterCount(action.title), 0);
    if (textLength > MEETING_LIMITS.minutesText) {
      throw invalidField(
        'items',
        MeetingsReason.INVALID_LENGTH,
        `the minutes hold at most ${MEETING_LIMITS.minutesText} characters of text in all`,
      );
    }
    return normalized;
  });
}

export interface MinutesContext {
  // A held meeting: published and held.
  meeting: {
    id: string;
    title: string;
    startsAt: Date;
    location: string;
    publishedAt: Date | null;
    heldAt: Date | null;
  };
  // The meeting's day in the council's time zone: nothing is due before it.
  meetingDate: string;
  agenda: ReadonlyMap<string, { title: string; position: number }>;
  attendance: MinutesAttendanceRecord;
  // Members that exist (assignees must be members of the council), and those of them active: a
  // new action item, or one given to someone else, goes to an active member. One carried over
  // with its assignee stays as it is, suspended or not, so old minutes can still be amended.
  knownMembers: ReadonlySet<string>;
  activeMembers: ReadonlySet<string>;
  // Action item ids that may be carried over (from earlier versions of these minutes).
  knownActionItems: ReadonlySet<string>;
  // Per action item, who it is assigned to in the version being edited and in the approved
  // minutes (if still there): keeping either is carrying it over. An item withdrawn and brought
  // back is given anew.
  carriedAssignees: ReadonlyMap<string, ReadonlySet<string>>;
  version: number;
  previousHash: string | null;
  // Fresh random for every version built (newMinutesNonce), given here so the rules stay pure.
  nonce: string;
  newId?: () => string;
}

// Checks the items against the meeting (agenda, attendance, members) and builds the document to
// store and, once approved, to seal. Items follow the agenda's order.
export function buildMinutesDocument(
  items: readonly NormalizedItem[],
  context: MinutesContext,
): MinutesDocument {
  // Without it, the version's hash would let anyone test guesses at a content they cannot read.
  if (!MINUTES_NONCE_PATTERN.test(context.nonce)) {
    throw new Error('Minutes built without a random nonce');
  }
  const newId = context.newId ?? randomUUID;
  const present = context.attendance.present.length;
  // Every item's mistakes in one answer (allChecked): a secretary saving ten items hears of all.
  const records: MinutesItemRecord[] = allChecked(
    ...items.map((item, index) => (): MinutesItemRecord => {
      const path = `items.${index}`;
      const [agendaItem, , actionItems] = allChecked(
        () => {
          const found = context.agenda.get(item.agendaItemId);
          if (!found) {
            throw invalidField(
              `${path}.agendaItemId`,
              MeetingsReason.UNKNOWN_AGENDA_ITEM,
              'not an item of this meeting’s agenda',
            );
          }
          return found;
        },
        () =>
          allChecked(
            ...item.decisions.map((decision, at) => () => {
              // Its votes and its outcome are apart: both mistakes in one answer.
              allChecked(
                () => assertVotesWithinPresent(decision, present, `${path}.decisions.${at}`),
                () =>
                  assertAdoptedAtQuorum(decision, context.attendance, `${path}.decisions.${at}`),
              );
            }),
          ),
        () =>
          allChecked(
            ...item.actionItems.map((action, at) => () => {
              const actionPath = `${path}.actionItems.${at}`;
              // Its id, assignee and due date in one answer; whether the assignee is carried over
              // (and may be inactive) is judged only for an id of these minutes.
              const knownId = action.id === null || context.knownActionItems.has(action.id);
              allChecked(
                () => {
                  if (!knownId) {
                    throw invalidField(
                      `${actionPath}.id`,
                      MeetingsReason.UNKNOWN_ACTION_ITEM,
                      'not an action item of these minutes',
                    );
                  }
                },
                () => {
                  if (!context.knownMembers.has(action.assigneeId)) {
                    throw invalidField(
                      `${actionPath}.assigneeId`,
                      MeetingsReason.UNKNOWN_MEMBER,
                      'the assignee is not a member',
                    );
                  }
                  const carried =
                    action.id !== null &&
                    context.carriedAssignees.get(action.id)?.has(action.assigneeId);
                  if (knownId && !carried && !context.activeMembers.has(action.assigneeId)) {
                    throw invalidField(
                      `${actionPath}.assigneeId`,
                      MeetingsReason.MEMBER_NOT_ACTIVE,
                      'an action item is given to an active member',
                    );
                  }
                },
                () => {
                  if (action.dueOn < context.meetingDate) {
                    throw invalidField(
                      `${actionPath}.dueOn`,
                      MeetingsReason.DUE_BEFORE_MEETING,
                      `an action item cannot be due before the meeting (${context.meetingDate})`,
                    );
                  }
                },
              );
              return { ...action, id: action.id ?? newId() };
            }),
          ),
      );
      return {
        agendaItemId: item.agendaItemId,
        agendaItemTitle: agendaItem.title,
        position: agendaItem.position,
        discussion: item.discussion,
        decisions: item.decisions,
        actionItems,
      };
    }),
  );
  records.sort((a, b) => a.position - b.position);
  return {
    schema: MINUTES_SCHEMA,
    meeting: {
      id: context.meeting.id,
      title: context.meeting.title,
      startsAt: context.meeting.startsAt.toISOString(),
      location: context.meeting.location,
      publishedAt: heldMeetingInstant(context.meeting.publishedAt, 'publishedAt'),
      heldAt: heldMeetingInstant(context.meeting.heldAt, 'heldAt'),
    },
    version: context.version,
    previousHash: context.previousHash,
    nonce: context.nonce,
    attendance: context.attendance,
    items: records,
  };
}

// Minutes are drafted for a held meeting only, which was published and held.
function heldMeetingInstant(instant: Date | null, name: string): string {
  if (!instant) throw new Error(`Minutes drafted for a meeting without ${name}`);
  return instant.toISOString();
}

export function actionItemsOf(document: MinutesDocument): MinutesActionItemRecord[] {
  return document.items.flatMap((item) => item.actionItems);
}
