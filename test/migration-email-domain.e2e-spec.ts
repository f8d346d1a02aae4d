import { TEST_PASSWORD } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { member { id email } }
}`;

// Found by upgrading a database that release f61dcde filled: before an e-mail's punycode domain
// was read in its own script, an address was stored as typed, "puny@xn--e1afmkfd.xn--p1ai" among
// them. Every address is now looked up in the Unicode form ("puny@пример.рф"), so the member
// stored in the ASCII form could no longer log in (whichever form they typed), and an invitation
// to the same mailbox made a second account beside theirs. The upgrade turns the stored addresses
// into the form they are looked up in, and stops, naming them, where one mailbox holds two accounts.
describe('migration: e-mail domains stored in their ASCII form (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const OLD_RELEASE_LAST = 'LoginAttemptPending1764600000000';
  const lastMigration = async () =>
    (await t.dataSource.query(`SELECT name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`))[0]
      .name as string;
  const downToOldRelease = async () => {
    while ((await lastMigration()) !== OLD_RELEASE_LAST) {
      await t.dataSource.undoLastMigration({ transaction: 'each' });
    }
  };
  const upToHead = () => t.dataSource.runMigrations({ transaction: 'each' });

  it('lets a member stored with a punycode domain log in after the upgrade, in either form', async () => {
    await downToOldRelease();
    // As the old release stored an address typed in the ASCII form.
    const member = await t.factory.member({ email: 'puny@xn--e1afmkfd.xn--p1ai' });
    const other = await t.factory.member({ email: 'plain@council.test' });
    await upToHead();

    const stored = await t.dataSource.query(`SELECT id, email FROM member WHERE id = ANY($1)`, [
      [member.id, other.id],
    ]);
    expect(
      Object.fromEntries(stored.map((row: { id: string; email: string }) => [row.id, row.email])),
    ).toEqual({
      [member.id]: 'puny@пример.рф',
      [other.id]: 'plain@council.test',
    });
    for (const email of ['puny@xn--e1afmkfd.xn--p1ai', 'puny@пример.рф']) {
      const response = await t.client.request(LOGIN, { email, password: TEST_PASSWORD });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({
        login: { member: { id: member.id, email: 'puny@пример.рф' } },
      });
    }
  });

  it('stops, naming both accounts, where one mailbox holds two, and changes nothing', async () => {
    await downToOldRelease();
    const ascii = await t.factory.member({ email: 'twin@xn--e1afmkfd.xn--p1ai' });
    const unicode = await t.factory.member({ email: 'twin@пример.рф' });
    await expect(upToHead()).rejects.toThrow(
      /twin@пример\.рф.*twin@xn--e1afmkfd\.xn--p1ai|twin@xn--e1afmkfd\.xn--p1ai.*twin@пример\.рф/,
    );
    const stored = await t.dataSource.query(
      `SELECT email FROM member WHERE id = ANY($1) ORDER BY email`,
      [[ascii.id, unicode.id]],
    );
    expect(stored.map((row: { email: string }) => row.email)).toEqual([
      'twin@xn--e1afmkfd.xn--p1ai',
      'twin@пример.рф',
    ]);
    await t.dataSource.query(`UPDATE member SET email = 'twin2@council.test' WHERE id = $1`, [
      ascii.id,
    ]);
    await upToHead();
    expect(await lastMigration()).not.toBe(OLD_RELEASE_LAST);
  });
});
