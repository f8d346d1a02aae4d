import { CustomScalar, Scalar } from '@nestjs/graphql';
import { GraphQLError, Kind, ValueNode } from 'graphql';
import { DateTime } from 'luxon';

// An instant must say which one it is: "2027-03-20T11:00:00" alone would be read in the server's
// time zone, not the council's, so a value without an explicit offset is refused.
// Hours 00-23, minutes and seconds 00-59: luxon would read 24:00 as the next day's midnight.
const INSTANT =
  /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](\d{2}):([0-5]\d))$/;
// Real offsets lie within ±14:00; anything beyond is a typo that would move the instant by days.
// Years outside this range (as written) are typos too.
const MAX_OFFSET_MINUTES = 14 * 60;
const FIRST_YEAR = 1970;
const LAST_YEAR = 2999;

// For @IsDate on a DateTime argument or field. class-validator's own words name a JavaScript class
// ("must be a Date instance"); the scalar refuses anything but a date-time, and IfGiven refuses
// null first, so this is a safeguard.
export const IS_DATE_TIME = {
  message: ({ property }: { property: string }) =>
    `${property} must be a date-time with its offset (e.g. 2026-03-20T11:00:00+03:00)`,
};

// node: a value written into the document, so that the error points at it (and the field holding
// it is named in `extensions.fields`, as for a variable).
function parseInstant(value: unknown, node?: ValueNode): Date {
  const refuse = (message: string) => new GraphQLError(message, { nodes: node });
  const parts = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!parts || Number(parts[4] ?? 0) * 60 + Number(parts[5] ?? 0) > MAX_OFFSET_MINUTES) {
    throw refuse(
      'DateTime must be ISO 8601 with an explicit offset, e.g. 2027-03-20T11:00:00+03:00',
    );
  }
  // luxon, unlike Date, refuses calendar impossibilities such as 30 February.
  const instant = DateTime.fromISO(parts[0], { setZone: true });
  if (!instant.isValid) throw refuse('DateTime is not a valid date');
  const year = instant.year;
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw refuse(`DateTime must fall between the years ${FIRST_YEAR} and ${LAST_YEAR}`);
  }
  return instant.toJSDate();
}

@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string, Date> {
  description =
    'An instant: ISO 8601 with an explicit offset (Z or ±hh:mm), e.g. 2027-03-20T11:00:00+03:00. Answers are in UTC.';

  parseValue(value: unknown): Date {
    return parseInstant(value);
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return parseInstant(value).toISOString();
    throw new GraphQLError('DateTime cannot represent this value');
  }

  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', { nodes: ast });
    }
    return parseInstant(ast.value, ast);
  }
}
