import { minutesVerify } from '../apps/api/src/cli/minutes-verify';
import { stagedMeeting } from './support/meetings-fixtures';
import type { Leadership } from './support/test-factory';
import { TestApp, createTestApp } from './support/test-app';

// `npm run minutes:verify`: what MinutesReader.verify checks for one meeting (the seals, the links
// between versions, the approvals' bound hashes), for every meeting's minutes at once, as an
// operator runs audit:verify.
describe('minutes:verify (e2e)', () => {
  let t: TestApp;
  let leaders: Leadership;
  const meetings: Record<'approved' | 'alsoApproved' | 'draft', string> = {
    approved: '',
    alsoApproved: '',
    draft: '',
  };

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2027-02-01T09:00:00Z');
    leaders = await t.factory.leadership();
    const ids = { secretaryId: leaders.secretary.member.id, chairId: leaders.chair.member.id };
    const assignee = leaders.member.member.id;
    meetings.approved = (await stagedMeeting(t, ids, 'MINUTES_APPROVED', assignee)).meetingId;
    meetings.alsoApproved = (await stagedMeeting(t, ids, 'MINUTES_APPROVED', assignee)).meetingId;
    meetings.draft = (await stagedMeeting(t, ids, 'MINUTES_DRAFT', assignee)).meetingId;
  });
  afterAll(() => t.close());

  const verify = () => minutesVerify((sql, parameters) => t.dataSource.query(sql, parameters));

  // Behind the application's back, as a superuser could: the tables refuse updates otherwise.
  const tamper = (
    table: 'minutes_version' | 'minutes_approval',
    update: string,
    parameters: unknown[],
  ) =>
    t.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER tr_${table}_append_only`);
      await manager.query(update, parameters);
      await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER tr_${table}_append_only`);
    });

  it('finds the minutes intact, drafts and approvals counted', async () => {
    expect(await verify()).toEqual({
      exitCode: 0,
      message: expect.stringMatching(
        /^minutes intact: 3 minutes, 3 versions, 2 approvals verified in \d+ ms$/,
      ),
    });
  });

  it('names the meeting and version of a text rewritten, then of an approval bound to another seal', async () => {
    const rewrite = (text: string) =>
      tamper(
        'minutes_version',
        `UPDATE minutes_version v SET body = jsonb_set(body, '{items,0,discussion}', to_jsonb($2::text))
           FROM minutes m WHERE m.id = v.minutes_id AND m.meeting_id = $1`,
        [meetings.approved, text],
      );
    await rewrite('Подменённый текст');
    const rewritten = await verify();
    expect(rewritten.exitCode).toBe(1);
    expect(rewritten.message.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^minutes of meeting ${meetings.approved} BROKEN at version 1: HASH_MISMATCH \\(expected [0-9a-f]{64}, found [0-9a-f]{64}\\)$`,
        ),
      ),
      '1 of 3 minutes, 3 versions, 2 approvals broken',
    ]);
    // Put back, the text verifies again: the change alone made the difference.
    await rewrite('Обсуждение');
    expect((await verify()).exitCode).toBe(0);

    await tamper(
      'minutes_approval',
      `UPDATE minutes_approval a SET content_hash = repeat('0', 64)
         FROM minutes m WHERE m.id = a.minutes_id AND m.meeting_id = $1`,
      [meetings.alsoApproved],
    );
    const rebound = await verify();
    expect(rebound.exitCode).toBe(1);
    expect(rebound.message).toContain(
      `minutes of meeting ${meetings.alsoApproved} BROKEN at version 1: APPROVAL_HASH_MISMATCH (approved ${'0'.repeat(64)}, sealed `,
    );
    expect(rebound.message).not.toContain(meetings.approved);
  });
});
