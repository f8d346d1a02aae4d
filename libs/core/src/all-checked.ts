import { FieldErrors, FieldReasons, ValidationError } from './domain-error';

// Runs the independent checks of one form and reports their mistakes together: the input checks
// report every mistake of a form at once, and the domain's own checks (that need no database) did
// so one at a time, a second mistake heard of only once the first was put right. Each check's
// ValidationError naming fields is merged into one, reasoned as the validation pipe reasons a
// form (one kind of mistake keeps its reason, several are INVALID_INPUT); any other error is
// thrown as it comes. The checks run in order, so a later one may rely on what an earlier one
// returned only if it is not given the earlier's mistakes to work on.
export function allChecked<T extends readonly unknown[]>(
  ...checks: { [K in keyof T]: () => T[K] }
): T {
  const results: unknown[] = [];
  const mistakes: ValidationError[] = [];
  for (const check of checks as ReadonlyArray<() => unknown>) {
    try {
      results.push(check());
    } catch (error) {
      if (!(error instanceof ValidationError) || !error.fields) throw error;
      mistakes.push(error);
      results.push(undefined);
    }
  }
  if (mistakes.length === 1) throw mistakes[0];
  if (mistakes.length > 1) throw mergedMistakes(mistakes);
  return results as unknown as T;
}

// Several mistakes of one form as one: each field with its messages and first reason.
export function mergedMistakes(mistakes: readonly ValidationError[]): ValidationError {
  const fields: FieldErrors = {};
  const fieldReasons: FieldReasons = {};
  for (const mistake of mistakes) {
    for (const [field, messages] of Object.entries(mistake.fields ?? {})) {
      fields[field] = [...(fields[field] ?? []), ...messages];
      fieldReasons[field] ??= mistake.fieldReasons?.[field] ?? mistake.reason;
    }
  }
  const reasons = new Set(mistakes.map((mistake) => mistake.reason));
  const reason = reasons.size === 1 ? mistakes[0].reason : 'INVALID_INPUT';
  return new ValidationError(
    reason,
    `Invalid input: ${Object.keys(fields).join(', ')}`,
    fields,
    fieldReasons,
  );
}
