import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess } from './support/api-process';
import { auditVerify, runCommand } from './support/audit-verify';
import { FaultDatabase, createFaultDatabase, queryRows } from './support/fault-database';

// RL-11: the audit chain survives pg_dump and a restore into a fresh database.
const CREATE =
  'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
const NAMES = [
  'Кластер «Север»',
  'Cluster "Quotes" & <Tags>',
  'Émoji 🗳️ cluster',
  'Ninety-nine 99.0',
];

interface Head {
  entries: string;
  head: string;
  members: string;
}

const headOf = (url: string) =>
  queryRows<Head & Record<string, unknown>>(
    url,
    `SELECT (SELECT count(*) FROM audit_entry) AS entries,
            (SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1) AS head,
            (SELECT count(*) FROM member) AS members`,
  ).then((rows) => rows[0]);

describe('fault: pg_dump, restore into a fresh database, verify the audit chain', () => {
  let source: FaultDatabase | undefined;
  let restored: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let restoredApi: ApiProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'council-faults-dump-'));

  afterAll(async () => {
    await api?.kill();
    await restoredApi?.kill();
    await source?.drop();
    await restored?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('verifies the restored chain entry by entry, and still detects tampering there', async () => {
    source = await createFaultDatabase('dump_source');
    api = await ApiProcess.start({ databaseUrl: source.url });
    const token = await api.login();
    for (const name of NAMES) {
      const outcome = await api.graphql(
        CREATE,
        { input: { name, shortName: name.slice(0, 20) } },
        { token },
      );
      expect(outcome.kind).toBe('ok');
    }
    // A refused log-in is audited too (with its own summary shape).
    expect(
      (
        await api.graphql(
          'mutation { login(input: { email: "member1@council.example", password: "wrong-password-1" }) { accessToken } }',
        )
      ).kind,
    ).toBe('graphql-error');

    // Dumped while the API is running, as a nightly backup would be.
    const dumpFile = join(workDir, 'council.dump');
    const dump = await runCommand('pg_dump', [
      '--format=custom',
      `--file=${dumpFile}`,
      `--dbname=${source.url}`,
    ]);
    expect(dump).toMatchObject({ code: 0, stderr: '' });
    const expected = await headOf(source.url);
    await api.stop();

    restored = await createFaultDatabase('dump_restored');
    const restore = await runCommand('pg_restore', [
      '--exit-on-error',
      '--no-owner',
      `--dbname=${restored.url}`,
      dumpFile,
    ]);
    expect(restore).toMatchObject({ code: 0, stderr: '' });
    expect(await headOf(restored.url)).toEqual(expected);
    expect(Number(expected.entries)).toBeGreaterThanOrEqual(NAMES.length + 3);

    const [original, copy] = [await auditVerify(source.url), await auditVerify(restored.url)];
    expect(original).toMatchObject({ code: 0 });
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(
      new RegExp(
        `^audit chain intact: ${expected.entries} entries verified( in \\d+ ms)?; head #${expected.entries} [0-9a-f]{64}\\n$`,
      ),
    );
    // The same last entry: nothing was cut from the end either.
    expect(copy.stdout.split(' head ')[1]).toBe(original.stdout.split(' head ')[1]);

    // The restored database is a working portal: same members, the same log-ins.
    restoredApi = await ApiProcess.start({ databaseUrl: restored.url });
    const restoredToken = await restoredApi.login();
    const members = await restoredApi.graphql(
      '{ members(first: 0) { totalCount } }',
      {},
      { token: restoredToken },
    );
    expect(members.data?.members.totalCount).toBe(Number(expected.members));
    await restoredApi.stop();

    // The append-only guard survived the restore; a database owner can still switch it off and
    // edit an entry, and the verifier is not fooled by that on the copy either.
    const [{ seq }] = await queryRows<{ seq: string }>(
      restored.url,
      `SELECT min(seq) AS seq FROM audit_entry WHERE action = 'accounts.organization_created'`,
    );
    const edit = `UPDATE audit_entry SET summary = summary || '{"name": "Edited after restore"}' WHERE seq = ${Number(seq)}`;
    await expect(queryRows(restored.url, edit)).rejects.toThrow('audit_entry is append-only');
    await queryRows(
      restored.url,
      `BEGIN;
       ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update_or_delete;
       ${edit};
       ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update_or_delete;
       COMMIT;`,
    );
    const tampered = await auditVerify(restored.url);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`audit chain BROKEN at entry #${seq}: HASH_MISMATCH`);
  });
});
