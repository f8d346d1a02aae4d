import { ValidateBy, ValidationOptions } from 'class-validator';
import {
  ValidationError,
  characterCount,
  isStorableText,
  isWellFormedText,
  requireName,
} from '@council/core';

// The length of a human-entered text as the domain counts it (requireText, requireName): characters
// of its NFC form, trimmed. @Length counts the raw input, so a title typed with decomposed letters
// (й as и + ◌̆, as some keyboards and pasted text send it) or with spaces around it was refused
// here although the domain would take it.
// With it, the control characters the domain refuses in any text (storableText), named as the
// domain names them (INVALID_CHARACTERS) with the form's other mistakes rather than after them
// (found by review). Left to the length rule when the length is wrong.
export function HasTextLength(
  min: number,
  max: number,
  options?: ValidationOptions,
): PropertyDecorator {
  const length = HasLength(min, max, options);
  const storable = ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => {
          // A lone surrogate: the domain names it (not valid Unicode), as for the length rule.
          if (typeof value !== 'string' || !isWellFormedText(value)) return true;
          const text = value.normalize('NFC').trim();
          if (characterCount(text) > max) return true;
          return isStorableText(text);
        },
        defaultMessage: () => '$property must not contain control characters',
      },
    },
    { context: { reason: 'INVALID_CHARACTERS' } },
  );
  return (target, property) => {
    length(target, property);
    storable(target, property);
  };
}

// A person's or an organisation's name (requireName): a letter or a digit, nothing invisible or
// direction-changing. What the length and storable rules refuse is left to them.
export function IsName(max: number): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isName',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !isWellFormedText(value)) return true;
          const text = value.normalize('NFC').trim();
          if (characterCount(text) > max || !isStorableText(text)) return true;
          try {
            requireName(value, 'name', max);
            return true;
          } catch (error) {
            return !(error instanceof ValidationError && error.reason === 'INVALID_CHARACTERS');
          }
        },
        defaultMessage: () =>
          '$property must contain a letter or a digit and no invisible or direction-changing characters',
      },
    },
    { context: { reason: 'INVALID_CHARACTERS' } },
  );
}

function HasLength(min: number, max: number, options?: ValidationOptions) {
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
