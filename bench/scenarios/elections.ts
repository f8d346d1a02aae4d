import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext } from '../context';
import { Random } from '../dataset';
import { body, gql } from '../graphql';
import { LoadResult, describeFailures, graphqlValidator, median, runLoad } from '../load';
import { fromDist, run } from '../processes';
import { ScenarioEntry, round } from '../report';
import { SETTINGS, TARGETS } from '../settings';

export interface PreparedElection {
  id: string;
  termLabel: string;
  contests: Array<{ id: string; seats: number; candidateIds: string[] }>;
}

interface ElectionTokens {
  secretary: string;
  // member id -> token, for the candidates (they accept their own nominations)
  candidates: Map<string, string>;
}

// The terms the elections fill: one live election per term, so each election gets its own term,
// counted from the one after the current term (or the current term alone).
export function futureTerms(count: number, current = false): string[] {
  const { termLabelAt, nextTermLabel } = fromDist<{
    termLabelAt(at: Date, zone: string): string;
    nextTermLabel(label: string): string;
  }>('libs/terms/src/domain/term-calendar.js');
  const labels: string[] = [];
  let label = termLabelAt(new Date(), 'Europe/Moscow');
  if (current) return [label];
  for (let i = 0; i < count; i++) {
    label = nextTermLabel(label);
    labels.push(label);
  }
  return labels;
}

// Through the API, as the secretary and the candidates would: create (default contests), open
// nominations, two accepted candidates per contest, then (optionally) open the vote. The pgbench
// baseline's election stays in nominations, with its candidates: its ballots, written by SQL,
// are then real ballots of the same size (found by review: without candidates they held nulls).
export async function prepareElection(
  url: string,
  tokens: ElectionTokens,
  termLabel: string,
  candidateIds: string[],
  openVote = true,
): Promise<PreparedElection> {
  const created = await gql<{
    createElection: { id: string; contests: Array<{ id: string; seats: number }> };
  }>(
    url,
    `mutation($input: CreateElectionInput!) { createElection(input: $input) { id contests { id seats } } }`,
    { input: { termLabel, title: `Leadership election ${termLabel}` } },
    tokens.secretary,
  );
  const election = created.createElection;
  const contests = election.contests.map((contest) => ({
    ...contest,
    candidateIds: [] as string[],
  }));
  await gql(
    url,
    `mutation($id: ID!) { openNominations(electionId: $id) { id } }`,
    { id: election.id },
    tokens.secretary,
  );
  let next = 0;
  for (const contest of contests) {
    for (let k = 0; k < 2; k++) {
      const nomineeId = candidateIds[next++ % candidateIds.length];
      const nominated = await gql<{ nominate: { id: string } }>(
        url,
        `mutation($contestId: ID!, $nomineeId: ID!) { nominate(contestId: $contestId, nomineeId: $nomineeId) { id } }`,
        { contestId: contest.id, nomineeId },
        tokens.secretary,
      );
      await gql(
        url,
        `mutation($id: ID!) { respondToNomination(nominationId: $id, accept: true) { id status } }`,
        { id: nominated.nominate.id },
        tokens.candidates.get(nomineeId),
      );
      contest.candidateIds.push(nomineeId);
    }
  }
  if (!openVote) return { id: election.id, termLabel, contests };
  await gql(
    url,
    `mutation($id: ID!) { openVoting(electionId: $id) { id status } }`,
    { id: election.id },
    tokens.secretary,
  );
  return { id: election.id, termLabel, contests };
}

// Voter v's ballot: one candidate per contest (v decides which).
export function choicesOf(election: PreparedElection, voter: number) {
  return election.contests.map((contest, c) => ({
    contestId: contest.id,
    candidateIds: [contest.candidateIds[(voter + c) % contest.candidateIds.length]],
  }));
}

// The normalised marks the API stores for such a ballot (BallotMark: sorted ids, no answer).
function storedChoicesOf(election: PreparedElection, voter: number): string {
  return JSON.stringify(
    choicesOf(election, voter).map((choice) => ({
      contestId: choice.contestId,
      candidateIds: choice.candidateIds,
      answer: null,
      abstain: false,
    })),
  );
}

