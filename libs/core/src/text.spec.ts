import { DomainError } from './domain-error';
import {
  characterCount,
  hasFormatCharacter,
  isWellFormedText,
  optionalText,
  requireName,
  requireText,
  shortenText,
} from './text';

function reasonOf(action: () => unknown): string | null {
  try {
    action();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).reason;
  }
}

describe('text input', () => {
  it('takes any Unicode text, trimmed and in NFC', () => {
    expect(requireText('  Заседание №1 🌿\n', 'title', 100)).toBe('Заседание №1 🌿');
    expect(requireText('Cafe\u0301', 'title', 100)).toBe('Café');
    expect(optionalText('   ', 'note', 10)).toBeNull();
  });

  it('refuses control characters, lone surrogates and wrong lengths, naming the reason', () => {
    expect(reasonOf(() => requireText('a\u0000b', 'title', 10))).toBe('INVALID_CHARACTERS');
    expect(reasonOf(() => requireText('a\ud800', 'title', 10))).toBe('INVALID_CHARACTERS');
    expect(reasonOf(() => requireText('', 'title', 10))).toBe('INVALID_LENGTH');
    // Nothing visible: zero-width spaces, a word joiner, the blank braille cell.
    expect(reasonOf(() => requireText('\u200b\u200b', 'title', 10))).toBe('INVALID_LENGTH');
    expect(reasonOf(() => requireText(' \u2060 \u2800 ', 'title', 10))).toBe('INVALID_LENGTH');
    expect(optionalText('\u200b', 'note', 10)).toBeNull();
    expect(requireText(' \u200b\u2060 ', 'discussion', 10, 0)).toBe('');
    expect(reasonOf(() => requireText('x'.repeat(11), 'title', 10))).toBe('INVALID_LENGTH');
  });

  it('counts lengths in characters, as the GraphQL input checks do, not in UTF-16 units', () => {
    // U+20000 (a CJK ideograph) and an emoji take two UTF-16 units each.
    expect(requireText('\u{20000}'.repeat(10), 'title', 10)).toHaveLength(20);
    expect(reasonOf(() => requireText('\u{20000}'.repeat(11), 'title', 10))).toBe('INVALID_LENGTH');
    expect(requireText('🌿'.repeat(3), 'title', 10, 3)).toBe('🌿🌿🌿');
    expect(reasonOf(() => requireText('🌿', 'title', 10, 2))).toBe('INVALID_LENGTH');
    expect(characterCount('a🌿\u{20000}ё')).toBe(4);
    // Every plane: the first and the last code point beyond the first plane are one character.
    expect(characterCount('\u{10000}\u{10FFFF}')).toBe(2);
  });
});

describe('names', () => {
  it('takes names in any script, with runs of spaces made one', () => {
    expect(requireName(' Зинаида   Ёлкина-Мюллер ', 'fullName', 200)).toBe('Зинаида Ёлкина-Мюллер');
    expect(requireName('ООО «Кластер 1»', 'name', 300)).toBe('ООО «Кластер 1»');
    // ZWNJ and ZWJ are part of some scripts and emoji.
    expect(requireName('می\u200cخواهم', 'fullName', 200)).toBe('می\u200cخواهم');
    expect(requireName('Команда 👩\u200d💻', 'name', 300)).toBe('Команда 👩\u200d💻');
    expect(requireName('Кластер ❤\ufe0f', 'name', 300)).toBe('Кластер ❤\ufe0f');
    expect(requireName('Кластер 1\ufe0f\u20e3', 'name', 300)).toBe('Кластер 1\ufe0f\u20e3');
    expect(requireName('👩🏽\u200d💻 Команда', 'name', 300)).toBe('👩🏽\u200d💻 Команда');
    expect(requireName('क्\u200dष', 'fullName', 200)).toBe('क्\u200dष');
  });

  it('refuses names that are invisible or would display as another name', () => {
    expect(reasonOf(() => requireName('\u200b', 'fullName', 200))).toBe('INVALID_CHARACTERS');
    expect(reasonOf(() => requireName('\u2060\u200d', 'fullName', 200))).toBe('INVALID_CHARACTERS');
    expect(reasonOf(() => requireName('Иван \u202eвонавИ', 'fullName', 200))).toBe(
      'INVALID_CHARACTERS',
    );
    expect(reasonOf(() => requireName('Ива\u00adн', 'fullName', 200))).toBe('INVALID_CHARACTERS');
    expect(reasonOf(() => requireName('«—»', 'name', 300))).toBe('INVALID_CHARACTERS');
    // Fillers, grapheme joiners, variation selectors and tags are invisible too.
    for (const hidden of [
      '\u3164',
      'Кластер\u034f',
      'Кластер\ufe00',
      'Кластер\u{e0020}',
      // Joiners and selectors where they show nothing: in Cyrillic, at an edge, after a letter.
      'Иван\u200d Петров',
      '\u200dИван',
      'Ив\u200cан',
      'Иван\ufe0f',
      'Иван\u2800Петров',
    ]) {
      expect(reasonOf(() => requireName(hidden, 'name', 300))).toBe('INVALID_CHARACTERS');
    }
    expect(reasonOf(() => requireName('   ', 'name', 300))).toBe('INVALID_LENGTH');
  });

  it('finds format characters, which an e-mail address never holds', () => {
    expect(hasFormatCharacter('chair\u200b@council.test')).toBe(true);
    expect(hasFormatCharacter('chair\u200e@council.test')).toBe(true);
    for (const hidden of ['\u034f', '\ufe00', '\u115f', '\u3164', '\u2060']) {
      expect(hasFormatCharacter(`chai${hidden}r@council.test`)).toBe(true);
    }
    expect(hasFormatCharacter('председатель@совет.рф')).toBe(false);
  });
});

describe('shortenText', () => {
  it('keeps text that fits and cuts longer text between graphemes, ending it with an ellipsis', () => {
    expect(shortenText('Выборы', 6)).toBe('Выборы');
    expect(shortenText('Выборы 2027', 8)).toBe('Выборы…');
    // A surrogate pair, a flag (two code points) and a letter with a combining mark stay whole.
    expect(shortenText('a' + '🌿'.repeat(10), 5)).toBe('a🌿🌿🌿…');
    expect(shortenText('ab🇷🇺', 3)).toBe('ab…');
    expect(shortenText('abcи\u0306', 4)).toBe('abc…');
    // An emoji sequence joined by ZWJ stays whole (no joiner left dangling), and no space is
    // left before the ellipsis: the cut text is still a valid name.
    const organization = `${'К'.repeat(97)} 👩‍💼 кластер`;
    expect(shortenText(organization, 100)).toBe(`${'К'.repeat(97)}…`);
    expect(requireName(shortenText(organization, 100), 'shortName', 100)).toBe(
      `${'К'.repeat(97)}…`,
    );
    for (const text of [
      'a' + '🌿'.repeat(150),
      '🇷🇺'.repeat(120),
      'й'.normalize('NFD').repeat(90),
    ]) {
      const short = shortenText(text, 101);
      expect(characterCount(short)).toBeLessThanOrEqual(101);
      expect(short.endsWith('…')).toBe(true);
      expect(isWellFormedText(short)).toBe(true);
    }
  });
});
