import { randomBytes } from 'node:crypto';
import { TRACKING_CODE_PATTERN, assertOwnTrackingCode, newTrackingCode } from './tracking-code';

describe('tracking codes', () => {
  it('draws 144 random bits as 24 base64url characters, a new code each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newTrackingCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(TRACKING_CODE_PATTERN);
      expect(Buffer.from(code, 'base64url')).toHaveLength(18);
    }
  });

  it("takes a voter's own code of the same form as it is", () => {
    for (let i = 0; i < 50; i += 1) {
      const own = randomBytes(18).toString('base64url');
      expect(assertOwnTrackingCode(own)).toBe(own);
    }
    expect(assertOwnTrackingCode('-_AZaz09-_AZaz09-_AZaz09')).toBe('-_AZaz09-_AZaz09-_AZaz09');
  });

  it.each([
    ['empty', ''],
    ['too short (16 bytes)', randomBytes(16).toString('base64url')],
    ['too long', randomBytes(18).toString('base64url') + 'A'],
    ['standard base64 (+ and /)', 'ab+/'.repeat(6)],
    ['padded', randomBytes(17).toString('base64url') + '=='.slice(0, 1)],
    ['with a space', ' ' + randomBytes(18).toString('base64url').slice(1)],
    ['with a newline at the end', randomBytes(18).toString('base64url').slice(1) + '\n'],
    ['Cyrillic look-alikes', 'АВСЕНКМОРТХаеорсух0123456'.slice(0, 24)],
    ['hexadecimal of 12 bytes', randomBytes(12).toString('hex').slice(0, 23)],
  ])('refuses a code that is %s, naming the field', (_, code) => {
    expect(() => assertOwnTrackingCode(code)).toThrow(
      expect.objectContaining({
        kind: 'VALIDATION',
        reason: 'INVALID_TRACKING_CODE',
        fields: { trackingCode: [expect.stringContaining('24 characters')] },
      }),
    );
  });
});
