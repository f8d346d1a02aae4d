import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import { loadConfig } from '@council/config';
import { databaseSettingsFrom } from '@council/database';
import { acquireTestDatabase, queryOnce, withDatabase } from '@council/testing';
import { APPEND_ONLY_TABLES, grantAppRole } from '../apps/api/src/database/app-role';
import { createDataSource, prepareSchema } from '../apps/api/src/database/migrate';
import { main as grantAppRoleCommand } from '../apps/api/src/cli/grant-app-role';
import { MIGRATIONS } from '../migrations';
import { OPERATION_CATALOGUE, CatalogueContext } from './support/operation-catalogue';
import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// Walks every operation once: slow on a loaded machine.
jest.setTimeout(180_000);

// A deployment may run the portal as a database role that owns nothing (README, "A role that owns
// nothing"): the owner migrates, `db:grant-app-role` grants rows, the portal starts with
// MIGRATIONS_AT_START=check.
const serverUrl = process.env.DATABASE_URL;

// On both engines: the embedded one is PostgreSQL 18, where the role is granted MAINTAIN on the
// ballot tables; a PostgreSQL server before 17 leaves their VACUUM to the owner.
describe('the grants of a role that owns nothing', () => {
  it('apply on this server, and let the role vacuum the ballot tables from PostgreSQL 17 on', async () => {
    const database = await acquireTestDatabase();
    const role = `council_vacuum_${process.pid}_${Date.now().toString(36)}`;
    const dataSource = createDataSource({
      ...databaseSettingsFrom(loadConfig({ DATABASE_URL: database.url }), database.url),
      poolSize: 1,
    });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await dataSource.query(`CREATE ROLE "${role}"`);
      const grant = await grantAppRole(dataSource, role);
      const [{ version }] = await dataSource.query(
        `SELECT current_setting('server_version_num')::int AS version`,
      );
      expect(grant.canVacuum).toBe(version >= 170000);
      if (grant.canVacuum) {
        const [held] = await dataSource.query(
          `SELECT has_table_privilege($1, 'election_ballot', 'MAINTAIN') AS ballots,
                  has_table_privilege($1, 'election_tracking_code', 'MAINTAIN') AS codes`,
          [role],
        );
        expect(held).toEqual({ ballots: true, codes: true });
      }
      // The connection becomes the role, as if the portal had connected as it; PostgreSQL says
      // what VACUUM skipped in warnings, not errors.
      const connection = (await runner.connect()) as PoolClient;
      const warnings: string[] = [];
      connection.on('notice', (notice) => warnings.push(notice.message ?? ''));
      await runner.query(`SET ROLE "${role}"`);
      await runner.query('VACUUM election_ballot, election_tracking_code');
      expect(warnings).toHaveLength(grant.canVacuum ? 0 : 2);
      await expect(runner.query('UPDATE audit_entry SET action = action')).rejects.toThrow(
        /permission denied for table audit_entry/,
      );
      await runner.query('RESET ROLE');
    } finally {
      await runner.release();
      await dataSource.destroy();
      await database.release();
      // On a PostgreSQL server the role outlives the database its grants were in.
      if (!database.isEmbedded) await queryOnce(serverUrl!, `DROP ROLE IF EXISTS "${role}"`);
    }
  });
});

