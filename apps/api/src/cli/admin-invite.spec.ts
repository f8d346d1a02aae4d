import { optionsOf } from './admin-invite';

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
