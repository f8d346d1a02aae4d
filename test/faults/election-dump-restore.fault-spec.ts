import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPROVE, BALLOT_BOX, CLOSE, RESULTS } from '../support/elections';
import { ApiProcess } from './support/api-process';
import { auditVerify, runCommand } from './support/audit-verify';
import {
  Mark,
  OpenElection,
  castBallot,
  contestsOf,
  countsOfResults,
  loginAll,
  ok,
  openElection,
  recount,
  sealedBox,
  sealsOf,
  sha256,
  storedCounts,
} from './support/elections';
import { FaultDatabase, createFaultDatabase, queryRows } from './support/fault-database';

// RL-11, the election: a vote is closed (tallied) and approved by one of the two co-chairs, the
// database is dumped while the API runs and restored into a fresh database. On the copy, from the
// rows alone: the audit chain verifies, a recount of the ballots gives the stored results, and the
// tally hash recomputed from the rows is the one sealed at the close and recorded by the approval
// (so are the digests of the register, the ballots and the codes). Then the API on the copy
// publishes the same ballot box, every voter finds their tracking code in it, and the second
// co-chair certifies there: refused (TALLY_CHANGED) while one result row is edited, accepted once
// it is put back.
const TERM = '2091-H1';
const ROSTER = `query($label: String!) { term(label: $label) { roster { position member { id } } } }`;
const DEMO = (name: string) => `${name}@council.example`;
const MEMBERS = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => DEMO(`member${n}`));
// Eleven of the thirteen demo members vote (the co-chairs, who approve, do not).
const VOTERS = [...MEMBERS, DEMO('chair'), DEMO('secretary'), DEMO('admin')];
// Per voter: chair (member1 | member2 | abstain), regional co-chair (member3 alone: Yes/No/
// Abstain), federal co-chair (member4 | member5 | abstain), secretary (member6 alone).
const CHAIR = [1, 1, 1, 1, 1, 1, 2, 2, 2, 0, 0];
const REGIONAL = [
  'YES',
  'YES',
  'YES',
  'YES',
  'YES',
  'YES',
  'YES',
  'NO',
  'NO',
  'ABSTAIN',
  'ABSTAIN',
];
const FEDERAL = [5, 4, 5, 4, 5, 4, 5, 4, 5, 0, 0];
const EXECUTIVE = ['YES', 'NO', 'YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'YES', 'ABSTAIN', 'NO'];

const canonical = (marks: readonly Mark[]) =>
  JSON.stringify(marks.map((m) => [m.contestId, [...m.candidateIds].sort(), m.answer, m.abstain]));

describe('fault: pg_dump of a tallied election, restore into a fresh database, recount', () => {
  let source: FaultDatabase | undefined;
  let restored: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let restoredApi: ApiProcess | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'council-faults-election-dump-'));

  afterAll(async () => {
    await api?.kill();
    await restoredApi?.kill();
    await source?.drop();
    await restored?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('recounts the restored ballot box to the sealed tally, and certifies on the copy', async () => {
    source = await createFaultDatabase('election_dump_source');
    api = await ApiProcess.start({ databaseUrl: source.url });
    const ids = new Map(
      (
        await queryRows<{ id: string; email: string }>(source.url, 'SELECT id, email FROM member')
      ).map((row) => [row.email, row.id]),
    );
    const tokens = await loginAll(api, [...VOTERS, DEMO('cochair.regional')]);
    const member = (n: number) => ({
      id: ids.get(DEMO(`member${n}`))!,
      token: tokens.get(DEMO(`member${n}`))!,
    });
    const secretary = tokens.get(DEMO('secretary'))!;
    // The four default contests, with contested and uncontested seats.
    const election: OpenElection = await openElection(api, secretary, {
      termLabel: TERM,
      title: 'Выборы перед резервной копией',
      candidates: [[member(1), member(2)], [member(3)], [member(4), member(5)], [member(6)]],
    });
    const [chair, regional, federal, executive] = election.contests;
    const ballots = VOTERS.map((_, j) => {
      const pick = (n: number) => (n === 0 ? [] : [member(n).id]);
      const answer = (a: string) => a as Mark['answer'];
      const marks: Mark[] = [
        {
          contestId: chair.id,
          candidateIds: pick(CHAIR[j]),
          answer: null,
          abstain: CHAIR[j] === 0,
        },
        {
          contestId: regional.id,
          candidateIds: [],
          answer: answer(REGIONAL[j]),
          abstain: REGIONAL[j] === 'ABSTAIN',
        },
        {
          contestId: federal.id,
          candidateIds: pick(FEDERAL[j]),
          answer: null,
          abstain: FEDERAL[j] === 0,
        },
        {
          contestId: executive.id,
          candidateIds: [],
          answer: answer(EXECUTIVE[j]),
          abstain: EXECUTIVE[j] === 'ABSTAIN',
        },
      ];
      const sent = marks.map((mark) =>
        mark.answer
          ? { contestId: mark.contestId, answer: mark.answer }
          : mark.abstain
            ? { contestId: mark.contestId, abstain: true }
            : { contestId: mark.contestId, candidateIds: mark.candidateIds },
      );
      return { marks, sent };
    });
    const trackingCodes: string[] = [];
    for (const [j, email] of VOTERS.entries()) {
      const outcome = await castBallot(
        api.graphqlUrl,
        tokens.get(email)!,
        election.id,
        ballots[j].sent,
      );
      expect(outcome.kind).toBe('ok');
      trackingCodes.push(outcome.data!.castBallot.trackingCode);
    }
    const expected = recount(
      election.contests,
      ballots.map((ballot) => ballot.marks),
    );

    const closed = (await ok(api, CLOSE, { id: election.id }, secretary)).closeVoting;
    expect(closed).toMatchObject({
      status: 'TALLIED',
      turnout: VOTERS.length,
      quorumReached: true,
    });
    expect(
      countsOfResults((await ok(api, RESULTS, { id: election.id }, secretary)).election),
    ).toEqual(expected);
    // One of the two approvals before the backup, the other on the restored copy.
    const approved = (
      await ok(api, APPROVE, { id: election.id }, tokens.get(DEMO('cochair.regional'))!)
    ).approveElection;
    expect(approved).toMatchObject({
      status: 'TALLIED',
      approvals: [{ decision: 'APPROVE', capacity: 'CO_CHAIR' }],
    });
    const sourceBox = (await ok(api, BALLOT_BOX, { id: election.id }, secretary)).ballotBox;
    const sourceSeals = await sealsOf(source.url, election.id);

    const dumpFile = join(workDir, 'council.dump');
    const dump = await runCommand('pg_dump', [
      '--format=custom',
      `--file=${dumpFile}`,
      `--dbname=${source.url}`,
    ]);
    expect(dump).toMatchObject({ code: 0, stderr: '' });
    await api.stop();
    restored = await createFaultDatabase('election_dump_restored');
    const restore = await runCommand('pg_restore', [
      '--exit-on-error',
      '--no-owner',
      `--dbname=${restored.url}`,
      dumpFile,
    ]);
    expect(restore).toMatchObject({ code: 0, stderr: '' });

    // On the copy, from the rows alone.
    expect(await auditVerify(restored.url)).toMatchObject({ code: 0 });
    const contests = await contestsOf(restored.url, election.id);
    expect(contests).toEqual(
      election.contests.map(({ id, candidateIds }) => ({ id, candidateIds })),
    );
    const restoredBallots = (await sealedBox(restored.url, election.id)).ballots;
    expect(restoredBallots.map(canonical).sort()).toEqual(
      ballots.map((b) => canonical(b.marks)).sort(),
    );
    expect(recount(contests, restoredBallots)).toEqual(expected);
    expect(await storedCounts(restored.url, election.id)).toEqual(expected);
    const seals = await sealsOf(restored.url, election.id);
    expect(seals).toEqual(sourceSeals);
    const sealed = seals.electionTallyHash;
    expect(sealed).toMatch(/^[0-9a-f]{64}$/);
    expect(seals.recomputedTallyHash).toBe(sealed);
    expect(seals.closeEntry).toMatchObject({
      tallyHash: sealed,
      turnout: VOTERS.length,
      ...seals.recomputed,
    });
    expect(seals.approvalTallyHashes).toEqual([sealed]);

    // Through the API started on the copy: the same published box, each voter's code in it.
    restoredApi = await ApiProcess.start({ databaseUrl: restored.url });
    const [federalCoChair, viewer] = await Promise.all([
      restoredApi.login(DEMO('cochair.federal')),
      restoredApi.login(DEMO('member8')),
    ]);
    const box = (await ok(restoredApi, BALLOT_BOX, { id: election.id }, viewer)).ballotBox;
    expect(box.turnout).toBe(VOTERS.length);
    expect(box.trackingCodeHashes).toEqual(sourceBox.trackingCodeHashes);
    expect(
      trackingCodes.map(sha256).filter((hash) => !box.trackingCodeHashes.includes(hash)),
    ).toEqual([]);
    expect(
      recount(
        contests,
        box.ballots.map((ballot: { choices: Mark[] }) => ballot.choices),
      ),
    ).toEqual(expected);
    const results = (await ok(restoredApi, RESULTS, { id: election.id }, viewer)).election;
    expect(countsOfResults(results)).toEqual(expected);

    // The seal is live on the copy: one result edited, the recount and the hash disagree and the
    // approval is refused; put back, the second co-chair certifies and the roster is installed.
    const edit = (delta: number) =>
      queryRows(
        restored!.url,
        'UPDATE election_contest_result SET votes = votes + $3 WHERE contest_id = $1 AND member_id = $2',
        [chair.id, member(2).id, delta],
      );
    await edit(1);
    expect(await storedCounts(restored.url, election.id)).not.toEqual(
      recount(contests, restoredBallots),
    );
    expect((await sealsOf(restored.url, election.id)).recomputedTallyHash).not.toBe(sealed);
    const refused = await restoredApi.graphql(
      APPROVE,
      { id: election.id },
      { token: federalCoChair },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'TALLY_CHANGED',
    });
    await edit(-1);
    const certified = (await ok(restoredApi, APPROVE, { id: election.id }, federalCoChair))
      .approveElection;
    expect(certified.status).toBe('CERTIFIED');
    expect((await sealsOf(restored.url, election.id)).approvalTallyHashes).toEqual([
      sealed,
      sealed,
    ]);
    const roster = (await ok(restoredApi, ROSTER, { label: TERM }, viewer)).term.roster;
    expect(roster.map((seat: any) => [seat.position, seat.member.id]).sort()).toEqual(
      [
        ['CHAIR', member(1).id],
        ['CO_CHAIR', member(3).id],
        ['CO_CHAIR', member(5).id],
        ['EXECUTIVE_SECRETARY', member(6).id],
      ].sort(),
    );
    await restoredApi.stop();
    expect(await auditVerify(restored.url)).toMatchObject({ code: 0 });
  }, 90_000);
});
