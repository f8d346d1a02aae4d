import { requireText } from '@council/accounts';
import { MeetingsReason, invalidField } from './meetings.errors';

// A lone surrogate cannot be stored in jsonb (the minutes body) nor shown: refuse it like any other
// malformed character.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Any Unicode text (NFC, trimmed), without control characters; line breaks and tabs are fine.
export function meetingText(value: string, field: string, maxLength: number, minLength = 1) {
  if (typeof value !== 'string') {
    throw invalidField(field, MeetingsReason.INVALID_LENGTH, `${field} must be text`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw invalidField(field, MeetingsReason.INVALID_CHARACTERS, `${field} is not valid Unicode`);
  }
  return requireText(value, field, maxLength, minLength);
}

// Empty or missing optional text is stored as null.
export function optionalMeetingText(
  value: string | null | undefined,
  field: string,
  maxLength: number,
): string | null {
  if (value === null || value === undefined) return null;
  const text = meetingText(value, field, maxLength, 0);
  return text.length === 0 ? null : text;
}
