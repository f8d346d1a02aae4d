import { applyDecorators } from '@nestjs/common';
import { ValidateBy, ValidateIf } from 'class-validator';
import { NOT_CLEARED } from './validation.pipe';

// Optional on update, but not clearable: null is refused with one message of its own (the
// validation pipe drops the other constraints' complaints about it).
export const IfGiven = () =>
  applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== undefined),
    ValidateBy(
      {
        name: NOT_CLEARED,
        validator: {
          validate: (value: unknown) => value !== null,
          defaultMessage: () => '$property cannot be cleared; leave it out to keep it as it is',
        },
      },
      { context: { reason: 'CANNOT_BE_CLEARED' } },
    ),
  );
