import {
  ArgumentMetadata,
  ValidationPipe,
  ValidationError as ClassValidatorError,
} from '@nestjs/common';
import { FieldErrors, FieldReasons, ValidationError } from '@council/core';
import { withFormRuleMistakes } from './form-rule';

// The reasons the domain gives for the same mistakes (assertUuid, requireText), so one mistake
// has one reason whichever layer catches it; a decorator may name its own (`context: { reason }`);
// any other constraint is INVALID_INPUT.
const REASON_OF_CONSTRAINT: Record<string, string> = {
  isUuid: 'INVALID_ID',
  isLength: 'INVALID_LENGTH',
  maxLength: 'INVALID_LENGTH',
  hasTextLength: 'INVALID_LENGTH',
  minLength: 'INVALID_LENGTH',
  isNotEmpty: 'INVALID_LENGTH',
};

function reasonOf(error: ClassValidatorError, constraint: string): string {
  const declared = (error.contexts?.[constraint] as { reason?: unknown } | undefined)?.reason;
  if (typeof declared === 'string') return declared;
  return REASON_OF_CONSTRAINT[constraint] ?? 'INVALID_INPUT';
}

// The constraint refusing null for a field that may be left out but not cleared; when it fails,
// the field's other constraints (not a string, too long…) only repeat it.
export const NOT_CLEARED = 'notCleared';

const INPUT_ARGUMENT = 'input';

function collect(
  errors: ClassValidatorError[],
  prefix: string,
  into: { fields: FieldErrors; fieldReasons: FieldReasons; reasons: Set<string> },
): void {
  for (const error of errors) {
    // An operation's `input` checked beside its other arguments (an ArgsType holding both) names
    // its fields as when it is checked alone, and as graphql-js's errors name them: without `input.`.
    if (!prefix && error.property === INPUT_ARGUMENT && !error.constraints) {
      collect(error.children ?? [], '', into);
      continue;
    }
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      const constraints: Record<string, string> =
        NOT_CLEARED in error.constraints
          ? { [NOT_CLEARED]: error.constraints[NOT_CLEARED] }
          : error.constraints;
      into.fields[path] = Object.entries(constraints).map(([constraint, message]) =>
        // assertUuid's wording ("id must be a UUID" would name a format the client need not know).
        constraint === 'isUuid' ? `${path} is not a valid id` : message,
      );
      const reasons = Object.keys(constraints).map((constraint) => reasonOf(error, constraint));
      // A field failing several constraints is named by the first (they come in declared order).
      into.fieldReasons[path] = reasons[0];
      for (const reason of reasons) into.reasons.add(reason);
    }
    if (error.children?.length) collect(error.children, path, into);
  }
}

// An input's form rule (FormRule) adds its mistakes to the input checks'.
class FormValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      throw withFormRuleMistakes(error, metadata.metatype, value);
    }
  }
}

// class-validator on every input; a failure is BAD_USER_INPUT naming each field.
export function createValidationPipe(): ValidationPipe {
  return new FormValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const found = {
        fields: {} as FieldErrors,
        fieldReasons: {} as FieldReasons,
        reasons: new Set<string>(),
      };
      collect(errors, '', found);
      const reason = found.reasons.size === 1 ? [...found.reasons][0] : 'INVALID_INPUT';
      // One mistake reads as the domain would put it; several are listed by field.
      const messages = Object.values(found.fields).flat();
      const message =
        messages.length === 1
          ? messages[0]
          : `Invalid input: ${Object.keys(found.fields).join(', ')}`;
      return new ValidationError(reason, message, found.fields, found.fieldReasons);
    },
  });
}
