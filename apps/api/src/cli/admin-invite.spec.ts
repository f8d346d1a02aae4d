import { ValidationError } from '@council/core';
import { EmbeddedDatabaseInUseError, SessionSettingsError } from '@council/database';
import { failureText, optionsOf } from './admin-invite';

// Found by review: a mistyped or incomplete option ended in a stack trace and exit code 1 (the
// code of a failed invitation); it is the usage line, and the command exits 2.
describe('admin:invite options', () => {
  let written = '';
  beforeEach(() => {
    written = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('takes the three options', () => {
    expect(
      optionsOf(['--email', 'ops@example.org', '--name', 'Анна', '--organization', 'Оператор']),
    ).toEqual({ email: 'ops@example.org', name: 'Анна', organization: 'Оператор' });
    expect(written).toBe('');
  });

  it.each([
    [['--emial', 'ops@example.org'], /Unknown option '--emial'/],
    [['--email'], /argument missing/],
    [['--email', 'ops@example.org'], /^usage: /],
  ])('answers %j with the usage line, no stack trace', (args, message) => {
    expect(optionsOf(args)).toBeNull();
    expect(written).toMatch(message);
    expect(written).toContain('usage: npm run admin:invite');
    expect(written).not.toMatch(/\n\s+at /);
  });
});

describe('admin:invite failures', () => {
  it('explains a refusal, a bad setting or a data directory in use by its message alone', () => {
    expect(
      failureText(ValidationError.field('email', 'must be an e-mail address', 'INVALID_EMAIL')),
    ).toBe('INVALID_EMAIL: must be an e-mail address {"email":["must be an e-mail address"]}');
    const inUse = failureText(new EmbeddedDatabaseInUseError('/srv/council/data/pglite'));
    expect(inUse).toMatch(
      /^the embedded database in \/srv\/council\/data\/pglite is open in another process/,
    );
    expect(inUse).not.toMatch(/\n\s+at /);
    // Found by review (TLS to a managed database): a database that could not be reached or
    // refused the connection (the URL asks for no TLS, a CA not given, a wrong password) printed
    // a stack of pg's and Node's internals under the one line that explains it.
    for (const [error, text] of [
      [
        Object.assign(new Error('unable to verify the first certificate'), {
          code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        }),
        'database unavailable: unable to verify the first certificate',
      ],
      [
        Object.assign(
          new Error(
            'pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "council", no encryption',
          ),
          { code: '28000', severity: 'FATAL' },
        ),
        'database unavailable: pg_hba.conf rejects connection for host "10.0.0.7", user "app", database "council", no encryption',
      ],
      [
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6432'), { code: 'ECONNREFUSED' }),
        'database unavailable: connect ECONNREFUSED 10.0.0.7:6432',
      ],
    ] as const) {
      expect(failureText(error)).toBe(text);
    }
    // A pooler that dropped the session settings: the message names them and the remedy.
    const settings = failureText(
      new SessionSettingsError(
        [{ name: 'TimeZone', found: 'Europe/Berlin', wanted: 'UTC', value: "'UTC'" }],
        'council_app',
      ),
    );
    expect(settings).toMatch(
      /^The database session settings .* \(TimeZone is Europe\/Berlin, not UTC\)/,
    );
    expect(settings).toContain("ALTER ROLE council_app SET TimeZone = 'UTC';");
    expect(settings).not.toMatch(/\n\s+at /);
    // Anything unexpected keeps its stack.
    expect(failureText(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
  });
});
