import { ValidateBy, ValidationOptions } from 'class-validator';
import { isUuid } from '@council/core';

// An id as the domain accepts it (isUuid: a version 1-8 UUID of the RFC variant). class-validator's
// IsUUID also takes the nil UUID and other variants, which the domain then refused on its own,
// after the form's other mistakes had been answered (found by review).
export function IsId(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isUuid',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isUuid(value),
        defaultMessage: () => '$property must be a UUID',
      },
    },
    options,
  );
}
