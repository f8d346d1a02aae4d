import { NotFoundError, ValidationError } from './domain-error';
import { allChecked } from './all-checked';

const mistake = (field: string, reason: string) => () => {
  throw ValidationError.field(field, `${field} is wrong`, reason);
};

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('allChecked', () => {
  it('returns what every check returned, in order', () => {
    const [title, count] = allChecked(
      () => 'Выборы',
      () => 3,
    );
    expect([title, count]).toEqual(['Выборы', 3]);
  });

  it('throws a single mistake as it is', () => {
    const only = ValidationError.field('title', 'too long', 'INVALID_LENGTH');
    expect(
      caught(() =>
        allChecked(
          () => 1,
          () => {
            throw only;
          },
        ),
      ),
    ).toBe(only);
  });

  it('reports every mistake in one error, each field with its own reason', () => {
    const error = caught(() =>
      allChecked(
        mistake('termLabel', 'INVALID_TERM_LABEL'),
        () => 'fine',
        mistake('contests.0.portfolio', 'INVALID_SEATS'),
        mistake('ruleset.quorumNumerator', 'INVALID_RULESET'),
      ),
    ) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.reason).toBe('INVALID_INPUT');
    expect(error.fieldReasons).toEqual({
      termLabel: 'INVALID_TERM_LABEL',
      'contests.0.portfolio': 'INVALID_SEATS',
      'ruleset.quorumNumerator': 'INVALID_RULESET',
    });
    expect(Object.keys(error.fields ?? {})).toEqual(Object.keys(error.fieldReasons ?? {}));
  });

  it('keeps the reason when every mistake is of one kind, and both messages of one field', () => {
    const error = caught(() =>
      allChecked(mistake('contests.0.seats', 'INVALID_SEATS'), () => {
        throw new ValidationError('INVALID_SEATS', 'again', { 'contests.0.seats': ['again'] });
      }),
    ) as ValidationError;
    expect(error.reason).toBe('INVALID_SEATS');
    expect(error.fields).toEqual({ 'contests.0.seats': ['contests.0.seats is wrong', 'again'] });
  });

  it('lets any other error through at once, without running the checks after it', () => {
    const later = jest.fn();
    const missing = new NotFoundError('Election');
    expect(
      caught(() =>
        allChecked(() => {
          throw missing;
        }, later),
      ),
    ).toBe(missing);
    expect(later).not.toHaveBeenCalled();
  });
});
