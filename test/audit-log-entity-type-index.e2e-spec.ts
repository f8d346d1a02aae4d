import { QueryCounter } from '@council/database';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const LOG = `query($entityType: String) { auditLog(first: 100, entityType: $entityType) {
  totalCount edges { node { seq entityType } } } }`;

// Found by review: auditLog(entityType) had no index (entityId, actorId, action and from/to do,
// migration AuditLogFilters). Its count read the whole log on every page, and a page of a rare
// type (organisations, terms) walked the log backwards from its newest entry to its oldest.
describe('auditLog(entityType) on a log of some size (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;

  beforeAll(async () => {
    t = await createTestApp();
    leaders = await t.factory.leadership();
    // 20,000 entries, 20 of them about organisations (written by hand: only the plans matter).
    await t.dataSource.query(
      `INSERT INTO audit_entry (seq, occurred_at, actor_id, action, entity_type, entity_id, summary, prev_hash, hash)
       SELECT s.last + g, now(), NULL,
              CASE WHEN g % 1000 = 0 THEN 'accounts.organization_updated' ELSE 'accounts.login' END,
              CASE WHEN g % 1000 = 0 THEN 'organization' ELSE 'member' END,
              md5(g::text), '{}'::jsonb, repeat('0', 64), repeat('0', 64)
         FROM (SELECT coalesce(max(seq), 0) AS last FROM audit_entry) s, generate_series(1, 20000) g`,
    );
    await t.dataSource.query('ANALYZE audit_entry');
  });
  afterAll(() => t.close());

  it('counts and pages the entries of one type through an index, not by reading the log', async () => {
    QueryCounter.recordTexts();
    QueryCounter.reset();
    const data = await t.client.ok(LOG, { entityType: 'organization' }, leaders.admin.token);
    const statements = QueryCounter.texts.filter((text) => /\baudit_entry\b/.test(text));
    expect(data.auditLog.totalCount).toBe(20);
    expect(data.auditLog.edges).toHaveLength(20);
    // The count and the page: each takes the entity type as its only parameter.
    expect(statements).toHaveLength(2);
    for (const text of statements) {
      const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${text}`, [
        'organization',
      ]);
      const scans: string[] = [];
      const walk = (node: any) => {
        if (node['Relation Name'] === 'audit_entry') {
          scans.push(`${node['Node Type']} using ${node['Index Name']}`);
        }
        for (const child of node.Plans ?? []) walk(child);
      };
      walk(plan[0].Plan);
      // Through that index: a backward walk of the primary key is the very walk it spares.
      expect({ text, scans }).toEqual({
        text,
        scans: [expect.stringMatching(/^Index (Only )?Scan.* using ix_audit_entry_entity_type$/)],
      });
    }
  });
});
