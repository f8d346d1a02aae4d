import { ValidationError } from '@council/core';
import { DecisionOutcome, canonicalMinutes, minutesContentHash } from './minutes-document';
import {
  MinutesContext,
  MinutesItemInput,
  assertAdoptedAtQuorum,
  assertOutcomeMatchesVotes,
  assertVotesWithinPresent,
  buildMinutesDocument,
  calendarDateIn,
  normalizeMinutesItems,
  parseCalendarDate,
} from './minutes-rules';

const MEETING = 'aaaaaaaa-0000-4000-8000-000000000001';
const FIRST = 'bbbbbbbb-0000-4000-8000-000000000001';
const SECOND = 'bbbbbbbb-0000-4000-8000-000000000002';
const MEMBER = 'cccccccc-0000-4000-8000-000000000003';
const KEPT_ACTION = 'dddddddd-0000-4000-8000-000000000004';
const SUSPENDED = 'cccccccc-0000-4000-8000-000000000009';
const NONCE = 'AAECAwQFBgcICQoLDA0ODw';

function failure(action: () => unknown): { reason: string; fields: string[] } | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    return { reason: validation.reason, fields: Object.keys(validation.fields ?? {}) };
  }
  return undefined;
}

const decision = (votesFor: number, votesAgainst = 0, votesAbstained = 0) => ({
  text: 'Решение',
  votesFor,
  votesAgainst,
  votesAbstained,
  outcome: DecisionOutcome.ADOPTED,
});

function context(overrides: Partial<MinutesContext> = {}): MinutesContext {
  return {
    meeting: {
      id: MEETING,
      title: 'Заседание',
      startsAt: new Date('2019-12-20T08:00:00Z'),
      location: 'Технопарк',
      publishedAt: new Date('2019-12-10T09:00:00Z'),
      heldAt: new Date('2019-12-20T08:05:00Z'),
    },
    meetingDate: '2019-12-20',
    agenda: new Map([
      [FIRST, { title: 'Итоги', position: 1 }],
      [SECOND, { title: 'Выборы', position: 2 }],
    ]),
    attendance: { activeMembers: 5, present: [MEMBER, 'm2', 'm3'], absent: [], excused: [] },
    knownMembers: new Set([MEMBER, SUSPENDED]),
    activeMembers: new Set([MEMBER]),
    knownActionItems: new Set([KEPT_ACTION]),
    carriedAssignees: new Map([[KEPT_ACTION, new Set([MEMBER])]]),
    version: 1,
    previousHash: null,
    nonce: NONCE,
    newId: () => 'eeeeeeee-0000-4000-8000-000000000005',
    ...overrides,
  };
}

describe('vote counts', () => {
  it('cannot exceed the members present, together', () => {
    expect(failure(() => assertVotesWithinPresent(decision(3), 3, 'd'))).toBeUndefined();
    expect(failure(() => assertVotesWithinPresent(decision(1, 1, 1), 3, 'd'))).toBeUndefined();
    expect(failure(() => assertVotesWithinPresent(decision(2, 1, 1), 3, 'd'))).toEqual({
      reason: 'VOTES_EXCEED_PRESENT',
      fields: ['d'],
    });
    expect(failure(() => assertVotesWithinPresent(decision(0, 0, 1), 0, 'd'))?.reason).toBe(
      'VOTES_EXCEED_PRESENT',
    );
  });

  it('are whole, non-negative numbers', () => {
    const items = (votesFor: number): MinutesItemInput[] => [
      { agendaItemId: FIRST, discussion: '', decisions: [decision(votesFor)] },
    ];
    expect(failure(() => normalizeMinutesItems(items(-1)))).toEqual({
      reason: 'INVALID_NUMBER',
      fields: ['items.0.decisions.0.votesFor'],
    });
    expect(failure(() => normalizeMinutesItems(items(1.5)))?.reason).toBe('INVALID_NUMBER');
  });

  it('are checked against attendance when the document is built, naming the decision', () => {
    const items = normalizeMinutesItems([
      { agendaItemId: FIRST, discussion: 'Обсудили', decisions: [decision(2, 1)] },
      { agendaItemId: SECOND, discussion: 'Выбрали', decisions: [decision(3, 1)] },
    ]);
    expect(failure(() => buildMinutesDocument(items, context()))).toEqual({
      reason: 'VOTES_EXCEED_PRESENT',
      fields: ['items.1.decisions.0'],
    });
  });
});

