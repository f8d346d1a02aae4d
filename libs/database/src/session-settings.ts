import type { DataSource } from 'typeorm';
import type { DatabaseSettings } from './data-source-options';

// Every connection asks for its timeouts, TimeZone and DateStyle when it opens (start-up parameters,
// data-source-options.ts). A connection pooler between the portal and PostgreSQL may drop them:
// PgBouncer refuses start-up parameters it does not know unless `ignore_startup_parameters` lists
// them, and then ignores them (found by review: the portal ran with no server-side timeout, and on
// a database whose DateStyle was not ISO read every timestamp as null). The embedded engine ignores
// the timeouts by design (README, Reliability): only its TimeZone and DateStyle are checked.
const UTC = /^(Etc\/)?(UTC|UCT|Universal|Zulu)$/i;

// A setting that did not apply: what was found, what was asked for, the value for ALTER ROLE.
interface Mismatch {
  name: string;
  found: string;
  wanted: string;
  value: string;
}

interface Observed {
  zone: string;
  style: string;
  statement_timeout: string;
  lock_timeout: string;
  idle_in_transaction_session_timeout: string;
  role: string;
  embedded: boolean;
}

// Throws, naming each setting that did not apply and the ALTER ROLE statements that give it.
export async function assertSessionSettings(
  dataSource: DataSource,
  settings: DatabaseSettings,
): Promise<void> {
  const [row]: Observed[] = await dataSource.query(
    `SELECT current_setting('TimeZone') AS zone, current_setting('DateStyle') AS style,
            (SELECT setting FROM pg_settings WHERE name = 'statement_timeout') AS statement_timeout,
            (SELECT setting FROM pg_settings WHERE name = 'lock_timeout') AS lock_timeout,
            (SELECT setting FROM pg_settings
              WHERE name = 'idle_in_transaction_session_timeout') AS idle_in_transaction_session_timeout,
            quote_ident(current_user) AS role, version() LIKE '%PGlite%' AS embedded`,
  );
  const wrong: Mismatch[] = [];
  if (!UTC.test(row.zone)) {
    wrong.push({ name: 'TimeZone', found: row.zone, wanted: 'UTC', value: `'UTC'` });
  }
  if (!/^ISO\b/i.test(row.style)) {
    wrong.push({ name: 'DateStyle', found: row.style, wanted: 'ISO', value: `'ISO'` });
  }
  if (!row.embedded) {
    const timeouts: Array<[keyof Observed, number]> = [
      ['statement_timeout', settings.statementTimeoutMs],
      ['lock_timeout', settings.lockTimeoutMs],
      ['idle_in_transaction_session_timeout', settings.idleInTransactionTimeoutMs],
    ];
    for (const [name, wanted] of timeouts) {
      if (Number(row[name]) !== wanted) {
        wrong.push({
          name,
          found: `${String(row[name])} ms`,
          wanted: `${wanted} ms`,
          value: String(wanted),
        });
      }
    }
  }
  if (wrong.length > 0) throw new SessionSettingsError(wrong, row.role);
}

export class SessionSettingsError extends Error {
  constructor(wrong: Mismatch[], role: string) {
    const found = wrong
      .map((setting) => `${setting.name} is ${setting.found}, not ${setting.wanted}`)
      .join('; ');
    const remedy = wrong
      .map((setting) => `ALTER ROLE ${role} SET ${setting.name} = ${setting.value};`)
      .join(' ');
    super(
      `The database session settings the portal asks for when it connects did not apply (${found}). ` +
        `A connection pooler that ignores start-up parameters (PgBouncer's ignore_startup_parameters) drops them: ` +
        `give them to the portal's role (${remedy}) or to its database, ` +
        `see "Behind a connection pooler" in the README`,
    );
    this.name = 'SessionSettingsError';
  }
}

// Why the server refuses writes, or undefined when it accepts them: a hot standby (a replica, or the
// old primary after a switchover, reached through a stale DNS name or proxy), or a session whose
// default_transaction_read_only is on (a provider fencing a full volume, ALTER DATABASE/ROLE).
// pg ignores libpq's target_session_attrs, so nothing else keeps the portal off such a server.
export async function readOnlyReason(run: {
  query(sql: string): Promise<unknown>;
}): Promise<string | undefined> {
  const [row] = (await run.query(
    `SELECT pg_is_in_recovery() AS in_recovery, current_setting('transaction_read_only') AS read_only`,
  )) as Array<{ in_recovery: boolean; read_only: string }>;
  if (row.in_recovery) return 'it is a standby in recovery (pg_is_in_recovery() is true)';
  if (row.read_only === 'on')
    return 'its sessions are read-only (default_transaction_read_only is on)';
  return undefined;
}
