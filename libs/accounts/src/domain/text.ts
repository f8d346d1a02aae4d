import { ValidationError } from '@council/core';

// Trims and checks a human-entered text field; any Unicode is welcome, control characters are not.
export function requireText(
  value: string,
  field: string,
  maxLength: number,
  minLength = 1,
): string {
  const text = value.normalize('NFC').trim();
  if (text.length < minLength || text.length > maxLength) {
    throw ValidationError.field(
      field,
      `must be ${minLength} to ${maxLength} characters long`,
      'INVALID_LENGTH',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw ValidationError.field(field, 'must not contain control characters', 'INVALID_CHARACTERS');
  }
  return text;
}