export const CAST = `mutation Cast($input: CastBallotInput!) { castBallot(input: $input) { trackingCode } }`;
const validateCast = graphqlValidator((data) =>
  typeof data.castBallot?.trackingCode === 'string' ? null : 'no tracking code',
);

// For comparison, not a target: the same rounds (200 voters, a new connection each) asking for an
// authenticated read that also costs two statements (the session check and the member), with
// nothing of the ballot: what HTTP, GraphQL and authentication alone allow.
const ME = `query Me { me { id } }`;
const validateMe = graphqlValidator((data) =>
  typeof data.me?.id === 'string' ? null : 'no member id',
);

// Requests answered over the rounds' wall time.
const perSecond = (rounds: LoadResult[]) =>
  rounds.reduce((sum, r) => sum + r.requests, 0) / rounds.reduce((sum, r) => sum + r.seconds, 0);

// Scenario 3: 200 voters, each with their own JWT, cast at once; ten elections one after the
// other. Baseline: pgbench running the same inserts (participation, ballot, tracking code) in one
// transaction at the pool's concurrency.
export async function castScenario(
  context: BenchContext,
  elections: PreparedElection[],
  warmups: PreparedElection[],
  voterTokens: string[],
  pgbenchElection: PreparedElection,
): Promise<ScenarioEntry> {
  const voters = voterTokens.length;
  // One round: every voter sends one request at once, on a new connection of their own.
  const roundOf = (bodyOf: (voter: number) => string, validate: (body: string) => string | null) =>
    runLoad({
      url: context.api.url,
      serverPid: context.api.child.pid,
      connections: voters,
      amount: voters,
      headers: (i) => ({ authorization: `Bearer ${voterTokens[i]}` }),
      body: bodyOf,
      validate,
    });
  const castRound = (election: PreparedElection) =>
    roundOf(
      (i) => body(CAST, { input: { electionId: election.id, choices: choicesOf(election, i) } }),
      validateCast,
    );
  // Warm-up: a few rounds (as many casts as about 2 s of the other scenarios' warm-up load).
  const warmupRounds: LoadResult[] = [];
  for (const warmup of warmups) warmupRounds.push(await castRound(warmup));
  const rounds: LoadResult[] = [];
  for (const election of elections) rounds.push(await castRound(election));
  const readRounds: LoadResult[] = [];
  for (let i = 0; i < elections.length; i++) {
    readRounds.push(await roundOf(() => body(ME, {}), validateMe));
  }
  const readFailure = readRounds.map(describeFailures).find((problem) => problem !== null);
  const readsPerSecond = perSecond(readRounds);

  const ids = elections.map((election) => election.id);
  const counted = await context.db.query<{ ballots: number; participants: number; codes: number }>(
    `SELECT (SELECT count(*)::int FROM election_ballot WHERE election_id = ANY($1)) AS ballots,
            (SELECT count(*)::int FROM election_participation WHERE election_id = ANY($1)) AS participants,
            (SELECT count(*)::int FROM election_tracking_code WHERE election_id = ANY($1)) AS codes`,
    [ids],
  );
  const { ballots, participants, codes } = counted.rows[0];
  const expected = voters * elections.length;
  const castsPerSecond = perSecond(rounds);
  const slowest = Math.max(...rounds.map((r) => r.maxMs));
  const status5xx = rounds.reduce((sum, r) => sum + r.status5xx, 0);
  const failure = [...warmupRounds, ...rounds]
    .map(describeFailures)
    .find((problem) => problem !== null);

  const baseline = await pgbenchCasts(context, pgbenchElection);
  const ratio = castsPerSecond / baseline.tps;
  const countsRight = ballots === expected && participants === expected && codes === expected;
  return {
    name: `castBallot: ${voters} voters at once × ${elections.length} elections`,
    measures: `each round: ${voters} connections, one ballot each, fired together; casts/s over the rounds' wall time`,
    measured: {
      castsPerSecond,
      p50Ms: median(rounds.map((r) => r.p50Ms)),
      p99Ms: median(rounds.map((r) => r.p99Ms)),
      slowestMs: slowest,
      cpuMsPerRequest: median(rounds.map((r) => r.serverCpuMsPerRequest ?? NaN)),
      ballots,
      participations: participants,
      status5xx,
    },
    baseline: { pgbenchTps: baseline.tps, clients: SETTINGS.poolSize },
    ratio,
    target: `≥ ${TARGETS.castRatio}× pgbench tps; every voter answered within ${TARGETS.castMaxMs} ms; exactly ${expected} ballots and participations; no 5xx`,
    met:
      !failure &&
      countsRight &&
      status5xx === 0 &&
      ratio >= TARGETS.castRatio &&
      slowest <= TARGETS.castMaxMs,
    notes: [
      `round wall times (ms): ${rounds.map((r) => round(r.seconds * 1000, 0)).join(' / ')}`,
      `pgbench: ${baseline.summary}`,
      readFailure
        ? `authenticated read (the same rounds asking \`me { id }\`): failed, ${readFailure}`
        : `authenticated read (the same rounds asking \`me { id }\`, two statements, no ballot): ${round(readsPerSecond, 0)} req/s, ` +
          `${round(median(readRounds.map((r) => r.serverCpuMsPerRequest ?? NaN)), 2)} ms CPU/request, ` +
          `${round(readsPerSecond / baseline.tps, 3)} × pgbench`,
    ],
    ...(failure
      ? { error: failure }
      : countsRight
        ? {}
        : { error: `${ballots} ballots, ${participants} participations, ${codes} codes` }),
  };
}

