import { QueryRunner } from 'typeorm';

// An index on a table the running instances write to while a deploy runs (log-ins, members, the
// audit log): built CONCURRENTLY, so that they do not wait for the build, which is why the
// migration that calls this runs outside a transaction (`transaction = false`). A build interrupted
// earlier leaves an invalid index behind, which is dropped and built again.
// Migrations that have shipped call it: a change here changes them all. Frozen; a new behaviour
// is a new function.
export async function buildIndexConcurrently(
  queryRunner: QueryRunner,
  name: string,
  definition: string,
): Promise<void> {
  const [index] = (await queryRunner.query(
    `SELECT i.indisvalid AS valid FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
      WHERE c.relname = $1`,
    [name],
  )) as Array<{ valid: boolean }>;
  if (index && !index.valid) await queryRunner.query(`DROP INDEX CONCURRENTLY ${name}`);
  await queryRunner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ${definition}`);
}
