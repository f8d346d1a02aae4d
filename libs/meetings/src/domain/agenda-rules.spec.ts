import { ValidationError } from '@council/core';
import {
  AgendaItemKind,
  assertCompleteOrder,
  assertDuration,
  assertElectionLink,
  diffFields,
} from './agenda-rules';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';

function reason(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).reason;
  }
  return undefined;
}

describe('agenda rules', () => {
  it('takes a reorder that lists every item exactly once', () => {
    expect(assertCompleteOrder([A, B, C], [C, A, B])).toEqual([C, A, B]);
    expect(assertCompleteOrder([A, B], [B.toUpperCase(), A])).toEqual([B, A]);
  });

  it.each([
    ['a missing item', [A, B]],
    ['a duplicate', [A, B, B]],
    ['a duplicate instead of an item', [A, A, C]],
    ['an unknown item', [A, B, 'dddddddd-0000-4000-8000-000000000004']],
    ['an extra item', [A, B, C, 'dddddddd-0000-4000-8000-000000000004']],
    ['nothing', []],
  ])('refuses %s', (_label, order) => {
    expect(reason(() => assertCompleteOrder([A, B, C], order))).toBe('AGENDA_ORDER_MISMATCH');
  });

  it('bounds the planned duration', () => {
    expect(assertDuration(1)).toBe(1);
    expect(assertDuration(600)).toBe(600);
    expect(reason(() => assertDuration(0))).toBe('INVALID_NUMBER');
    expect(reason(() => assertDuration(601))).toBe('INVALID_NUMBER');
    expect(reason(() => assertDuration(1.5))).toBe('INVALID_NUMBER');
  });

  it('lets only an ELECTION item name an election, and points at the field to correct', () => {
    for (const kind of Object.values(AgendaItemKind)) {
      expect(() => assertElectionLink(kind, null)).not.toThrow();
    }
    expect(() => assertElectionLink(AgendaItemKind.ELECTION, A)).not.toThrow();
    for (const kind of [
      AgendaItemKind.INFORMATION,
      AgendaItemKind.DISCUSSION,
      AgendaItemKind.DECISION,
    ]) {
      expect(reason(() => assertElectionLink(kind, A))).toBe('ELECTION_ITEM_ONLY');
      for (const changed of ['kind', 'electionId'] as const) {
        try {
          assertElectionLink(kind, A, changed);
          throw new Error('not refused');
        } catch (error) {
          expect((error as ValidationError).fields).toEqual({ [changed]: [expect.any(String)] });
        }
      }
    }
  });

  it('lists only the fields that changed', () => {
    expect(
      diffFields(
        { title: 'Итоги', durationMinutes: 20, description: null },
        { title: 'Итоги года', durationMinutes: 20, description: 'Доклад' },
      ),
    ).toEqual([
      { field: 'title', from: 'Итоги', to: 'Итоги года' },
      { field: 'description', from: null, to: 'Доклад' },
    ]);
  });
});
