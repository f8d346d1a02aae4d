import { ValidateBy, maxLength } from 'class-validator';

// A rule of the domain run with the input checks, with the domain's message and reason, so that a
// form hears of that mistake together with its others, not after them (the domain checks it
// again). A value that is not a string, or longer than `maxLength` (counted as @MaxLength counts:
// an emoji is one character), is left to the field's other constraints, which say so.
export function FollowsDomainRule(rule: {
  name: string;
  maxLength: number;
  accepts: (value: string) => boolean;
  message: string;
  reason: string;
}) {
  return ValidateBy(
    {
      name: rule.name,
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !maxLength(value, rule.maxLength) || rule.accepts(value),
        defaultMessage: () => rule.message,
      },
    },
    { context: { reason: rule.reason } },
  );
}
