import { ValidationError, mergedMistakes } from '@council/core';

type FormCheck = (input: unknown) => unknown;
const FORM_RULES = new WeakMap<object, FormCheck>();

// The domain's rules of a whole form that need neither the database nor the clock (an election's
// term, contests and bylaws), run by the validation pipe when the input checks find mistakes, so
// that the form hears of both in one answer; once the input checks pass, the domain runs them.
export function FormRule<T>(check: (input: T) => unknown): ClassDecorator {
  return (target) => {
    FORM_RULES.set(target, check as FormCheck);
  };
}

// The input checks' mistakes with the form rule's on the fields they did not name (a field the
// input checks named keeps their answer). The rule sees a form that failed its checks: anything
// but a mistake naming fields leaves the input checks' answer as it was.
export function withFormRuleMistakes(
  found: ValidationError,
  metatype: unknown,
  input: unknown,
): ValidationError {
  const [check, form] = formRuleOf(metatype, input);
  if (!check || !found.fields) return found;
  let more: ValidationError;
  try {
    check(form);
    return found;
  } catch (error) {
    if (!(error instanceof ValidationError) || !error.fields) return found;
    more = error;
  }
  const fields = Object.keys(more.fields!).filter((field) => !(field in found.fields!));
  if (fields.length === 0) return found;
  const reasons = fields.map((field) => more.fieldReasons?.[field] ?? more.reason);
  const rest = new ValidationError(
    new Set(reasons).size === 1 ? reasons[0] : 'INVALID_INPUT',
    more.message,
    Object.fromEntries(fields.map((field) => [field, more.fields![field]])),
    Object.fromEntries(fields.map((field, at) => [field, reasons[at]])),
  );
  return mergedMistakes([found, rest]);
}

// The rule of the input itself, or of the `input` an ArgsType holds beside other arguments (whose
// fields the validation pipe names without `input.`, as the rule names them).
function formRuleOf(metatype: unknown, input: unknown): [FormCheck | undefined, unknown] {
  if (typeof metatype !== 'function') return [undefined, input];
  const own = FORM_RULES.get(metatype);
  if (own) return [own, input];
  const held: unknown = Reflect.getMetadata('design:type', metatype.prototype as object, 'input');
  const check = typeof held === 'function' ? FORM_RULES.get(held) : undefined;
  if (!check || typeof input !== 'object' || input === null) return [undefined, input];
  return [check, (input as { input?: unknown }).input];
}