async function pgbenchCasts(
  context: BenchContext,
  election: PreparedElection,
): Promise<{ tps: number; summary: string }> {
  const clients = SETTINGS.poolSize;
  const perClient = SETTINGS.quick ? 200 : 800;
  // The electorate of the baseline election, and one slot per transaction to come.
  await context.db.query(
    `INSERT INTO election_elector (election_id, member_id) SELECT $1, id FROM member`,
    [election.id],
  );
  await context.db
    .query(`CREATE TABLE bench_cast_slot (k int PRIMARY KEY, election_id uuid, member_id uuid);
    CREATE SEQUENCE bench_cast_seq`);
  await context.db.query(
    `INSERT INTO bench_cast_slot SELECT row_number() OVER (ORDER BY member_id), election_id, member_id
       FROM election_elector WHERE election_id = $1`,
    [election.id],
  );
  const choices = storedChoicesOf(election, 0).replace(/'/g, "''");
  const script = join(context.workDir, 'cast.pgbench.sql');
  writeFileSync(
    script,
    [
      'BEGIN;',
      `INSERT INTO election_participation (election_id, member_id) SELECT election_id, member_id FROM bench_cast_slot WHERE k = (SELECT nextval('bench_cast_seq'));`,
      `INSERT INTO election_ballot (election_id, choices) VALUES ('${election.id}', '${choices}');`,
      `INSERT INTO election_tracking_code (code_hash, election_id) VALUES (md5(random()::text) || md5(random()::text), '${election.id}');`,
      'END;',
      '',
    ].join('\n'),
  );
  const url = new URL(context.databaseUrl);
  const outcome = run(
    'pgbench',
    [
      '-n',
      '-c',
      String(clients),
      '-j',
      '2',
      '-t',
      String(perClient),
      '-f',
      script,
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
      url.pathname.slice(1),
    ],
    {},
    { pin: true },
  );
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(outcome.stdout);
  if (!match) throw new Error(`pgbench output not understood:\n${outcome.stdout}`);
  const failed = /number of failed transactions: (\d+)/.exec(outcome.stdout);
  if (failed && failed[1] !== '0') throw new Error(`pgbench: ${failed[1]} failed transactions`);
  return {
    tps: Number(match[1]),
    summary: `${clients} clients × ${perClient} transactions, ${outcome.stdout.match(/latency average = [\d.]+ ms/)?.[0] ?? ''}`,
  };
}

// Scenario 4: closeVoting of an election holding 10,000 ballots (written with SQL: participation,
// ballot and tracking code per elector, as castBallot writes them), timed end to end by the client.
// Baseline: a raw GROUP BY counting the votes per contest and candidate over the same ballots.
export async function closeScenario(
  context: BenchContext,
  elections: PreparedElection[],
  secretaryToken: string,
): Promise<ScenarioEntry> {
  const random = new Random(SETTINGS.seed + 4);
  const closeMs: number[] = [];
  const rawMs: number[] = [];
  let statuses: string[] = [];
  for (const election of elections) {
    const electors = await context.db.query<{ member_id: string }>(
      'SELECT member_id FROM election_elector WHERE election_id = $1 ORDER BY member_id LIMIT $2',
      [election.id, SETTINGS.closeBallots],
    );
    if (electors.rows.length < SETTINGS.closeBallots) {
      throw new Error(`only ${electors.rows.length} electors for the close scenario`);
    }
    const memberIds = electors.rows.map((row) => row.member_id);
    const hex = () => {
      let s = '';
      for (let i = 0; i < 8; i++)
        s += random
          .int(2 ** 32)
          .toString(16)
          .padStart(8, '0');
      return s;
    };
    await context.db.query(
      `INSERT INTO election_participation (election_id, member_id) SELECT $1, unnest($2::uuid[])`,
      [election.id, memberIds],
    );
    await context.db.query(
      `INSERT INTO election_ballot (election_id, choices) SELECT $1, unnest($2::jsonb[])`,
      [election.id, memberIds.map((_, v) => storedChoicesOf(election, v * 7 + random.int(3)))],
    );
    await context.db.query(
      `INSERT INTO election_tracking_code (code_hash, election_id) SELECT unnest($2::text[]), $1`,
      [election.id, memberIds.map(() => hex())],
    );
    await context.db.query(
      'ANALYZE election_ballot, election_participation, election_tracking_code',
    );

    for (let i = 0; i < 5; i++) {
      const started = process.hrtime.bigint();
      await context.db.query(
        `SELECT mark->>'contestId' AS contest, candidate, count(*)::int AS votes
           FROM election_ballot b
           CROSS JOIN LATERAL jsonb_array_elements(b.choices) AS mark
           CROSS JOIN LATERAL jsonb_array_elements_text(mark->'candidateIds') AS candidate
          WHERE b.election_id = $1
          GROUP BY 1, 2`,
        [election.id],
      );
      if (i > 0) rawMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }

    const started = process.hrtime.bigint();
    const closed = await gql<{ closeVoting: { status: string; turnout: number } }>(
      context.api.url,
      `mutation($id: ID!) { closeVoting(electionId: $id) { status turnout } }`,
      { id: election.id },
      secretaryToken,
    );
    closeMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    statuses.push(`${closed.closeVoting.status} (turnout ${closed.closeVoting.turnout})`);
    if (closed.closeVoting.turnout !== SETTINGS.closeBallots) {
      throw new Error(`closeVoting counted ${closed.closeVoting.turnout} ballots`);
    }
  }
  statuses = [...new Set(statuses)];
  const close = median(closeMs);
  const raw = median(rawMs);
  const ratio = close / raw;
  return {
    name: `closeVoting, ${SETTINGS.closeBallots.toLocaleString('en')} ballots`,
    measures:
      'one closeVoting request (lock, sealed box, tally, results, audit entry), timed by the client; median over the elections',
    // One close per election: the median of the repetitions is the p50, the slowest the max.
    measured: { p50Ms: close, minMs: Math.min(...closeMs), maxMs: Math.max(...closeMs) },
    baseline: { groupByMs: raw },
    ratio,
    target: `≤ ${TARGETS.closeRatio}× the raw query and ≤ ${TARGETS.closeMaxMs} ms`,
    met: ratio <= TARGETS.closeRatio && close <= TARGETS.closeMaxMs,
    notes: [
      `outcome: ${statuses.join(', ')}`,
      `close times (ms): ${closeMs.map((v) => round(v, 0)).join(' / ')}`,
    ],
  };
}
