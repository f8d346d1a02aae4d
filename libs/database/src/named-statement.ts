import type { EntityManager } from 'typeorm';

// A statement PostgreSQL parses and plans once per connection and then only executes: for the few
// that run on (nearly) every request, whose parsing and planning cost PostgreSQL more than running
// them (the session check, a ballot, the rows of an agenda page). pg prepares it under this name on
// each connection the first time it runs there.
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, string>();

// Names are per connection and for the process's lifetime: one text per name.
export function namedStatement(name: string, text: string): NamedStatement {
  const existing = declared.get(name);
  if (existing !== undefined && existing !== text) {
    throw new Error(`Two different statements are named ${name}`);
  }
  declared.set(name, text);
  return Object.freeze({ name, text });
}

// Through TypeORM (a transaction's manager or the data source), so the statement is counted and
// logged like any other: TypeORM hands the query as it is to pg's Client#query, which takes a
// query config with a name.
export function runNamed<T>(
  runner: Pick<EntityManager, 'query'>,
  statement: NamedStatement,
  values: readonly unknown[],
): Promise<T[]> {
  return runner.query({ name: statement.name, text: statement.text, values } as unknown as string);
}