describe('decision outcomes', () => {
  const rejected = (votesFor: number, votesAgainst = 0) => ({
    ...decision(votesFor, votesAgainst),
    outcome: DecisionOutcome.REJECTED,
  });
  const attendance = (present: number, activeMembers: number | null) => ({
    activeMembers,
    present: Array.from({ length: present }, (_, index) => `m${index}`),
    absent: [],
    excused: [],
  });

  it('are not adopted with more votes against than for; ties and no counts may be', () => {
    expect(failure(() => assertOutcomeMatchesVotes(decision(2, 3), 'd'))).toEqual({
      reason: 'OUTCOME_CONTRADICTS_VOTES',
      fields: ['d.outcome'],
    });
    expect(failure(() => assertOutcomeMatchesVotes(decision(3, 3), 'd'))).toBeUndefined();
    expect(failure(() => assertOutcomeMatchesVotes(decision(0, 0), 'd'))).toBeUndefined();
    expect(failure(() => assertOutcomeMatchesVotes(rejected(5, 1), 'd'))).toBeUndefined();
    expect(
      failure(() =>
        normalizeMinutesItems([
          { agendaItemId: FIRST, discussion: '', decisions: [decision(1), decision(0, 1)] },
        ]),
      ),
    ).toEqual({ reason: 'OUTCOME_CONTRADICTS_VOTES', fields: ['items.0.decisions.1.outcome'] });
  });

  it('are ADOPTED or REJECTED, nothing else', () => {
    const unknownOutcome = { ...decision(1), outcome: 'POSTPONED' as DecisionOutcome };
    expect(
      failure(() =>
        normalizeMinutesItems([
          { agendaItemId: FIRST, discussion: '', decisions: [unknownOutcome] },
        ]),
      ),
    ).toEqual({ reason: 'INVALID_CHOICE', fields: ['items.0.decisions.0.outcome'] });
  });

  it('are adopted only when more than half of the active members were present', () => {
    expect(
      failure(() => assertAdoptedAtQuorum(decision(3), attendance(3, 5), 'd')),
    ).toBeUndefined();
    expect(failure(() => assertAdoptedAtQuorum(decision(2), attendance(2, 4), 'd'))).toEqual({
      reason: 'MEETING_NOT_QUORATE',
      fields: ['d.outcome'],
    });
    expect(
      failure(() => assertAdoptedAtQuorum(decision(0), attendance(0, null), 'd'))?.reason,
    ).toBe('MEETING_NOT_QUORATE');
    expect(
      failure(() => assertAdoptedAtQuorum(rejected(2), attendance(2, 4), 'd')),
    ).toBeUndefined();
    const items = normalizeMinutesItems([
      { agendaItemId: FIRST, discussion: 'Обсудили', decisions: [rejected(2), decision(2)] },
    ]);
    expect(
      failure(() => buildMinutesDocument(items, context({ attendance: attendance(2, 4) }))),
    ).toEqual({ reason: 'MEETING_NOT_QUORATE', fields: ['items.0.decisions.1.outcome'] });
  });
});

