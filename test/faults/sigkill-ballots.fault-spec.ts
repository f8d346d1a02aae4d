import { randomBytes } from 'node:crypto';
import { ApiProcess } from './support/api-process';
import { auditVerify } from './support/audit-verify';
import { crashAndRestartUnderLoad } from './support/crash-restart';
import { BALLOT_BOX, CLOSE, RESULTS } from '../support/elections';
import {
  Mark,
  OpenElection,
  Voter,
  ballotRows,
  castBallot,
  countsOfResults,
  insertVoters,
  loginAll,
  ok,
  openElection,
  recount,
  sha256,
  storedCounts,
} from './support/elections';
import { FaultDatabase, createFaultDatabase, queryRows } from './support/fault-database';
import { Outcome, RETRYABLE_DATABASE_REASONS, summarise } from './support/http';

// RL-03, the election: 200 voters cast their ballots (one worker each) and the API is killed with
// SIGKILL in the middle, then restarted on the same database. Voters whose request got no answer
// retry with the same ballot: the retry is acknowledged, or refused as ALREADY_VOTED when the
// first attempt had committed just before the kill. Half the voters send a tracking code of their
// own: their retry is acknowledged with it in either case. Afterwards: participation rows =
// ballots = tracking codes, every acknowledged ballot is stored, and the close counts each voter
// once.
const VOTERS = 200;
const POOL_SIZE = 8;
// Voters arrive in waves of 20, one every 150 ms; the kill lands 25 ms into the sixth wave, so
// about half have voted, a wave is in flight, and the rest arrive while the server is down.
const WAVE = 20;
const WAVE_MS = 150;
const KILL_AT_MS = 5 * WAVE_MS + 25;
const TERM = '2090-H1';

const reasonOf = (outcome: Outcome) => outcome.errors?.[0]?.extensions?.reason;
const codeOf = (outcome: Outcome) => outcome.errors?.[0]?.extensions?.code;
const alreadyVoted = (outcome: Outcome) =>
  outcome.kind === 'graphql-error' &&
  codeOf(outcome) === 'CONFLICT' &&
  reasonOf(outcome) === 'ALREADY_VOTED';
// No answer, or the database was briefly unavailable: the voter tries again.
const retryable = (outcome: Outcome) =>
  outcome.kind === 'network-error' ||
  outcome.kind === 'client-timeout' ||
  (outcome.kind === 'graphql-error' &&
    outcome.errors!.every((error) =>
      RETRYABLE_DATABASE_REASONS.includes(String(error.extensions?.reason)),
    ));

