import { DomainError } from './domain-error';
import { assertUuid, optionalUuid } from './ids';

const ID = '0190f5a4-7c1e-7b3a-9d2e-5f6a7b8c9d0e';

function failure(value: unknown): Pick<DomainError, 'kind' | 'reason' | 'fields'> | null {
  try {
    assertUuid(value, 'items.0.agendaItemId');
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { kind, reason, fields } = error as DomainError;
    return { kind, reason, fields };
  }
}

describe('assertUuid', () => {
  it('returns the id in lower case', () => {
    expect(assertUuid(ID.toUpperCase(), 'id')).toBe(ID);
  });

  it('refuses a malformed id, and a value that is not text, naming the field', () => {
    for (const value of ['x', `${ID}0`, undefined, null, 42, { id: ID }]) {
      expect(failure(value)).toEqual({
        kind: 'VALIDATION',
        reason: 'INVALID_ID',
        fields: { 'items.0.agendaItemId': ['items.0.agendaItemId is not a valid id'] },
      });
    }
  });
});

describe('optionalUuid', () => {
  it('takes none as null and checks anything else as an id', () => {
    expect(optionalUuid(null, 'electionId')).toBeNull();
    expect(optionalUuid(undefined, 'electionId')).toBeNull();
    expect(optionalUuid(ID.toUpperCase(), 'electionId')).toBe(ID);
    expect(() => optionalUuid('', 'electionId')).toThrow(DomainError);
  });
});