describe('minutes items', () => {
  it('refuse an agenda item twice, an action item twice, malformed ids and dates', () => {
    expect(
      failure(() =>
        normalizeMinutesItems([
          { agendaItemId: FIRST, discussion: '' },
          { agendaItemId: FIRST.toUpperCase(), discussion: '' },
        ]),
      ),
    ).toEqual({ reason: 'DUPLICATE_AGENDA_ITEM', fields: ['items.1.agendaItemId'] });
    const action = { id: KEPT_ACTION, title: 'Поручение', assigneeId: MEMBER, dueOn: '2020-01-10' };
    expect(
      failure(() =>
        normalizeMinutesItems([
          { agendaItemId: FIRST, discussion: '', actionItems: [action] },
          { agendaItemId: SECOND, discussion: '', actionItems: [action] },
        ]),
      ),
    ).toEqual({ reason: 'DUPLICATE_ACTION_ITEM', fields: ['items.1.actionItems.0.id'] });
    expect(failure(() => normalizeMinutesItems([{ agendaItemId: 'x', discussion: '' }]))).toEqual({
      reason: 'INVALID_ID',
      fields: ['items.0.agendaItemId'],
    });
    expect(
      failure(() =>
        normalizeMinutesItems([
          {
            agendaItemId: FIRST,
            discussion: '',
            actionItems: [{ ...action, dueOn: '2020-02-30' }],
          },
        ]),
      ),
    ).toEqual({ reason: 'INVALID_DATE', fields: ['items.0.actionItems.0.dueOn'] });
    expect(
      failure(() =>
        normalizeMinutesItems([{ agendaItemId: FIRST, discussion: 'bad \u0007 bell' }]),
      ),
    ).toEqual({ reason: 'INVALID_CHARACTERS', fields: ['items.0.discussion'] });
    expect(
      failure(() => normalizeMinutesItems([{ agendaItemId: FIRST, discussion: 'half \uD800' }])),
    ).toEqual({ reason: 'INVALID_CHARACTERS', fields: ['items.0.discussion'] });
  });

  it('builds a document in agenda order, with titles, attendance and ids for new action items', () => {
    const items = normalizeMinutesItems([
      { agendaItemId: SECOND, discussion: '  Выбрали  ', decisions: [decision(3)] },
      {
        agendaItemId: FIRST,
        discussion: 'Итоги подведены\nединогласно',
        actionItems: [
          { id: KEPT_ACTION, title: 'Отчёт', assigneeId: MEMBER, dueOn: '2019-12-20' },
          { title: 'Новое', assigneeId: MEMBER, dueOn: '2020-03-01' },
        ],
      },
    ]);
    const built = buildMinutesDocument(
      items,
      context({ version: 2, previousHash: 'f'.repeat(64) }),
    );
    expect(built.items.map((item) => [item.position, item.agendaItemTitle])).toEqual([
      [1, 'Итоги'],
      [2, 'Выборы'],
    ]);
    expect(built.items[1].discussion).toBe('Выбрали');
    expect(built.items[0].actionItems.map((action) => action.id)).toEqual([
      KEPT_ACTION,
      'eeeeeeee-0000-4000-8000-000000000005',
    ]);
    expect(built).toMatchObject({
      version: 2,
      previousHash: 'f'.repeat(64),
      schema: 'council-minutes/3',
      nonce: NONCE,
      // The sealed record shows when the agenda went out and when the meeting was recorded held.
      meeting: {
        id: MEETING,
        startsAt: '2019-12-20T08:00:00.000Z',
        publishedAt: '2019-12-10T09:00:00.000Z',
        heldAt: '2019-12-20T08:05:00.000Z',
      },
      attendance: { activeMembers: 5 },
    });
  });

  // The hash of a version is shown to those who may not read it (the next version's previousHash,
  // the audit log): the nonce makes it say nothing of the content, which is otherwise guessable.
  it('hashes the same content differently under another nonce, and needs one', () => {
    const items = normalizeMinutesItems([{ agendaItemId: FIRST, discussion: 'Обсудили' }]);
    const first = buildMinutesDocument(items, context());
    const again = buildMinutesDocument(items, context({ nonce: 'DwAODQwLCgkIBwYFBAMCAQ' }));
    expect({ ...again, nonce: first.nonce }).toEqual(first);
    expect(minutesContentHash(again)).not.toBe(minutesContentHash(first));
    expect(canonicalMinutes(first)).toContain(`"nonce":"${NONCE}"`);
    for (const nonce of ['', 'short', undefined as unknown as string]) {
      expect(() => buildMinutesDocument(items, context({ nonce }))).toThrow('nonce');
    }
  });

  it('refuses an unknown agenda item, assignee or action item and a due date before the meeting', () => {
    const build = (input: MinutesItemInput) =>
      failure(() => buildMinutesDocument(normalizeMinutesItems([input]), context()));
    expect(build({ agendaItemId: MEMBER, discussion: '' })).toEqual({
      reason: 'UNKNOWN_AGENDA_ITEM',
      fields: ['items.0.agendaItemId'],
    });
    const action = { title: 'Поручение', assigneeId: MEMBER, dueOn: '2020-01-10' };
    expect(
      build({
        agendaItemId: FIRST,
        discussion: '',
        actionItems: [{ ...action, assigneeId: FIRST }],
      }),
    ).toEqual({ reason: 'UNKNOWN_MEMBER', fields: ['items.0.actionItems.0.assigneeId'] });
    expect(
      build({ agendaItemId: FIRST, discussion: '', actionItems: [{ ...action, id: SECOND }] }),
    ).toEqual({ reason: 'UNKNOWN_ACTION_ITEM', fields: ['items.0.actionItems.0.id'] });
    expect(
      build({
        agendaItemId: FIRST,
        discussion: '',
        actionItems: [{ ...action, dueOn: '2019-12-19' }],
      }),
    ).toEqual({ reason: 'DUE_BEFORE_MEETING', fields: ['items.0.actionItems.0.dueOn'] });
  });

  it('names every mistake of every item in one answer', () => {
    const action = { title: 'Поручение', assigneeId: MEMBER, dueOn: '2020-01-10' };
    const items = normalizeMinutesItems([
      {
        agendaItemId: FIRST,
        discussion: '',
        decisions: [decision(4)],
        actionItems: [action, { ...action, dueOn: '2019-12-19' }],
      },
      { agendaItemId: MEMBER, discussion: '', actionItems: [{ ...action, assigneeId: SUSPENDED }] },
    ]);
    expect(failure(() => buildMinutesDocument(items, context()))).toEqual({
      reason: 'INVALID_INPUT',
      fields: [
        'items.0.decisions.0',
        'items.0.actionItems.1.dueOn',
        'items.1.agendaItemId',
        'items.1.actionItems.0.assigneeId',
      ],
    });
  });

  it('gives new and reassigned action items to active members only, and keeps the others as they are', () => {
    const build = (action: Record<string, unknown>, carried: string[] = []) =>
      failure(() =>
        buildMinutesDocument(
          normalizeMinutesItems([
            {
              agendaItemId: FIRST,
              discussion: '',
              actionItems: [{ title: 'Поручение', dueOn: '2020-01-10', ...action }],
            },
          ] as MinutesItemInput[]),
          context({ carriedAssignees: new Map([[KEPT_ACTION, new Set(carried)]]) }),
        ),
      );
    const notActive = { reason: 'MEMBER_NOT_ACTIVE', fields: ['items.0.actionItems.0.assigneeId'] };
    // A new action item for a suspended member; one handed over to them; one brought back after
    // it was withdrawn (known, but carried by nobody).
    expect(build({ assigneeId: SUSPENDED })).toEqual(notActive);
    expect(build({ id: KEPT_ACTION, assigneeId: SUSPENDED }, [MEMBER])).toEqual(notActive);
    expect(build({ id: KEPT_ACTION, assigneeId: SUSPENDED }, [])).toEqual(notActive);
    // Carried over with the assignee it has in the draft or in the approved minutes: amending old
    // minutes is not blocked by a suspension, whichever way the draft went.
    expect(build({ id: KEPT_ACTION, assigneeId: SUSPENDED }, [SUSPENDED])).toBeUndefined();
    expect(build({ id: KEPT_ACTION, assigneeId: SUSPENDED }, [MEMBER, SUSPENDED])).toBeUndefined();
  });
});