describe('fault: SIGKILL while 200 voters cast their ballots, then restart', () => {
  let database: FaultDatabase | undefined;
  let api: ApiProcess | undefined;
  let restarted: ApiProcess | undefined;
  let voters: Voter[] = [];
  let tokens = new Map<string, string>();
  let secretary = '';
  let election: OpenElection;

  beforeAll(async () => {
    database = await createFaultDatabase('sigkill_ballots');
    api = await ApiProcess.start({
      databaseUrl: database.url,
      env: { DB_POOL_SIZE: String(POOL_SIZE) },
    });
    // The voters exist before the vote opens: the electorate is snapshotted at openVoting.
    voters = await insertVoters(database.url, VOTERS, 'voter');
    tokens = await loginAll(
      api,
      voters.map((voter) => voter.email),
    );
    secretary = await api.login('secretary@council.example');
    const candidate = (voter: Voter) => ({ id: voter.id, token: tokens.get(voter.email)! });
    election = await openElection(api, secretary, {
      termLabel: TERM,
      title: 'Выборы под SIGKILL',
      contests: [{ position: 'CHAIR' }, { position: 'EXECUTIVE_SECRETARY' }],
      candidates: [voters.slice(0, 3).map(candidate), [candidate(voters[3])]],
    });
  }, 60_000);

  afterAll(async () => {
    await api?.kill();
    await restarted?.kill();
    await database?.drop();
  });

  // Voter i's ballot, as sent and as the ballot box stores it (normalised marks).
  const [chairAnswers, secretaryAnswers] = [10, 4];
  const ballotOf = (i: number) => {
    const [chair, executive] = election.contests;
    const pick = i % chairAnswers === chairAnswers - 1 ? null : chair.candidateIds[i % 3];
    const answer = (['YES', 'YES', 'NO', 'ABSTAIN'] as const)[i % secretaryAnswers];
    const sent = [
      pick ? { contestId: chair.id, candidateIds: [pick] } : { contestId: chair.id, abstain: true },
      { contestId: executive.id, answer },
    ];
    const stored: Mark[] = [
      { contestId: chair.id, candidateIds: pick ? [pick] : [], answer: null, abstain: !pick },
      { contestId: executive.id, candidateIds: [], answer, abstain: answer === 'ABSTAIN' },
    ];
    return { sent, stored };
  };
  // Odd voters draw their own tracking code, once, before their first attempt.
  const ownCodes = new Map(
    Array.from({ length: VOTERS }, (_, i) => i)
      .filter((i) => i % 2 === 1)
      .map((i) => [i, randomBytes(18).toString('base64url')]),
  );
  const canonical = (marks: readonly Mark[]) =>
    JSON.stringify(
      marks.map((m) => [m.contestId, [...m.candidateIds].sort(), m.answer, m.abstain]),
    );

  it('stores every acknowledged ballot, with participation rows = ballots = tracking codes', async () => {
    const startedAt = Date.now();
    const result = await crashAndRestartUnderLoad({
      api: api!,
      workers: VOTERS,
      startDelayMs: (worker) => Math.floor(worker / WAVE) * WAVE_MS,
      // Same token and same ballot on every retry; the port survives the restart.
      send: async (worker) => ({
        ...(await castBallot(
          api!.graphqlUrl,
          tokens.get(voters[worker].email)!,
          election.id,
          ballotOf(worker).sent,
          undefined,
          ownCodes.get(worker),
        )),
        tag: voters[worker].id,
      }),
      // A voter stops once answered for good; only "no answer" and retryable errors are retried.
      isDone: (outcome) => !retryable(outcome),
      pauseAfterFailureMs: 200,
      loadBeforeKillMs: KILL_AT_MS,
      downtimeMs: 500,
      loadAfterRestartMs: 30_000,
    });
    restarted = result.restarted;
    expect(result.exit).toMatchObject({ signal: 'SIGKILL' });
    // The kill landed mid-run: ballots acknowledged before it, others in flight at that instant.
    const acknowledged = result.acknowledged;
    expect(acknowledged.filter((o) => o.endedAt < result.killedAt).length).toBeGreaterThan(0);
    expect(result.inFlightAtKill.length).toBeGreaterThan(0);

    // Every voter ended with an acknowledgement or ALREADY_VOTED; nothing else was ever answered.
    const unexpected = result.outcomes.filter(
      (o) => o.kind !== 'ok' && !alreadyVoted(o) && !retryable(o),
    );
    expect(unexpected.map((o) => o.raw ?? o.kind)).toEqual([]);
    const byVoter = new Map<number, Outcome[]>();
    for (const outcome of result.outcomes) {
      byVoter.set(outcome.worker!, [...(byVoter.get(outcome.worker!) ?? []), outcome]);
    }
    const last = (worker: number) => byVoter.get(worker)!.at(-1)!;
    const unfinished = voters.filter((_, i) => !byVoter.has(i) || retryable(last(i)));
    expect(unfinished.map((voter) => voter.email)).toEqual([]);

    const conflicts = voters.map((_, i) => i).filter((i) => alreadyVoted(last(i)));
    const codes = acknowledged.map((o) => o.data!.castBallot.trackingCode as string);
    expect(new Set(codes).size).toBe(acknowledged.length);
    expect(acknowledged.length + conflicts.length).toBe(VOTERS);

    // A refusal as ALREADY_VOTED only follows an attempt that got no answer: in flight at the
    // kill (committed, answer lost), or cut by the client's deadline.
    const inFlight = new Set(result.inFlightAtKill.map((r) => r.worker));
    const timedOut = new Set(
      result.outcomes.filter((o) => o.kind === 'client-timeout').map((o) => o.worker),
    );
    expect(conflicts.filter((i) => !inFlight.has(i) && !timedOut.has(i))).toEqual([]);
    // A voter with a code of their own is never left without it: acknowledged, with that code.
    expect(conflicts.filter((i) => ownCodes.has(i))).toEqual([]);
    const mismatched = [...ownCodes].filter(
      ([i, code]) => last(i).data?.castBallot?.trackingCode !== code,
    );
    expect(mismatched).toEqual([]);

    // The rows, before the close rewrites the box: no partial ballot, nothing lost.
    const participants = await queryRows<{ member_id: string }>(
      database!.url,
      'SELECT member_id FROM election_participation WHERE election_id = $1',
      [election.id],
    ).then((rows) => new Set(rows.map((row) => row.member_id)));
    const storedCodes = await queryRows<{ code_hash: string }>(
      database!.url,
      'SELECT code_hash FROM election_tracking_code WHERE election_id = $1',
      [election.id],
    ).then((rows) => new Set(rows.map((row) => row.code_hash)));
    const ballots = await ballotRows(database!.url, election.id);
    expect({ ballots: ballots.length, codes: storedCodes.size }).toEqual({
      ballots: participants.size,
      codes: participants.size,
    });
    expect(participants.size).toBe(VOTERS);
    // Each acknowledged voter is in the register, each acknowledged code is stored; the codes
    // that are stored but never reached a voter are those of the ALREADY_VOTED voters.
    expect(acknowledged.filter((o) => !participants.has(o.tag!)).map((o) => o.tag)).toEqual([]);
    expect(conflicts.filter((i) => !participants.has(voters[i].id))).toEqual([]);
    expect(codes.filter((code) => !storedCodes.has(sha256(code)))).toEqual([]);
    expect(storedCodes.size - codes.length).toBe(conflicts.length);
    // The stored ballots are exactly the voters' ballots, each once (the box keeps no voter, but
    // each voter's ballot is known to the test).
    const expectedBallots = voters.map((_, i) => canonical(ballotOf(i).stored)).sort();
    expect(ballots.map((marks) => canonical(marks)).sort()).toEqual(expectedBallots);

    // The restarted server closes the vote (it refuses to count a box that does not match the
    // register) and counts every voter once.
    const closed = (await ok(result.restarted, CLOSE, { id: election.id }, secretary)).closeVoting;
    expect(closed).toMatchObject({ status: 'TALLIED', turnout: VOTERS, quorumReached: true });
    const expected = recount(
      election.contests,
      voters.map((_, i) => ballotOf(i).stored),
    );
    const results = (await ok(result.restarted, RESULTS, { id: election.id }, secretary)).election;
    expect(countsOfResults(results)).toEqual(expected);
    expect(await storedCounts(database!.url, election.id)).toEqual(expected);
    const box = (await ok(result.restarted, BALLOT_BOX, { id: election.id }, secretary)).ballotBox;
    expect(box.ballots).toHaveLength(VOTERS);
    expect(codes.filter((code) => !box.trackingCodeHashes.includes(sha256(code)))).toEqual([]);
    expect(await auditVerify(database!.url)).toMatchObject({ code: 0 });

    const killedAfter = result.killedAt - startedAt;
    process.stdout.write(
      `sigkill-ballots: ${VOTERS} voters; killed at ${killedAfter} ms; ` +
        `acknowledged ${acknowledged.length} (${acknowledged.filter((o) => o.endedAt < result.killedAt).length} before the kill, ` +
        `${acknowledged.filter((o) => o.endedAt > result.killedAt).length} by the restarted server); ` +
        `in flight at the kill ${result.inFlightAtKill.length} (${result.inFlightAtKill.filter((r) => ownCodes.has(r.worker)).length} with their own code); ` +
        `ALREADY_VOTED on retry ${conflicts.length}; ` +
        `stored ${participants.size}; down for ${result.restartedAt - result.killedAt} ms; ` +
        `outcomes ${JSON.stringify(summarise(result.outcomes))}\n`,
    );
  }, 90_000);
});
