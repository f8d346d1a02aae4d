import { recordedHeadFrom } from './audit-verify';

describe('audit:verify arguments', () => {
  const hash = 'ab'.repeat(32);

  it('reads a recorded head as a run printed it', () => {
    expect(recordedHeadFrom([])).toBeNull();
    expect(recordedHeadFrom(['--head', `153:${hash}`])).toEqual({ seq: '153', hash });
    expect(recordedHeadFrom([`--head=#153:${hash.toUpperCase()}`])).toEqual({ seq: '153', hash });
  });

  it.each([
    [['--head']],
    [['--head', '153']],
    [['--head', `0:${hash}`]],
    [['--head', `153:${hash.slice(1)}`]],
    [['--head', `-1:${hash}`]],
  ])('refuses a head that is not N:HASH (%j)', (args) => {
    expect(() => recordedHeadFrom(args)).toThrow(/N:HASH/);
  });

  it('refuses anything else', () => {
    expect(() => recordedHeadFrom(['--heed', `1:${hash}`])).toThrow(/unknown argument "--heed"/);
  });
});