// The rest on a PostgreSQL server only: the portal connects as another user, which the embedded
// engine (one connection, served as its own superuser) does not do.
(serverUrl ? describe : describe.skip)(
  'the portal as a database role that owns nothing (e2e)',
  () => {
    const suffix = `${process.pid}_${Date.now().toString(36)}`;
    const role = `council_app_${suffix}`;
    const ungranted = `council_nogrant_${suffix}`;
    const password = randomBytes(18).toString('base64url');
    const asRole = (url: string, name = role) => {
      const parsed = new URL(url);
      parsed.username = name;
      parsed.password = password;
      return parsed.toString();
    };
    const settingsFor = (url: string) =>
      databaseSettingsFrom(loadConfig({ DATABASE_URL: url, NODE_ENV: 'test' }), url);
    const grant = async (ownerUrl: string) => {
      const dataSource = createDataSource({ ...settingsFor(ownerUrl), poolSize: 1 });
      await dataSource.initialize();
      try {
        return await grantAppRole(dataSource, role);
      } finally {
        await dataSource.destroy();
      }
    };

    beforeAll(async () => {
      for (const name of [role, ungranted]) {
        await queryOnce(serverUrl!, `CREATE ROLE "${name}" LOGIN PASSWORD '${password}'`);
      }
    });
    afterAll(async () => {
      // The grants lived in the test databases, dropped by now.
      for (const name of [role, ungranted])
        await queryOnce(serverUrl!, `DROP ROLE IF EXISTS "${name}"`);
    });

    describe('serving every operation', () => {
      let t: TestApp;
      let logged = '';
      let context: CatalogueContext;

      beforeAll(async () => {
        t = await createTestApp({
          env: { MIGRATIONS_AT_START: 'check', LOG_LEVEL: 'info' },
          logDestination: { write: (line: string) => void (logged += line) },
          appDatabaseUrl: async (database) => {
            await grant(database.url);
            const url = asRole(database.url);
            // What `npm start` does first with MIGRATIONS_AT_START=check: passes here.
            await prepareSchema(settingsFor(url), 'check');
            return url;
          },
        });
        const leaders = await t.factory.leadership();
        context = { t, leaders, organizationId: (await t.factory.organization()).id };
      });
      afterAll(() => t.close());

      it('connects as the role, which owns nothing and is no superuser', async () => {
        const [row] = await t.dataSource.query(
          `SELECT current_user AS name, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
                (SELECT count(*)::int FROM pg_class WHERE pg_has_role(current_user, relowner, 'USAGE')) AS owned`,
        );
        expect(row).toEqual({ name: role, superuser: false, owned: 0 });
      });

      it('answers each operation for a caller it allows, with no database error', async () => {
        const { leaders } = context;
        const callers = [
          leaders.secretary.token,
          leaders.chair.token,
          leaders.coChairRegional.token,
          leaders.admin.token,
          leaders.member.token,
          undefined,
        ];
        const failures: string[] = [];
        let succeeded = 0;
        for (const [operation, sample] of Object.entries(OPERATION_CATALOGUE)) {
          for (const token of callers) {
            const variables = sample.variables ? await sample.variables(context) : {};
            const response = await t.client.request(sample.document, variables, token);
            const error = response.errors?.[0]?.extensions;
            if (error?.code === 'FORBIDDEN' && error.reason === 'PERMISSION_DENIED') continue;
            if (error?.code === 'UNAUTHENTICATED' && token !== undefined) continue;
            if (!response.errors) succeeded += 1;
            if (error?.code === 'INTERNAL_SERVER_ERROR') {
              failures.push(`${operation}: ${response.raw.slice(0, 300)}`);
            }
            break;
          }
        }
        expect(failures).toEqual([]);
        // Most samples succeed for their caller (the rest are refusals on purpose, such as a wrong
        // password): the walk wrote to nearly every table.
        expect(succeeded).toBeGreaterThan(Object.keys(OPERATION_CATALOGUE).length * 0.6);
        // (The ballot tables' VACUUM is refused with a warning, logged as such: the next test.)
        const otherLines = logged.split('\n').filter((line) => !line.includes('VACUUM after'));
        expect(otherLines.join('\n')).not.toMatch(
          /permission denied|must be owner|"sqlState":"42501"/,
        );
      });

      it('logs in, refreshes, changes a password and logs out', async () => {
        const member = await t.factory.member();
        const login = await t.client.ok(
          `mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { accessToken refreshToken } }`,
          { email: member.email, password: TEST_PASSWORD },
        );
        const refreshed = await t.client.ok(
          `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }`,
          { token: login.login.refreshToken },
        );
        await t.client.ok(
          `mutation { changePassword(input: { currentPassword: "${TEST_PASSWORD}", newPassword: "another long passphrase" }) }`,
          {},
          refreshed.refreshSession.accessToken,
        );
        const again = await t.client.ok(
          `mutation($email: String!) { login(input: { email: $email, password: "another long passphrase" }) { accessToken refreshToken } }`,
          { email: member.email },
        );
        await t.client.ok(
          `mutation($token: String!) { logout(refreshToken: $token) }`,
          { token: again.login.refreshToken },
          again.login.accessToken,
        );
      });

      it('says so when it may not vacuum the ballot tables after a close', async () => {
        const [{ version }] = await t.dataSource.query(
          `SELECT current_setting('server_version_num')::int AS version`,
        );
        // The walk closed a vote (closeVoting) and cancelled one (cancelElection).
        if (version >= 170000) {
          expect(logged).not.toMatch(/VACUUM after/);
        } else {
          expect(logged).toMatch(
            /VACUUM after the close skipped tables \(skipping \\"election_ballot\\".*autovacuum/,
          );
        }
      });

      it('leaves the ballot tables to autovacuum as soon as a row is dead', async () => {
        const rows = await t.dataSource.query(
          `SELECT relname AS name, reloptions AS options FROM pg_class
          WHERE relname IN ('election_ballot', 'election_tracking_code') ORDER BY relname`,
        );
        const prompt = ['autovacuum_vacuum_threshold=0', 'autovacuum_vacuum_scale_factor=0'];
        expect(rows).toEqual([
          { name: 'election_ballot', options: prompt },
          { name: 'election_tracking_code', options: prompt },
        ]);
      });

      it('may not rewrite the records, nor change the schema', async () => {
        const attempts: Array<[string, RegExp]> = [
          [`UPDATE audit_entry SET action = action`, /permission denied for table audit_entry/],
          [`DELETE FROM audit_entry`, /permission denied for table audit_entry/],
          [`TRUNCATE audit_entry`, /permission denied for table audit_entry/],
          [
            `UPDATE minutes_version SET version = version`,
            /permission denied for table minutes_version/,
          ],
          [`DELETE FROM minutes_approval`, /permission denied for table minutes_approval/],
          [`ALTER TABLE audit_entry DISABLE TRIGGER ALL`, /must be owner of table audit_entry/],
          [`DROP TABLE member`, /must be owner of table member/],
          [
            `INSERT INTO typeorm_migrations (timestamp, name) VALUES (1, 'x')`,
            /permission denied for table typeorm_migrations/,
          ],
          [`DELETE FROM typeorm_migrations`, /permission denied for table typeorm_migrations/],
        ];
        const outcomes: string[] = [];
        for (const [sql, expected] of attempts) {
          const message = await t.dataSource.query(sql).then(
            () => 'succeeded',
            (error: Error) => error.message,
          );
          if (!expected.test(message)) outcomes.push(`${sql}: ${message}`);
        }
        expect(outcomes).toEqual([]);
      });
    });

    it('names the append-only tables that the migrated schema protects with triggers', async () => {
      const database = await acquireTestDatabase();
      try {
        // tgtype: 8 = DELETE; the trigger's function refuses by raising.
        const rows = await queryOnce(
          database.url,
          `SELECT DISTINCT c.relname AS name FROM pg_trigger t
           JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
          WHERE NOT t.tgisinternal AND t.tgtype & 8 <> 0 AND p.prosrc ~ 'RAISE EXCEPTION'
          ORDER BY 1`,
        );
        expect(rows.map((row) => row.name)).toEqual([...APPEND_ONLY_TABLES].sort());
      } finally {
        await database.release();
      }
    });

    it('refuses to start with MIGRATIONS_AT_START=check while grants are missing, naming them', async () => {
      const database = await acquireTestDatabase();
      try {
        await expect(
          prepareSchema(settingsFor(asRole(database.url, ungranted)), 'check'),
        ).rejects.toThrow(
          /^MIGRATIONS_AT_START=check: the database role lacks SELECT on action_item, INSERT on action_item, .* and \d+ more; run npm run db:grant-app-role as the schema's owner first$/,
        );
      } finally {
        await database.release();
      }
    });

    it('refuses to start with MIGRATIONS_AT_START=check while a migration is pending, and applies none', async () => {
      const database = await acquireTestDatabase();
      try {
        const dataSource = createDataSource({ ...settingsFor(database.url), poolSize: 1 });
        await dataSource.initialize();
        try {
          await dataSource.undoLastMigration({ transaction: 'each' });
        } finally {
          await dataSource.destroy();
        }
        const applied = async () =>
          (await queryOnce(database.url, 'SELECT name FROM typeorm_migrations ORDER BY id')).map(
            (row) => row.name as string,
          );
        const before = await applied();
        const undone = MIGRATIONS.map((migration) => migration.name).find(
          (name) => !before.includes(name),
        );
        expect(undone).toBe(MIGRATIONS[MIGRATIONS.length - 1].name);
        await expect(prepareSchema(settingsFor(database.url), 'check')).rejects.toThrow(
          `MIGRATIONS_AT_START=check: 1 migration(s) not applied (${undone}); run npm run migration:run as the schema's owner first`,
        );
        expect(await applied()).toEqual(before);
      } finally {
        await database.release();
      }
    });

    // The owner migrated to a newer release, then the portal's code was rolled back: the check
    // said "up to date".
    it('refuses to start with MIGRATIONS_AT_START=check when the database holds a migration the code does not know', async () => {
      const database = await acquireTestDatabase();
      try {
        await queryOnce(
          database.url,
          `INSERT INTO typeorm_migrations (timestamp, name) VALUES (1999999999999, 'FromANewerRelease1999999999999')`,
        );
        await expect(prepareSchema(settingsFor(database.url), 'check')).rejects.toThrow(
          /^MIGRATIONS_AT_START=check: .*FromANewerRelease1999999999999/,
        );
      } finally {
        await database.release();
      }
    });

    it('names the search_path when no schema of it can be used, not "schema null"', async () => {
      const database = await acquireTestDatabase();
      try {
        const url = new URL(database.url);
        url.searchParams.set('options', '-c search_path=rr_no_such_schema');
        const message = await prepareSchema(settingsFor(url.toString()), 'check').then(
          () => 'started',
          (error: Error) => error.message,
        );
        expect(message).not.toMatch(/schema null/);
        expect(message).toMatch(/rr_no_such_schema/);
      } finally {
        await database.release();
      }
    });

    describe('db:grant-app-role', () => {
      const run = async (url: string, args: string[]) => {
        const saved = process.env.DATABASE_URL;
        let printed = '';
        const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
          printed += String(chunk);
          return true;
        });
        const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
        process.env.DATABASE_URL = url;
        try {
          return { code: await grantAppRoleCommand(args), printed };
        } finally {
          stdout.mockRestore();
          stderr.mockRestore();
          process.env.DATABASE_URL = saved;
        }
      };

      it('grants, and may be run again', async () => {
        const database = await acquireTestDatabase();
        try {
          for (let round = 0; round < 2; round += 1) {
            const { code, printed } = await run(database.url, ['--role', role]);
            expect(code).toBe(0);
            expect(printed).toContain(`Granted to "${role}":`);
            expect(printed).toContain(`REVOKE UPDATE, DELETE, TRUNCATE ON "public"."audit_entry"`);
            expect(printed).toContain('MIGRATIONS_AT_START=check');
          }
          await expect(
            prepareSchema(settingsFor(asRole(database.url)), 'check'),
          ).resolves.toBeUndefined();
        } finally {
          await database.release();
        }
      });

      it('refuses an unknown role, the owner itself, and a database not migrated, granting nothing', async () => {
        const database = await acquireTestDatabase();
        const empty = `council_empty_${suffix}`;
        await queryOnce(serverUrl!, `CREATE DATABASE "${empty}"`);
        try {
          const [{ me }] = await queryOnce(database.url, 'SELECT current_user AS me');
          await expect(run(database.url, ['--role', `no_such_role_${suffix}`])).rejects.toThrow(
            /^no role "no_such_role_.*" on this server: create it first/,
          );
          await expect(run(database.url, ['--role', me])).rejects.toThrow(
            /it may do everything already; give the portal a role that owns nothing$/,
          );
          await expect(run(withDatabase(serverUrl!, empty), ['--role', role])).rejects.toThrow(
            /holds no migrated portal: run npm run migration:run first$/,
          );
          const granted = await queryOnce(
            database.url,
            `SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = $1`,
            [role],
          );
          expect(granted[0].n).toBe(0);
          expect((await run(database.url, [])).code).toBe(2);
        } finally {
          await database.release();
          await queryOnce(serverUrl!, `DROP DATABASE IF EXISTS "${empty}" WITH (FORCE)`);
        }
      });

      it('warns when every role may create objects in the schema, as before PostgreSQL 15', async () => {
        const database = await acquireTestDatabase();
        try {
          expect((await run(database.url, ['--role', role])).printed).not.toContain('Warning');
          await queryOnce(database.url, 'GRANT CREATE ON SCHEMA public TO PUBLIC');
          const { code, printed } = await run(database.url, ['--role', role]);
          expect(code).toBe(0);
          expect(printed).toContain(
            `Warning: "${role}" may still create objects in the schema (CREATE granted to PUBLIC, PostgreSQL's default before 15); as the schema's owner: REVOKE CREATE ON SCHEMA "public" FROM PUBLIC`,
          );
        } finally {
          await database.release();
        }
      });

      // Default privileges follow one creator: the role that ran the migrations, named even when
      // a superuser runs the command.
      it("gives the default privileges on what the migrations' owner creates next", async () => {
        const database = await acquireTestDatabase();
        try {
          await run(database.url, ['--role', role]);
          const [owner] = await queryOnce(
            database.url,
            `SELECT pg_get_userbyid(relowner) AS name FROM pg_class WHERE relname = 'typeorm_migrations'`,
          );
          const defaults = await queryOnce(
            database.url,
            `SELECT pg_get_userbyid(defaclrole) AS creator, defaclobjtype AS kind
               FROM pg_default_acl WHERE array_to_string(defaclacl, ',') LIKE $1 ORDER BY 2`,
            [`%${role}=%`],
          );
          expect(defaults).toEqual([
            { creator: owner.name, kind: 'S' },
            { creator: owner.name, kind: 'r' },
          ]);
          // A table the next migration adds is the role's to use at once.
          await queryOnce(database.url, 'CREATE TABLE next_release_table (id int)');
          const [held] = await queryOnce(
            database.url,
            `SELECT has_table_privilege($1, 'next_release_table', 'INSERT') AS insert`,
            [role],
          );
          expect(held.insert).toBe(true);
        } finally {
          await database.release();
        }
      });

      // A role that can become an owner, or can drop the tables, gains nothing from the grants
      // either: a NOINHERIT member of the owner (SET ROLE), the database's owner (on PostgreSQL 15
      // it owns schema public and may DROP any table in it), a CREATEROLE role before
      // PostgreSQL 16 (it may grant itself the owner's role).
      it('refuses a role that may become an owner or drop the tables, granting nothing', async () => {
        const database = await acquireTestDatabase();
        const noinherit = `rr_noinherit_${suffix}`;
        const dbOwner = `rr_dbowner_${suffix}`;
        const creator = `rr_creator_${suffix}`;
        try {
          const [{ me, db, version }] = await queryOnce(
            database.url,
            `SELECT current_user AS me, current_database() AS db,
                    current_setting('server_version_num')::int AS version`,
          );
          await queryOnce(serverUrl!, `CREATE ROLE "${noinherit}" LOGIN NOINHERIT`);
          await queryOnce(serverUrl!, `GRANT "${me}" TO "${noinherit}"`);
          await queryOnce(serverUrl!, `CREATE ROLE "${dbOwner}" LOGIN`);
          await queryOnce(serverUrl!, `CREATE ROLE "${creator}" LOGIN CREATEROLE`);
          await queryOnce(serverUrl!, `ALTER DATABASE "${db}" OWNER TO "${dbOwner}"`);
          const refused = [noinherit, dbOwner, ...(version < 160000 ? [creator] : [])];
          const outcomes: string[] = [];
          for (const name of refused) {
            const outcome = await run(database.url, ['--role', name]).then(
              () => 'granted',
              (error: Error) => error.message,
            );
            if (!/give the portal a role that owns nothing$/.test(outcome)) {
              outcomes.push(`${name}: ${outcome}`);
            }
          }
          expect(outcomes).toEqual([]);
        } finally {
          await database.release();
          for (const name of [noinherit, dbOwner, creator]) {
            await queryOnce(serverUrl!, `DROP ROLE IF EXISTS "${name}"`);
          }
        }
      });

      // PostgreSQL only warns ("no privileges were granted") when the connected role holds some
      // privilege on a table without the right to grant it, e.g. a member of pg_read_all_data.
      it('refuses to run as a role that does not own the tables, rather than print grants it did not give', async () => {
        const database = await acquireTestDatabase();
        const reader = `rr_reader_${suffix}`;
        try {
          await queryOnce(serverUrl!, `CREATE ROLE "${reader}" LOGIN PASSWORD '${password}'`);
          await queryOnce(serverUrl!, `GRANT pg_read_all_data TO "${reader}"`);
          await expect(run(asRole(database.url, reader), ['--role', role])).rejects.toThrow(
            /run it as the schema's owner/,
          );
          const granted = await queryOnce(
            database.url,
            `SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = $1`,
            [role],
          );
          expect(granted[0].n).toBe(0);
        } finally {
          await database.release();
          await queryOnce(serverUrl!, `DROP ROLE IF EXISTS "${reader}"`);
        }
      });
    });
  },
);
