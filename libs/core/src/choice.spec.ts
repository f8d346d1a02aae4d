import { assertOneOf } from './choice';
import { DomainError } from './domain-error';

enum Outcome {
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
}

function failure(value: unknown): Pick<DomainError, 'kind' | 'reason' | 'fields'> | null {
  try {
    assertOneOf(Outcome, value, 'outcome');
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { kind, reason, fields } = error as DomainError;
    return { kind, reason, fields };
  }
}

describe('assertOneOf', () => {
  it('returns a value of the enum', () => {
    expect(assertOneOf(Outcome, 'REJECTED', 'outcome')).toBe(Outcome.REJECTED);
  });

  it('refuses anything else, naming the field and the values it takes', () => {
    for (const value of ['adopted', 'ADOPTED ', '', undefined, null, 0]) {
      expect(failure(value)).toEqual({
        kind: 'VALIDATION',
        reason: 'INVALID_CHOICE',
        fields: { outcome: ['outcome is one of ADOPTED, REJECTED'] },
      });
    }
  });
});
