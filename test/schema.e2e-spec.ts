import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { TestApp, createTestApp } from './support/test-app';

const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

// The committed schema.graphql is the API's contract: any change to it shows up in review.
// Regenerate with `UPDATE_SCHEMA=1 npm test -- test/schema.e2e-spec.ts`.
describe('schema.graphql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('matches the schema the code builds', () => {
    const printed = `${printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema))}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, printed);
    const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(committed).toBe(printed);
  });
});
