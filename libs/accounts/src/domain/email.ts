import { ValidationError, hasFormatCharacter, isStorableText } from '@council/core';

// Deliberately simple: one @, something on each side, a dot in the domain. Unicode is allowed.
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/u;

export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

// The address a log-in names: anything storable (a wrong one is just not found).
export function loginEmail(email: string, field = 'email'): string {
  const normalized = normalizeEmail(email);
  if (!isStorableText(normalized)) {
    throw ValidationError.field(field, 'must not contain control characters', 'INVALID_CHARACTERS');
  }
  return normalized;
}

export function assertEmail(email: string, field = 'email'): string {
  const normalized = normalizeEmail(email);
  // A zero-width space or a direction mark would make a second address that looks like the first.
  if (
    !EMAIL_PATTERN.test(normalized) ||
    normalized.length > 320 ||
    !isStorableText(normalized) ||
    hasFormatCharacter(normalized)
  ) {
    throw ValidationError.field(field, 'must be an e-mail address', 'INVALID_EMAIL');
  }
  return normalized;
}
