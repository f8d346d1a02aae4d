import { escapeIdentifier } from 'pg';
import { DataSource } from 'typeorm';
import { VACUUMED_BALLOT_TABLES } from '@council/elections';

// A deployment may run the portal as a database role that owns nothing: the schema's owner runs
// the migrations (`npm run migration:run`), and the portal connects as a role that may read and
// write rows but not change the schema. Such a role cannot disable the triggers that keep the
// records append-only, and is not granted UPDATE, DELETE or TRUNCATE on those tables at all.

// Tables whose rows are written once: a trigger refuses UPDATE, DELETE and TRUNCATE on each
// (test/app-role.e2e-spec.ts checks this list against the triggers of the migrated schema).
export const APPEND_ONLY_TABLES = [
  'audit_entry',
  'minutes_version',
  'minutes_approval',
  'minutes_return',
] as const;

// VACUUM of the ballot tables after a close needs the table's owner, or MAINTAIN from PostgreSQL 17.
const MAINTAIN_SINCE_VERSION = 170000;

const MIGRATIONS_TABLE = 'typeorm_migrations';
const ROW_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;

// What the portal's role needs on each table of the schema, for the start-up check.
function privilegesNeeded(table: string): readonly string[] {
  if (table === MIGRATIONS_TABLE) return ['SELECT'];
  if ((APPEND_ONLY_TABLES as readonly string[]).includes(table)) return ['SELECT', 'INSERT'];
  return ROW_PRIVILEGES;
}

const IN_CURRENT_SCHEMA = `relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())`;

// The privileges the connected role lacks, as "INSERT on audit_entry" (none: an empty list).
export async function missingPrivileges(dataSource: DataSource): Promise<string[]> {
  // current_schema() skips the schemas of the search_path that do not exist or that the role may
  // not use: none left is a null schema.
  const [schema]: Array<{ usage: boolean | null; name: string | null; path: string }> =
    await dataSource.query(
      `SELECT has_schema_privilege(current_schema(), 'USAGE') AS usage, current_schema() AS name,
              current_setting('search_path') AS path`,
    );
  if (schema.name === null) {
    return [`USAGE on a schema of its search_path (${schema.path}: none exists or may be used)`];
  }
  if (!schema.usage) return [`USAGE on schema ${schema.name}`];
  const tables: Array<{ name: string; privilege: string; held: boolean }> = await dataSource.query(
    `SELECT c.relname AS name, p.privilege, has_table_privilege(c.oid, p.privilege) AS held
       FROM pg_class c CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS p(privilege, ord)
      WHERE c.${IN_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p')
      ORDER BY c.relname, p.ord`,
    [ROW_PRIVILEGES],
  );
  const sequences: Array<{ name: string; held: boolean }> = await dataSource.query(
    `SELECT c.relname AS name, has_sequence_privilege(c.oid, 'USAGE') AS held
       FROM pg_class c WHERE c.${IN_CURRENT_SCHEMA} AND c.relkind = 'S' AND c.relname <> $1
      ORDER BY c.relname`,
    [`${MIGRATIONS_TABLE}_id_seq`],
  );
  return [
    ...tables
      .filter((row) => !row.held && privilegesNeeded(row.name).includes(row.privilege))
      .map((row) => `${row.privilege} on ${row.name}`),
    ...sequences.filter((row) => !row.held).map((row) => `USAGE on sequence ${row.name}`),
  ];
}

export class AppRoleRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppRoleRefusal';
  }
}

// The statements that give `role` what the portal needs and no more, on the schema as it is now
// and (default privileges) on the tables and sequences the migrations' owner creates later.
export function appRoleGrantStatements(
  role: string,
  schema: string,
  serverVersion: number,
  migrator: string,
): string[] {
  const who = escapeIdentifier(role);
  // Default privileges apply to what one role creates: the one that ran the migrations so far,
  // even when a superuser runs this command.
  const creator = escapeIdentifier(migrator);
  const where = escapeIdentifier(schema);
  const tables = (names: readonly string[]) =>
    names.map((name) => `${where}.${escapeIdentifier(name)}`).join(', ');
  const statements = [
    `GRANT USAGE ON SCHEMA ${where} TO ${who}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${where} TO ${who}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${tables(APPEND_ONLY_TABLES)} FROM ${who}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${tables([MIGRATIONS_TABLE])} FROM ${who}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${where} TO ${who}`,
    `REVOKE USAGE ON ${where}.${escapeIdentifier(`${MIGRATIONS_TABLE}_id_seq`)} FROM ${who}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${creator} IN SCHEMA ${where} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${who}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${creator} IN SCHEMA ${where} GRANT USAGE ON SEQUENCES TO ${who}`,
  ];
  if (serverVersion >= MAINTAIN_SINCE_VERSION) {
    statements.push(`GRANT MAINTAIN ON ${tables(VACUUMED_BALLOT_TABLES)} TO ${who}`);
  }
  return statements;
}

