import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { withDatabase } from '@council/testing';
import { MIGRATIONS } from '../migrations';
import { runMigrations } from '../apps/api/src/database/migrate';

// Found by review: instances starting together on a database with migrations pending deadlocked,
// and all but one stopped ("deadlock detected"): the others waited in pg_advisory_lock, a
// transaction that the holder's CREATE INDEX CONCURRENTLY waits for. PostgreSQL only (the embedded
// engine is opened by one process).
(process.env.DATABASE_URL ? describe : describe.skip)(
  'migrations run by instances starting together (e2e)',
  () => {
    const serverUrl = process.env.DATABASE_URL!;
    const database = `council_migrate_${Date.now().toString(36)}_${process.pid}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    beforeAll(() => admin(`CREATE DATABASE "${database}"`));
    afterAll(() => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

    it('apply every migration once, and every instance starts', async () => {
      const settings = {
        url: withDatabase(serverUrl, database),
        poolSize: 1,
        connectTimeoutMs: 10_000,
        statementTimeoutMs: 60_000,
        lockTimeoutMs: 10_000,
        idleInTransactionTimeoutMs: 60_000,
      };
      const said = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
      const outcomes = await Promise.allSettled([1, 2, 3].map(() => runMigrations(settings)));
      const lines = said.mock.calls.map(([message]) => String(message));
      said.mockRestore();
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      const applied = outcomes
        .map((outcome) => (outcome as PromiseFulfilledResult<string[]>).value)
        .sort((a, b) => b.length - a.length);
      expect(applied[0]).toHaveLength(MIGRATIONS.length);
      expect(applied.slice(1)).toEqual([[], []]);
      // Each says what it did; those that waited, that they did (found by review: silence).
      expect(lines.filter((line) => line.startsWith('Migrations applied: '))).toEqual([
        `Migrations applied: ${applied[0].join(', ')}`,
      ]);
      expect(lines.filter((line) => line.startsWith('Database schema up to date'))).toHaveLength(2);
      expect(
        lines.filter((line) => line.startsWith("Waiting for another instance's start-up")).length,
      ).toBeGreaterThanOrEqual(1);
    }, 120_000);
  },
);
