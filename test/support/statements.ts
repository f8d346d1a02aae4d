import { QueryCounter } from '@council/database';
import { SafetyValve } from '../../apps/api/src/graphql/batch-scheduler';

export interface Recorded<T> {
  result: T;
  count: number;
  // Sorted (the batches of one level go in any order), a page's LIMIT (its size + 1) as `LIMIT n`.
  statements: string[];
}

// The SQL statements `ask` sends, as the tests that guard a page's statements compare them.
export async function recordStatements<T>(ask: () => Promise<T>): Promise<Recorded<T>> {
  QueryCounter.recordTexts();
  QueryCounter.reset();
  const released = SafetyValve.releases;
  const result = await ask();
  const count = QueryCounter.count;
  const statements = QueryCounter.texts.map((text) => text.replace(/\bLIMIT \d+/g, 'LIMIT n'));
  // A level the batch scheduler's safety valve sent early (a batch slower than a second) changes
  // the statements: checked first, so such a failure says why.
  expect({ valveReleases: SafetyValve.releases - released }).toEqual({ valveReleases: 0 });
  return { result, count, statements: statements.sort() };
}
