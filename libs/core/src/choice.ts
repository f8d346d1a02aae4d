import { ValidationError } from './domain-error';

// A value of a string enum, or BAD_USER_INPUT INVALID_CHOICE naming the field and what it takes.
export function assertOneOf<T extends string>(
  choices: Record<string, T>,
  value: unknown,
  field: string,
): T {
  const allowed: readonly unknown[] = Object.values(choices);
  if (!allowed.includes(value)) {
    throw ValidationError.field(
      field,
      `${field} is one of ${allowed.join(', ')}`,
      'INVALID_CHOICE',
    );
  }
  return value as T;
}
