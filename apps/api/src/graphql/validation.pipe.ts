import { ValidationPipe, ValidationError as ClassValidatorError } from '@nestjs/common';
import { FieldErrors, ValidationError } from '@council/core';

function collect(errors: ClassValidatorError[], prefix: string, into: FieldErrors): FieldErrors {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, into);
  }
  return into;
}

// class-validator on every input; a failure is BAD_USER_INPUT naming each field.
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const fields = collect(errors, '', {});
      return new ValidationError(
        'INVALID_INPUT',
        `Invalid input: ${Object.keys(fields).join(', ')}`,
        fields,
      );
    },
  });
}
