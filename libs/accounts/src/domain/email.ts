import { domainToUnicode } from 'node:url';
import {
  ValidationError,
  hasFormatCharacter,
  isStorableText,
  isWellFormedText,
} from '@council/core';
import { AccountsReason } from './accounts.errors';

// Deliberately simple: one @, something on each side, a domain of two or more labels, none empty
// ("example.com." or "a..b" would be a second spelling of one mailbox). Unicode is allowed.
const EMAIL_PATTERN = /^[^\s@]{1,64}@(?=[^\s@]{1,255}$)(?:[^\s@.]+\.)+[^\s@.]{1,63}$/u;

// An internationalised domain in its ASCII form ("xn--…", as mail clients often show it) is the
// same mailbox as in its own script: the address is kept and looked up in the latter. Label by
// label, and only a label that is punycode: domainToUnicode reads a URL's host, so given the whole
// domain it would drop a path, a query or a fragment ("…xn--p1ai/x") and decode percent-escapes.
const PUNYCODE_LABEL = /^xn--[a-z0-9-]+$/;

function unicodeDomain(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0 || !email.includes('xn--', at)) return email;
  const domain = email
    .slice(at + 1)
    .split('.')
    .map((label) => (PUNYCODE_LABEL.test(label) ? domainToUnicode(label) || label : label))
    .join('.');
  return `${email.slice(0, at + 1)}${domain.normalize('NFC')}`;
}

export function normalizeEmail(email: string): string {
  return unicodeDomain(email.normalize('NFC').trim().toLowerCase());
}

// The address a log-in names: anything storable (a wrong one is just not found).
export function loginEmail(email: string, field = 'email'): string {
  const normalized = normalizeEmail(email);
  if (!isStorableText(normalized)) {
    throw ValidationError.field(
      field,
      isWellFormedText(normalized)
        ? 'must not contain control characters'
        : `${field} is not valid Unicode`,
      AccountsReason.INVALID_CHARACTERS,
    );
  }
  return normalized;
}

// Scripts whose letters look alike ("a" and "а", "e" and "е", "o" and "ο").
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

// A part of the address (the local part, or a label of the domain) with letters of two of those
// scripts: "chаir" with a Cyrillic "а" reads as the chair's address.
function mixesScripts(address: string): boolean {
  return address
    .split(/[@.]/)
    .some((part) => CONFUSABLE_SCRIPTS.filter((script) => script.test(part)).length > 1);
}

export function assertEmail(email: string, field = 'email'): string {
  const normalized = normalizeEmail(email);
  // Each of these would make a second address that looks like another: a zero-width space or a
  // direction mark, a fullwidth or other compatibility letter ("ｃhair"), letters of two scripts.
  // (A combining mark NFC cannot join to its letter stays allowed: some languages write their
  // accents so, as in Yoruba "ọ̀". The one that hides, a dot above an "i", is not caught.)
  if (
    !EMAIL_PATTERN.test(normalized) ||
    normalized.length > 320 ||
    !isStorableText(normalized) ||
    hasFormatCharacter(normalized) ||
    normalized.normalize('NFKC') !== normalized ||
    mixesScripts(normalized)
  ) {
    throw ValidationError.field(field, 'must be an e-mail address', AccountsReason.INVALID_EMAIL);
  }
  return normalized;
}
