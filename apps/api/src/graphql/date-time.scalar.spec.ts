import { GraphQLError } from 'graphql';
import { DateTimeScalar } from './date-time.scalar';

// The boundaries of the rule (test/date-time.e2e-spec.ts covers the rule over HTTP): the years
// 1970 to 2999 as written, in the offset given.
describe('DateTimeScalar', () => {
  const scalar = new DateTimeScalar();

  it('takes the first and the last year of the range, as written', () => {
    expect(scalar.parseValue('1970-01-01T00:00:00Z').toISOString()).toBe(
      '1970-01-01T00:00:00.000Z',
    );
    // 1969 in UTC, 1970 as written.
    expect(scalar.parseValue('1970-01-01T01:00:00+03:00').toISOString()).toBe(
      '1969-12-31T22:00:00.000Z',
    );
    expect(scalar.parseValue('2999-12-31T23:59:59Z').toISOString()).toBe(
      '2999-12-31T23:59:59.000Z',
    );
  });

  it.each(['1969-12-31T23:59:59Z', '3000-01-01T00:00:00Z', '3000-01-01T01:00:00+03:00'])(
    'refuses %s, a year outside the range as written',
    (value) => {
      expect(() => scalar.parseValue(value)).toThrow(GraphQLError);
    },
  );
});
