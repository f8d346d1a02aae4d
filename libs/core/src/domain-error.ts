// Domain errors carry a kind (how the boundary must answer) and a stable reason code (what
// happened). Domain code throws these; only apps/api maps them to GraphQL error codes.
export type DomainErrorKind =
  'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'RATE_LIMITED';

export type FieldErrors = Record<string, string[]>;

// The reason code of each field named in FieldErrors, for a client that shows its own words
// beside each field (a form with several mistakes has the reason INVALID_INPUT as a whole).
export type FieldReasons = Record<string, string>;

export function sameReasonFor(fields: FieldErrors, reason: string): FieldReasons {
  return Object.fromEntries(Object.keys(fields).map((field) => [field, reason]));
}

export class DomainError extends Error {
  // Every field named in `fields`, with the error's own reason unless given field by field.
  readonly fieldReasons?: FieldReasons;

  constructor(
    readonly kind: DomainErrorKind,
    readonly reason: string,
    message: string,
    readonly fields?: FieldErrors,
    fieldReasons?: FieldReasons,
  ) {
    super(message);
    this.name = 'DomainError';
    this.fieldReasons = fields && (fieldReasons ?? sameReasonFor(fields, reason));
  }
}

export class ValidationError extends DomainError {
  constructor(reason: string, message: string, fields?: FieldErrors, fieldReasons?: FieldReasons) {
    super('VALIDATION', reason, message, fields, fieldReasons);
  }

  static field(field: string, message: string, reason = 'INVALID_INPUT'): ValidationError {
    return new ValidationError(reason, message, { [field]: [message] });
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, reason = 'NOT_FOUND') {
    super('NOT_FOUND', reason, `${entity} not found`);
  }
}

export class ConflictError extends DomainError {
  // fields: the input a value already taken came from (a form can show the conflict beside it).
  constructor(reason: string, message: string, fields?: FieldErrors) {
    super('CONFLICT', reason, message, fields);
  }
}

export class ForbiddenError extends DomainError {
  constructor(reason = 'FORBIDDEN', message = 'You are not allowed to do this') {
    super('FORBIDDEN', reason, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(reason = 'UNAUTHENTICATED', message = 'Authentication required') {
    super('UNAUTHENTICATED', reason, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    reason: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', reason, message);
  }
}
