import { applyDecorators } from '@nestjs/common';
import { Field, FieldOptions } from '@nestjs/graphql';
import { ValidateBy } from 'class-validator';
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
// Not exported: a form's text field is a TextField, which states the limits it checks.
function HasTextLength(min: number, max: number): PropertyDecorator {
  const length = HasLength(min, max);
  const storable = CharactersRule(
    'isStorableText',
    max,
    (text) => isStorableText(text),
    '$property must not contain control characters',
  );
  return (target, property) => {
    length(target, property);
    storable(target, property);
  };
}

// A text field of a form with its length rule (HasTextLength), the limits stated in the field's
// description: a portal learns them from the schema (a counter, a maxlength) before a mistake.
export function TextField(
  min: number,
  max: number,
  options: Pick<FieldOptions, 'nullable' | 'description'> = {},
): PropertyDecorator {
  const limits = lengthLimits(min, max);
  const sentence = `${limits[0].toUpperCase()}${limits.slice(1)}`;
  const description = options.description
    ? `${options.description.replace(/\.$/, '')}. ${sentence}`
    : sentence;
  return applyDecorators(
    Field(() => String, { ...options, description }),
    HasTextLength(min, max),
  );
}

// A person's or an organisation's name (requireName): a letter or a digit, nothing invisible or
// direction-changing. Control characters are left to HasTextLength's rule.
export function IsName(max: number): PropertyDecorator {
  return CharactersRule(
    'isName',
    max,
    (text, value) => !isStorableText(text) || followsNameRule(value, max),
    '$property must contain a letter or a digit and no invisible or direction-changing characters',
  );
}

// A rule of the domain on the characters of a text the length rule lets through (valid Unicode,
// within `max` as the domain counts it), with the domain's reason; any other text is left to the
// length rule, which says what is wrong with it.
function CharactersRule(
  name: string,
  max: number,
  accepts: (text: string, value: string) => boolean,
  message: string,
): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !isWellFormedText(value)) return true;
          const text = value.normalize('NFC').trim();
          return characterCount(text) > max || accepts(text, value);
        },
        defaultMessage: () => message,
      },
    },
    { context: { reason: 'INVALID_CHARACTERS' } },
  );
}

function followsNameRule(value: string, max: number): boolean {
  try {
    requireName(value, 'name', max);
    return true;
  } catch (error) {
    return !(error instanceof ValidationError && error.reason === 'INVALID_CHARACTERS');
  }
}

function HasLength(min: number, max: number) {
  return ValidateBy({
    name: 'hasTextLength',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        // Not valid Unicode (a lone surrogate): the domain says so, rather than a length.
        if (!isWellFormedText(value)) return true;
        const length = characterCount(value.normalize('NFC').trim());
        return length >= min && length <= max;
      },
      defaultMessage: () => `$property must be ${lengthLimits(min, max)} long`,
    },
  });
}

// "1 to 200 characters", "at most 2000 characters": the limits as the rule's message and the
// field's description both state them.
function lengthLimits(min: number, max: number): string {
  return min > 0 ? `${min} to ${max} characters` : `at most ${max} characters`;
}
