import { LOGIN_FAILURE_WINDOW_MS, belowLimitAt } from './login-throttle';

describe('when a log-in count falls below its limit', () => {
  const now = Date.parse('2030-01-01T12:00:00Z');
  const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000);
  const leaves = (failure: Date) => failure.getTime() + LOGIN_FAILURE_WINDOW_MS;

  it('is when enough of the oldest failures have left the window', () => {
    const failures = [14, 10, 6, 3, 1].map(minutesAgo);
    expect(belowLimitAt({ failures, pending: 0, limit: 5 }, now)).toBe(leaves(failures[0]));
    // Six failures for a limit of five: the two oldest must leave.
    const six = [14, 12, 10, 6, 3, 1].map(minutesAgo);
    expect(belowLimitAt({ failures: six, pending: 0, limit: 5 }, now)).toBe(leaves(six[1]));
    // An attempt in flight counts as one more.
    expect(belowLimitAt({ failures: six.slice(1), pending: 1, limit: 5 }, now)).toBe(
      leaves(six[2]),
    );
  });

  it('is now for a count below its limit, and in a second for one held there by attempts in flight', () => {
    expect(belowLimitAt({ failures: [minutesAgo(1)], pending: 0, limit: 5 }, now)).toBe(now);
    expect(belowLimitAt({ failures: [], pending: 5, limit: 5 }, now)).toBe(now + 1000);
    // One failure and four in flight: the failure leaving brings it below.
    const failure = minutesAgo(1);
    expect(belowLimitAt({ failures: [failure], pending: 4, limit: 5 }, now)).toBe(leaves(failure));
  });
});
