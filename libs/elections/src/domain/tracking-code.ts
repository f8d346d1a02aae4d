import { ValidationError, randomToken } from '@council/core';
import { ElectionReason } from './elections.errors';

// 18 random bytes: 144 bits, more than the 128 the issue asks for. In base64url that is exactly
// 24 characters with no padding bits, so every 24-character string is one code and one only.
const TRACKING_CODE_BYTES = 18;
export const TRACKING_CODE_PATTERN = /^[A-Za-z0-9_-]{24}$/;
export const TRACKING_CODE_FORMAT =
  'a tracking code is 18 random bytes in base64url: 24 characters of A–Z, a–z, 0–9, - and _';

export function newTrackingCode(): string {
  return randomToken(TRACKING_CODE_BYTES);
}

// A code the voter's own device drew (like Helios' ballot tracker): the voter holds it before the
// ballot is sent, so an answer lost on the way loses nothing. It must have the form of the codes
// the server draws; its randomness is the device's to ensure and cannot be checked here.
export function assertOwnTrackingCode(value: string): string {
  if (!TRACKING_CODE_PATTERN.test(value)) {
    throw ValidationError.field(
      'trackingCode',
      TRACKING_CODE_FORMAT,
      ElectionReason.INVALID_TRACKING_CODE,
    );
  }
  return value;
}
