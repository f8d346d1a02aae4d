import { TestApp, createTestApp } from './support/test-app';

interface PartialIndex {
  table: string;
  name: string;
  columns: string[];
  where: string;
}

// `migration:check` compares an index's columns, not the WHERE of a partial one (found by review:
// an entity declaring one predicate while the migrations built another went unnoticed). Each
// partial index an entity declares is built again here from the entity's own predicate, in a
// transaction that is rolled back, and PostgreSQL's rendering of the two predicates must agree.
describe('partial indexes: the migrations build the predicate each entity declares (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('has, for every partial index of the entities, the same predicate in the database', async () => {
    const declared: PartialIndex[] = t.dataSource.entityMetadatas.flatMap((entity) =>
      entity.indices
        .filter((index) => index.where)
        .map((index) => ({
          table: entity.tableName,
          name: index.name,
          columns: index.columns.map((column) => column.databaseName),
          where: index.where!,
        })),
    );
    expect(declared.map((index) => index.name).sort()).toEqual([
      'ix_action_item_due',
      'ix_audit_entry_actor_id',
      'ix_audit_entry_entity_id',
      'ix_audit_entry_entity_type',
      'uq_election_live_per_term',
      'uq_election_live_runoff',
      'uq_roster_single_founding',
    ]);
    const probe = (index: PartialIndex) => `probe_${index.name}`;
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      for (const index of declared) {
        await runner.query(
          `CREATE INDEX ${probe(index)} ON ${index.table} (${index.columns.join(', ')}) WHERE ${index.where}`,
        );
      }
      const rows: Array<{ name: string; predicate: string }> = await runner.query(
        `SELECT c.relname AS name, pg_get_expr(i.indpred, i.indrelid) AS predicate
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE c.relname = ANY($1)`,
        [declared.flatMap((index) => [index.name, probe(index)])],
      );
      const predicates = new Map(rows.map((row) => [row.name, row.predicate]));
      const built = declared.map((index) => [index.name, predicates.get(index.name)]);
      const wanted = declared.map((index) => [index.name, predicates.get(probe(index))]);
      expect(built).toEqual(wanted);
      for (const [, predicate] of built) expect(predicate).toEqual(expect.any(String));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
