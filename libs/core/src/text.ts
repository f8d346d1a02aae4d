import { ValidationError } from './domain-error';

// PostgreSQL stores neither NUL (in text or jsonb) nor a lone surrogate (in jsonb), and a screen
// shows neither, nor other control characters. Line breaks and tabs are fine.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Text any PostgreSQL column and any screen can take.
export function isStorableText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value) && !LONE_SURROGATE.test(value);
}

// Well-formed UTF-16: every surrogate in a pair. Only such text encodes to UTF-8 and back unchanged.
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

// Characters (code points) of well-formed text, as users and the GraphQL input checks count them:
// an emoji or a CJK ideograph beyond the first plane is one, not two UTF-16 units.
export function characterCount(text: string): number {
  let pairs = 0;
  for (let at = 0; at < text.length; at += 1) {
    const unit = text.charCodeAt(at);
    if (unit >= 0xd800 && unit <= 0xdbff) pairs += 1;
  }
  return text.length - pairs;
}

const GRAPHEMES = new Intl.Segmenter('ru', { granularity: 'grapheme' });

// Text made to fit maxLength characters, for a title the app composes from others' text: cut
// between graphemes (an emoji or a letter with its marks stays whole, a surrogate pair is never
// split) and ended with "…" when cut.
export function shortenText(text: string, maxLength: number): string {
  if (characterCount(text) <= maxLength) return text;
  let kept = '';
  let length = 0;
  for (const { segment } of GRAPHEMES.segment(text)) {
    const size = characterCount(segment);
    if (length + size > maxLength - 1) break;
    kept += segment;
    length += size;
  }
  return `${kept.trimEnd()}…`;
}

// A human-entered text field: any Unicode (NFC, trimmed) within the length, or BAD_USER_INPUT
// naming the field. Text that shows nothing (spaces, zero-width characters) is blank: refused
// where text is required, empty where it may be.
export function requireText(
  value: unknown,
  field: string,
  maxLength: number,
  minLength = 1,
): string {
  const text = storableText(value, field, maxLength, minLength);
  if (!hasVisibleCharacter(text)) {
    if (minLength > 0) throw lengthError(field, minLength, maxLength);
    return '';
  }
  if (characterCount(text) < minLength) throw lengthError(field, minLength, maxLength);
  return text;
}

// NFC, trimmed, within the length, storable; whether anything in it shows is not judged here.
function storableText(value: unknown, field: string, maxLength: number, minLength = 1): string {
  if (typeof value !== 'string') {
    throw ValidationError.field(field, `${field} must be text`, 'INVALID_LENGTH');
  }
  if (LONE_SURROGATE.test(value)) {
    throw ValidationError.field(field, `${field} is not valid Unicode`, 'INVALID_CHARACTERS');
  }
  const text = value.normalize('NFC').trim();
  if (characterCount(text) > maxLength) throw lengthError(field, minLength, maxLength);
  if (CONTROL_CHARACTER.test(text)) {
    throw ValidationError.field(field, 'must not contain control characters', 'INVALID_CHARACTERS');
  }
  return text;
}

function lengthError(field: string, minLength: number, maxLength: number): ValidationError {
  return ValidationError.field(
    field,
    `must be ${minLength} to ${maxLength} characters long`,
    'INVALID_LENGTH',
  );
}

// Optional text: missing, empty or blank (spaces or zero-width characters only) is null.
export function optionalText(
  value: string | null | undefined,
  field: string,
  maxLength: number,
): string | null {
  if (value === null || value === undefined) return null;
  const text = requireText(value, field, maxLength, 0);
  return text.length === 0 ? null : text;
}

const INVISIBLE = /[\s\p{Default_Ignorable_Code_Point}\u2800]/gu;

function hasVisibleCharacter(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

// Characters that change how a name is displayed without being seen: Unicode's default-ignorable
// code points (zero-width and format characters, bidirectional overrides and isolates that can
// show "Иван" reversed, fillers, tags, variation selectors) and the blank braille cell. Joiners and
// variation selectors are judged apart (strayMarks).
const DISGUISING_CHARACTER =
  /(?!\u200c|\u200d|\ufe0e|\ufe0f)\p{Default_Ignorable_Code_Point}|\u2800/u;
// Where a joiner or a variation selector does something visible: a ZWJ inside an emoji sequence;
// a ZWJ or ZWNJ between letters of a script that joins them (Arabic, Indic…; not Latin, Cyrillic
// or Greek, where it only hides); a variation selector after an emoji or before a keycap.
const EMOJI_JOINER =
  /(?<=\p{Extended_Pictographic}(?:\ufe0f|\p{Emoji_Modifier})?)\u200d(?=\p{Extended_Pictographic})/gu;
const SCRIPT_JOINER =
  /(?<=(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}])[\p{L}\p{M}])(?:\u200c|\u200d)(?=(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}])\p{L})/gu;
const EMOJI_SELECTOR =
  /(?<=\p{Extended_Pictographic})(?:\ufe0e|\ufe0f)|(?:\ufe0e|\ufe0f)(?=\u20e3)/gu;
const JOINER_OR_SELECTOR = /\u200c|\u200d|\ufe0e|\ufe0f/u;

function strayMarks(text: string): boolean {
  const visible = text
    .replace(EMOJI_JOINER, '')
    .replace(SCRIPT_JOINER, '')
    .replace(EMOJI_SELECTOR, '');
  return JOINER_OR_SELECTOR.test(visible);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

// The name of a person or an organisation, shown on ballots, rosters and minutes: text as
// requireText takes it, with runs of spaces made one, at least one letter or digit, and nothing
// that would make it look like another name.
export function requireName(value: unknown, field: string, maxLength: number): string {
  // Invisible characters are named as such below, rather than as a blank name.
  const text = storableText(value, field, maxLength).replace(/\s+/gu, ' ');
  if (text.length === 0) throw lengthError(field, 1, maxLength);
  if (DISGUISING_CHARACTER.test(text) || strayMarks(text)) {
    throw ValidationError.field(
      field,
      'must not contain invisible or direction-changing characters',
      'INVALID_CHARACTERS',
    );
  }
  if (!LETTER_OR_DIGIT.test(text)) {
    throw ValidationError.field(field, 'must contain a letter or a digit', 'INVALID_CHARACTERS');
  }
  return text;
}

// True when the text holds a character that is not shown, which an e-mail address never needs:
// Unicode format characters and every other default-ignorable one (a combining grapheme joiner,
// a variation selector, a Hangul filler).
export function hasFormatCharacter(value: string): boolean {
  return /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u.test(value);
}
