import fc from 'fast-check';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
} from 'graphql';
import { PERMISSION_TABLE, Role } from '@council/access';
import { databaseFingerprint } from './support/database-fingerprint';
import { readOperationDeclarations } from './support/operation-declarations';
import { TestApp, createTestApp } from './support/test-app';
import type { Leadership } from './support/test-factory';

// Walks every operation (many calls, each checked against the database): slow on a loaded machine.
jest.setTimeout(180_000);

const API_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
];
const LEAK =
  /stack|QueryFailedError|TypeORMError|\bSELECT\b|\bINSERT INTO\b|\bUPDATE\b.*\bSET\b|violates|constraint "|relation "|\.ts:\d|node_modules|\/work\/|\bat [\w.]+ \(/i;
// Refused log-ins are recorded on purpose (throttle counts and the audit log).
const WRITES_ON_REFUSAL: Record<string, string[]> = { login: ['login_failure', 'audit_entry'] };
const RUNS_PER_MUTATION = Number(process.env.FUZZ_RUNS ?? 12);

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u202e RTL override',
    "' OR '1'='1' --",
    '"; DROP TABLE member; --',
    '{{7*7}}',
    '../../etc/passwd',
    '\n{"level":50,"msg":"forged"}',
  ),
  fc.constantFrom(
    '00000000-0000-4000-8000-000000000000',
    'not-a-uuid',
    '2027-H1',
    '2027-H9',
    '9999-99-99T99:99:99Z',
  ),
  fc.nat({ max: 5000 }).map((length) => 'я'.repeat(length)),
);
const deepObject = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 }),
  ),
})).node;

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull)
    return fc.oneof(
      { weight: 9, arbitrary: arbitraryFor(type.ofType, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  if (type instanceof GraphQLList)
    return fc.array(arbitraryFor(type.ofType, depth + 1), {
      maxLength: depth > 1 ? 2 : 6,
    });
  if (type instanceof GraphQLEnumType)
    return fc.oneof(
      fc.constantFrom(...type.getValues().map((value) => value.name)),
      fc.constant('NOT_A_VALUE'),
    );
  if (type instanceof GraphQLInputObjectType) {
    if (depth > 3) return fc.constant({});
    const fields = Object.fromEntries(
      Object.values(type.getFields()).map((field) => [
        field.name,
        arbitraryFor(field.type, depth + 1),
      ]),
    );
    return fc.oneof(
      { weight: 8, arbitrary: fc.record(fields, { requiredKeys: [] }) },
      { weight: 1, arbitrary: deepObject },
      {
        weight: 1,
        arbitrary: fc.record({
          ...fields,
          status: fc.constant('APPROVED'),
          role: fc.constant('CHAIR'),
        }),
      },
    );
  }
  const scalar = type.name;
  switch (scalar) {
    case 'Int':
      return fc.oneof(
        fc.integer({ min: -5, max: 500 }),
        fc.constantFrom(0, -1, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e300),
        hostileString,
      );
    case 'Float':
      return fc.oneof(fc.double(), hostileString);
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constant('true'));
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        hostileString,
      );
    default:
      return hostileString;
  }
}

function variableType(type: GraphQLInputType): string {
  return type.toString();
}

describe('fuzzing every mutation (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
  });
  afterAll(() => t.close());

  it('answers random and hostile variables with well-formed errors only; a refusal changes nothing', async () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const declarations = new Map(
      readOperationDeclarations(t.app).map((d) => [d.operation, d.declaration]),
    );
    const tokenOf: Record<string, string> = {
      [Role.ADMIN]: leaders.admin.token,
      [Role.EXECUTIVE_SECRETARY]: leaders.secretary.token,
      [Role.CHAIR]: leaders.chair.token,
      [Role.CO_CHAIR]: leaders.coChairRegional.token,
      [Role.MEMBER]: leaders.member.token,
    };
    const problems: string[] = [];
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      const declaration = declarations.get(field.name);
      // The most powerful caller the operation admits, so the fuzz reaches the domain's validation.
      const token =
        declaration && declaration !== 'PUBLIC' && declaration !== 'UNDECLARED'
          ? tokenOf[PERMISSION_TABLE[declaration][0]]
          : undefined;
      const args: readonly GraphQLArgument[] = field.args;
      const document =
        `mutation Fuzz(${args.map((arg) => `$${arg.name}: ${variableType(arg.type)}`).join(', ') || ''}) { ${field.name}${args.length ? `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})` : ''} { __typename } }`
          .replace('Fuzz()', 'Fuzz')
          .replace(
            '{ __typename }',
            field.type.toString().replace(/[![\]]/g, '') === 'Boolean' ? '' : '{ __typename }',
          );
      const variables = fc.record(
        Object.fromEntries(args.map((arg) => [arg.name, arbitraryFor(arg.type)])),
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(variables, async (vars) => {
          const except = WRITES_ON_REFUSAL[field.name] ?? [];
          const before = await databaseFingerprint(t, except);
          const response = await t.client.request(document, vars, token);
          const where = `${field.name}(${JSON.stringify(vars).slice(0, 200)})`;
          if (response.status >= 500) problems.push(`${where}: HTTP ${response.status}`);
          if (LEAK.test(response.raw))
            problems.push(`${where}: leaks internals: ${response.raw.slice(0, 300)}`);
          for (const error of response.errors ?? []) {
            if (!API_CODES.includes(String(error.extensions?.code)))
              problems.push(`${where}: unexpected code ${String(error.extensions?.code)}`);
          }
          const refused = (response.errors?.length ?? 0) > 0 && !response.data?.[field.name];
          if (refused && (await databaseFingerprint(t, except)) !== before)
            problems.push(`${where}: refused but the database changed`);
        }),
        { numRuns: RUNS_PER_MUTATION, seed: Number(process.env.FUZZ_SEED ?? 20261126) },
      );
    }
    expect(problems).toEqual([]);
    const health = await fetch(`${t.baseUrl}/health/ready`);
    expect(health.status).toBe(200);
  });
});
