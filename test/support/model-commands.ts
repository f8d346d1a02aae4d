import type { MemberEntity } from '@council/accounts';
import { type SeatAssignment, nextTermLabel, parseTermLabel } from '@council/terms';
import { databaseFingerprint } from './database-fingerprint';
import type { TestApp } from './test-app';

// Shared by the model-based tests (test/model-*.e2e-spec.ts): what the model expects of one
// command, and how a command is sent and judged against it.

export type Expectation =
  { refuse: { code: string; reason?: string } } | { accept: (answer: any) => void };

export const refuse = (code: string, reason?: string): Expectation => ({
  refuse: { code, reason },
});
export const FORBIDDEN = refuse('FORBIDDEN', 'PERMISSION_DENIED');

// The real side of a model run: the app, and each person's member id and access token.
export interface ModelWorld<Person extends string> {
  t: TestApp;
  ids: Map<Person, string>;
  tokens: Map<Person, string>;
  people: Map<string, Person>;
}

// The term after `label` begins with `seats` as its roster: the clock moves to the middle of its
// first month, and everyone signs in again (half a year later their sessions have expired).
// Returns the new term's label.
export async function enterNextTerm<Person extends string>(
  w: ModelWorld<Person>,
  label: string,
  seats: SeatAssignment[],
): Promise<string> {
  const next = nextTermLabel(label);
  await w.t.factory.installRoster(next, seats);
  const { year, half } = parseTermLabel(next);
  w.t.clock.set(`${year}-${half === 'H1' ? '01' : '07'}-15T09:00:00Z`);
  for (const [person, id] of w.ids) {
    w.tokens.set(person, await w.t.factory.tokenFor({ id } as MemberEntity));
  }
  return next;
}

export interface ModelCall {
  document: string;
  variables: Record<string, unknown>;
  // The mutation's field in the answer.
  field: string;
}

// A member id as the person it names (an unknown id shows as such, and fails the comparison).
export function personOf(people: ReadonlyMap<string, string>, id: string | null | undefined) {
  if (id === null || id === undefined) return null;
  return people.get(id) ?? `stranger:${id}`;
}

// Sends the operation; a refusal must carry the model's code (and reason) and change nothing in
// the database; a success is handed to the model's `accept`. `outcomes` collects what happened,
// so a test can show the runs reached every outcome.
export async function sendExpecting(
  t: TestApp,
  token: string | undefined,
  call: ModelCall,
  expectation: Expectation,
  outcomes: Set<string>,
): Promise<void> {
  const refusal = 'refuse' in expectation ? expectation.refuse : null;
  outcomes.add(`${call.field}:${refusal ? (refusal.reason ?? refusal.code) : 'OK'}`);
  const before = refusal ? await databaseFingerprint(t) : null;
  const response = await t.client.request<any>(call.document, call.variables, token);
  expect(response.status).toBeLessThan(500);
  if ('refuse' in expectation) {
    const error = response.errors?.[0];
    const { code, reason } = expectation.refuse;
    expect({
      code: error?.extensions?.code,
      ...(reason ? { reason: error?.extensions?.reason } : {}),
    }).toEqual({ code, ...(reason ? { reason } : {}) });
    expect(response.data?.[call.field] ?? null).toBeNull();
    expect(await databaseFingerprint(t)).toBe(before);
  } else {
    expect(response.errors).toBeUndefined();
    expectation.accept(response.data[call.field]);
  }
}
