import { ValidateBy, ValidationOptions } from 'class-validator';
import { characterCount, isWellFormedText } from '@council/core';

// The length of a human-entered text as the domain counts it (requireText, requireName): characters
// of its NFC form, trimmed. @Length counts the raw input, so a title typed with decomposed letters
// (й as и + ◌̆, as some keyboards and pasted text send it) or with spaces around it was refused
// here although the domain would take it.
export function HasTextLength(min: number, max: number, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'hasTextLength',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          // Not valid Unicode (a lone surrogate): the domain says so, rather than a length.
          if (!isWellFormedText(value)) return true;
          const length = characterCount(value.normalize('NFC').trim());
          return length >= min && length <= max;
        },
        defaultMessage: () =>
          min > 0
            ? `$property must be ${min} to ${max} characters long`
            : `$property must be at most ${max} characters long`,
      },
    },
    options,
  );
}
