import { defaults as pgDefaults } from 'pg';
import { QUERY_TIMEOUT_MARGIN_MS, buildDataSourceOptions } from './data-source-options';

const SETTINGS = {
  url: 'postgres://localhost/x',
  poolSize: 1,
  connectTimeoutMs: 1000,
  statementTimeoutMs: 1000,
  lockTimeoutMs: 1000,
  idleInTransactionTimeoutMs: 1000,
};

// Jest keeps a copy of process.env, so a test cannot move Node's time zone: these check the
// settings that make the server's zone irrelevant (see the comments in data-source-options.ts).
describe('buildDataSourceOptions: dates independent of the server and the database', () => {
  const options = buildDataSourceOptions(SETTINGS, [], []);
  const extra = options.extra as {
    options: string;
    types: { getTypeParser(oid: number, format?: string): (value: string) => unknown };
  };

  it('sends instants in UTC, not in the local time of the server with a whole-minute offset', () => {
    expect(pgDefaults.parseInputDatesAsUTC).toBe(true);
  });

  it('keeps a calendar date as the text PostgreSQL sent, and parses everything else as pg does', () => {
    expect(extra.types.getTypeParser(1082, 'text')('2011-12-30')).toBe('2011-12-30');
    // timestamptz (1184) and int8 (20) keep pg's own parsers
    expect(extra.types.getTypeParser(1184, 'text')('2027-01-01 09:30:05.25+00')).toEqual(
      new Date('2027-01-01T09:30:05.250Z'),
    );
    expect(extra.types.getTypeParser(20, 'text')('42')).toBe('42');
  });

  it('asks for UTC and the ISO DateStyle on every connection', () => {
    expect(extra.options).toBe('-c TimeZone=UTC -c DateStyle=ISO');
  });

  it('appends the same settings to options the address carries, which pg would read instead', () => {
    const withOwn = buildDataSourceOptions(
      {
        ...SETTINGS,
        url: 'postgres://localhost/x?options=-c%20search_path%3Dcouncil&sslmode=disable',
      },
      [],
      [],
    );
    const url = new URL(withOwn.url!);
    expect(url.searchParams.get('options')).toBe(
      '-c search_path=council -c TimeZone=UTC -c DateStyle=ISO',
    );
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(options.url).toBe(SETTINGS.url);
  });
});

// pg sets no timeouts by default: each setting must reach the pool and every connection.
describe('buildDataSourceOptions: pool and timeouts', () => {
  const options = buildDataSourceOptions(
    {
      url: 'postgres://localhost/x',
      poolSize: 7,
      connectTimeoutMs: 1100,
      statementTimeoutMs: 1200,
      lockTimeoutMs: 1300,
      idleInTransactionTimeoutMs: 1400,
    },
    [],
    [],
  );

  it('passes each setting to the pool and to every connection', () => {
    expect(options.poolSize).toBe(7);
    expect(options.connectTimeoutMS).toBe(1100);
    expect(options.extra).toMatchObject({
      connectionTimeoutMillis: 1100,
      statement_timeout: 1200,
      lock_timeout: 1300,
      idle_in_transaction_session_timeout: 1400,
    });
  });

  // The client's backstop must not fire before PostgreSQL's own timeout: a statement it cuts
  // short at COMMIT leaves the outcome unknown, where PostgreSQL's rolls back cleanly.
  it('waits for an answer longer than statement_timeout', () => {
    expect(options.extra.query_timeout).toBe(1200 + QUERY_TIMEOUT_MARGIN_MS);
    expect(QUERY_TIMEOUT_MARGIN_MS).toBeGreaterThan(0);
  });
});
