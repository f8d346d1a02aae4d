import { mayRecordPresence } from './attendance-rules';

describe('recording presence', () => {
  const startsAt = new Date('2028-03-10T08:00:00Z'); // 11:00 in Moscow

  it('opens at midnight of the meeting’s day in the council’s time zone', () => {
    expect(mayRecordPresence(startsAt, new Date('2028-03-09T20:59:59Z'), 'Europe/Moscow')).toBe(
      false,
    );
    expect(mayRecordPresence(startsAt, new Date('2028-03-09T21:00:00Z'), 'Europe/Moscow')).toBe(
      true,
    );
    // The same instants in UTC: still the day before.
    expect(mayRecordPresence(startsAt, new Date('2028-03-09T21:00:00Z'), 'UTC')).toBe(false);
  });

  it('stays open after the start and on later days (latecomers, corrections)', () => {
    expect(mayRecordPresence(startsAt, new Date('2028-03-10T09:00:00Z'), 'Europe/Moscow')).toBe(
      true,
    );
    expect(mayRecordPresence(startsAt, new Date('2028-04-01T09:00:00Z'), 'Europe/Moscow')).toBe(
      true,
    );
  });
});
