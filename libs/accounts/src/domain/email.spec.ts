import { assertEmail, loginEmail } from './email';

describe('e-mail domains in their ASCII form', () => {
  it('reads xn-- labels in their own script', () => {
    expect(assertEmail('Anna@XN--E1AFMKFD.XN--P1AI')).toBe('anna@пример.рф');
    expect(assertEmail('anna@mail.xn--p1ai')).toBe('anna@mail.рф');
    expect(loginEmail('anna@xn--e1afmkfd.xn--p1ai')).toBe('anna@пример.рф');
  });

  it('keeps a label that is not valid punycode as written', () => {
    expect(assertEmail('anna@xn--zz.com')).toBe('anna@xn--zz.com');
  });

  // domainToUnicode parses a URL host: given the whole domain it dropped a path, a query or a
  // fragment and decoded percent-escapes, so an address was stored as another one. Only labels
  // that are punycode are read (the pattern is deliberately simple and takes the rest as written).
  it.each([
    ['anna@xn--e1afmkfd.xn--p1ai/x', 'anna@пример.xn--p1ai/x'],
    ['anna@evil.example/.xn--p1ai', 'anna@evil.example/.рф'],
    ['anna@xn--e1afmkfd.xn--p1ai#x', 'anna@пример.xn--p1ai#x'],
    ['anna@xn--e1afmkfd.xn--p1ai?x', 'anna@пример.xn--p1ai?x'],
    ['anna@xn--e1afmkfd.xn--p1ai\\x', 'anna@пример.xn--p1ai\\x'],
  ])('keeps %s as %s', (address, kept) => {
    expect(assertEmail(address)).toBe(kept);
  });

  it('does not decode percent-escapes into another domain', () => {
    expect(loginEmail('anna@xn--e1afmkfd.xn--p1ai%41')).toBe('anna@пример.xn--p1ai%41');
  });
});