describe('calendar dates', () => {
  it('are real dates written YYYY-MM-DD', () => {
    expect(parseCalendarDate('2024-02-29', 'dueOn')).toBe('2024-02-29');
    expect(failure(() => parseCalendarDate('2023-02-29', 'dueOn'))?.reason).toBe('INVALID_DATE');
    expect(failure(() => parseCalendarDate('2023-2-1', 'dueOn'))?.reason).toBe('INVALID_DATE');
  });

  it('fall on the council’s day, not UTC’s', () => {
    // 22:30 UTC on 31 December is already 1 January in Moscow.
    expect(calendarDateIn(new Date('2026-12-31T22:30:00Z'), 'Europe/Moscow')).toBe('2027-01-01');
    expect(calendarDateIn(new Date('2026-12-31T22:30:00Z'), 'UTC')).toBe('2026-12-31');
  });
});

// Review (second): the mistakes of one decision or one action item came one at a time (its id,
// its assignee, its due date; its votes and its outcome), though none depends on the other.
describe('minutes items, every mistake of one entry at once', () => {
  it('names each field of an action item and of a decision that is wrong', () => {
    const items = normalizeMinutesItems([
      {
        agendaItemId: FIRST,
        discussion: '',
        decisions: [decision(4)],
        actionItems: [{ id: SECOND, title: 'Поручение', assigneeId: FIRST, dueOn: '2019-12-19' }],
      },
    ]);
    const notQuorate = { activeMembers: 5, present: [MEMBER, 'm2'], absent: [], excused: [] };
    expect(failure(() => buildMinutesDocument(items, context({ attendance: notQuorate })))).toEqual(
      {
        reason: 'INVALID_INPUT',
        fields: [
          'items.0.decisions.0',
          'items.0.decisions.0.outcome',
          'items.0.actionItems.0.id',
          'items.0.actionItems.0.assigneeId',
          'items.0.actionItems.0.dueOn',
        ],
      },
    );
  });

  it('does not call a suspended assignee wrong for an action item it cannot tell', () => {
    const items = normalizeMinutesItems([
      {
        agendaItemId: FIRST,
        discussion: '',
        actionItems: [
          { id: SECOND, title: 'Поручение', assigneeId: SUSPENDED, dueOn: '2020-01-10' },
        ],
      },
    ]);
    expect(failure(() => buildMinutesDocument(items, context()))).toEqual({
      reason: 'UNKNOWN_ACTION_ITEM',
      fields: ['items.0.actionItems.0.id'],
    });
  });
});