export interface AppRoleGrant {
  statements: string[];
  // False before PostgreSQL 17: the role cannot VACUUM the ballot tables after a close.
  canVacuum: boolean;
  // The schema lets every role create objects in it (PUBLIC's CREATE on public, the default
  // before PostgreSQL 15): the portal's role could plant look-alike functions there.
  schemaOpenToCreate: boolean;
  schema: string;
}

// Run as the schema's owner, on a migrated database. Refuses a role that would gain nothing from
// the grants (a superuser, the owner itself) or does not exist; all or nothing.
export async function grantAppRole(dataSource: DataSource, role: string): Promise<AppRoleGrant> {
  return dataSource.transaction(async (manager) => {
    const [facts]: Array<{
      exists: boolean;
      superuser: boolean;
      is_owner: boolean;
      is_me: boolean;
      runner_owns: boolean;
      runner: string;
      schema: string;
      migrator: string;
      version: number;
      migrated: boolean;
    }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
              COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = $1), false) AS superuser,
              -- MEMBER, not USAGE: a NOINHERIT member may still SET ROLE to the owner. The
              -- schema's owner (on PostgreSQL 15 schema public's is the database's owner) may
              -- DROP its tables; before 16, CREATEROLE may grant itself any role but a superuser.
              (EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles grantee ON grantee.rolname = $1
                        WHERE c.${IN_CURRENT_SCHEMA}
                          AND pg_has_role(grantee.oid, c.relowner, 'MEMBER'))
               OR EXISTS (SELECT 1 FROM pg_namespace n JOIN pg_roles grantee ON grantee.rolname = $1
                           WHERE n.nspname = current_schema()
                             AND pg_has_role(grantee.oid, n.nspowner, 'MEMBER'))
               OR (current_setting('server_version_num')::int < 160000
                   AND COALESCE((SELECT rolcreaterole FROM pg_roles WHERE rolname = $1), false)))
                AS is_owner,
              $1 = current_user AS is_me,
              -- Whoever does not own the tables may still hold privileges on them: PostgreSQL
              -- then only warns that it granted or revoked nothing.
              NOT EXISTS (SELECT 1 FROM pg_class c
                           WHERE c.${IN_CURRENT_SCHEMA} AND c.relkind IN ('r', 'p', 'S')
                             AND NOT pg_has_role(current_user, c.relowner, 'USAGE')) AS runner_owns,
              current_user AS runner,
              current_schema() AS schema,
              (SELECT pg_get_userbyid(c.relowner) FROM pg_class c
                WHERE c.${IN_CURRENT_SCHEMA} AND c.relname = $2) AS migrator,
              current_setting('server_version_num')::int AS version,
              to_regclass(format('%I.%I', current_schema(), $2::text)) IS NOT NULL AS migrated`,
      [role, MIGRATIONS_TABLE],
    );
    if (!facts.exists) {
      throw new AppRoleRefusal(
        `no role "${role}" on this server: create it first (CREATE ROLE ${escapeIdentifier(role)} LOGIN PASSWORD '…')`,
      );
    }
    if (!facts.migrated) {
      throw new AppRoleRefusal(
        `the schema ${facts.schema} holds no migrated portal: run npm run migration:run first`,
      );
    }
    if (!facts.runner_owns) {
      throw new AppRoleRefusal(
        `"${facts.runner}" does not own the tables of the schema ${facts.schema}: run it as the schema's owner (the role that runs the migrations)`,
      );
    }
    if (facts.is_me || facts.superuser || facts.is_owner) {
      throw new AppRoleRefusal(
        `"${role}" ${facts.superuser ? 'is a superuser' : "owns, or may become the owner of, the schema or its tables (a member of an owner, the database's owner, CREATEROLE before PostgreSQL 16)"}: it may do everything already; give the portal a role that owns nothing`,
      );
    }
    const statements = appRoleGrantStatements(role, facts.schema, facts.version, facts.migrator);
    for (const statement of statements) await manager.query(statement);
    const [{ open }]: Array<{ open: boolean }> = await manager.query(
      `SELECT has_schema_privilege($1, current_schema(), 'CREATE') AS open`,
      [role],
    );
    return {
      statements,
      canVacuum: facts.version >= MAINTAIN_SINCE_VERSION,
      schemaOpenToCreate: open,
      schema: facts.schema,
    };
  });
}
