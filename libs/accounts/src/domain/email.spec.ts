import { assertEmail, loginEmail } from './email';

describe('e-mail domains in their ASCII form (review)', () => {
  it('reads xn-- labels in their own script', () => {
    expect(assertEmail('Anna@XN--E1AFMKFD.XN--P1AI')).toBe('anna@пример.рф');
    expect(assertEmail('anna@mail.xn--p1ai')).toBe('anna@mail.рф');
    expect(loginEmail('anna@xn--e1afmkfd.xn--p1ai')).toBe('anna@пример.рф');
  });

  it('keeps a label that is not valid punycode as written', () => {
    expect(assertEmail('anna@xn--zz.com')).toBe('anna@xn--zz.com');
  });

  // domainToUnicode parses a URL host: given the whole domain it drops a path, a query or a
  // fragment and decodes percent-escapes, so an address was stored as another one. (The pattern is
  // deliberately simple and takes these as written, as it did before.)
  it.each([
    ['anna@xn--e1afmkfd.xn--p1ai/x', 'anna@пример.рф'],
    ['anna@evil.example/.xn--p1ai', 'anna@evil.example'],
    ['anna@xn--e1afmkfd.xn--p1ai#x', 'anna@пример.рф'],
    ['anna@xn--e1afmkfd.xn--p1ai?x', 'anna@пример.рф'],
    ['anna@xn--e1afmkfd.xn--p1ai\\x', 'anna@пример.рф'],
  ])('does not rewrite %s into %s', (address, other) => {
    expect(assertEmail(address)).not.toBe(other);
  });

  it('does not decode percent-escapes into another domain', () => {
    expect(loginEmail('anna@xn--e1afmkfd.xn--p1ai%41')).not.toBe('anna@пример.рфф');
  });
});
