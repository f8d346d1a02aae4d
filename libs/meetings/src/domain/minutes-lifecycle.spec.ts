import { ConflictError } from '@council/core';
import {
  MINUTES_TRANSITIONS,
  MinutesEvent,
  MinutesStatus,
  amendEvent,
  nextMinutesStatus,
  nothingToAmend,
} from './minutes-lifecycle';

const { DRAFT, SUBMITTED, APPROVED } = MinutesStatus;
const { SAVE, SUBMIT, RETURN, APPROVE, AMEND } = MinutesEvent;

function refusal(from: MinutesStatus, event: MinutesEvent): string {
  try {
    nextMinutesStatus(from, event);
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return (error as ConflictError).reason;
  }
  throw new Error(`${event} was allowed from ${from}`);
}

describe('minutes lifecycle', () => {
  it('follows DRAFT → SUBMITTED → APPROVED, SUBMITTED → DRAFT on return, APPROVED → DRAFT on amendment', () => {
    expect(MINUTES_TRANSITIONS).toEqual({
      DRAFT: { SAVE: DRAFT, SUBMIT: SUBMITTED },
      SUBMITTED: { RETURN: DRAFT, APPROVE: APPROVED },
      APPROVED: { AMEND: DRAFT },
    });
    expect(nextMinutesStatus(DRAFT, SAVE)).toBe(DRAFT);
    expect(nextMinutesStatus(DRAFT, SUBMIT)).toBe(SUBMITTED);
    expect(nextMinutesStatus(SUBMITTED, RETURN)).toBe(DRAFT);
    expect(nextMinutesStatus(SUBMITTED, APPROVE)).toBe(APPROVED);
    expect(nextMinutesStatus(APPROVED, AMEND)).toBe(DRAFT);
  });

  it('refuses every other event with a stable reason', () => {
    expect(refusal(APPROVED, SAVE)).toBe('MINUTES_LOCKED');
    expect(refusal(APPROVED, SUBMIT)).toBe('MINUTES_LOCKED');
    expect(refusal(APPROVED, APPROVE)).toBe('MINUTES_LOCKED');
    expect(refusal(APPROVED, RETURN)).toBe('MINUTES_LOCKED');
    expect(refusal(SUBMITTED, SAVE)).toBe('MINUTES_SUBMITTED');
    expect(refusal(SUBMITTED, SUBMIT)).toBe('MINUTES_SUBMITTED');
    expect(refusal(SUBMITTED, AMEND)).toBe('MINUTES_SUBMITTED');
    expect(refusal(DRAFT, APPROVE)).toBe('MINUTES_NOT_SUBMITTED');
    expect(refusal(DRAFT, RETURN)).toBe('MINUTES_NOT_SUBMITTED');
    expect(refusal(DRAFT, AMEND)).toBe('MINUTES_NOT_APPROVED');
  });

  it('says in the refusal what the minutes are and what to do instead, not the internal event', () => {
    const message = (from: MinutesStatus, event: MinutesEvent) => {
      try {
        nextMinutesStatus(from, event);
      } catch (error) {
        return (error as ConflictError).message;
      }
      throw new Error(`${event} was allowed from ${from}`);
    };
    expect(message(APPROVED, SAVE)).toMatch(/approved and sealed.*amendMinutes/);
    expect(message(DRAFT, APPROVE)).toMatch(/still a draft.*submits them first/);
    expect(message(DRAFT, AMEND)).toMatch(/saveMinutes/);
    expect(message(SUBMITTED, SAVE)).toMatch(/await approval/);
    for (const from of [DRAFT, SUBMITTED, APPROVED]) {
      for (const event of [SAVE, SUBMIT, RETURN, APPROVE, AMEND]) {
        if (MINUTES_TRANSITIONS[from][event]) continue;
        expect(message(from, event)).not.toMatch(/\b(SAVE|SUBMIT|RETURN|APPROVE|AMEND)\b/);
      }
    }
  });

  it('refuses to amend minutes never saved as it refuses to amend a draft', () => {
    expect(nothingToAmend()).toBeInstanceOf(ConflictError);
    expect(nothingToAmend().reason).toBe(refusal(DRAFT, AMEND));
  });

  it('continues a pending amendment instead of starting another', () => {
    expect(amendEvent(APPROVED, true)).toBe(AMEND);
    expect(amendEvent(DRAFT, true)).toBe(SAVE);
    expect(amendEvent(DRAFT, false)).toBe(AMEND);
    expect(amendEvent(SUBMITTED, true)).toBe(AMEND);
  });
});
