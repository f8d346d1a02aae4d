// npm run bench: the whole benchmark in one command (see README "Performance").
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchContext, captureStatements, startApi } from './context';
import {
  PASSWORD,
  Random,
  generateAuditEntries,
  generateMeetings,
  generateMembers,
  mintTokens,
} from './dataset';
import { gql } from './graphql';
import type { CapturedStatement } from './sql-capture';
import { preflight } from './preflight';
import { DIST, fromDist, killRunningServices, pinSelf, Service } from './processes';
import { ScenarioEntry, machineInfo, printTable, writeResults } from './report';
import { SETTINGS, selected } from './settings';
import { auditVerifyScenario } from './scenarios/audit-verify';
import {
  CAST,
  PreparedElection,
  castScenario,
  choicesOf,
  closeScenario,
  futureTerms,
  prepareElection,
} from './scenarios/elections';
import { loginStormScenario } from './scenarios/login-storm';
import { meetingScenarios } from './scenarios/meeting';
import { meetingsListScenario } from './scenarios/meetings-list';
import { LOGIN_MUTATION, MEETINGS_QUERY, MEETING_QUERY } from './scenarios/queries';

const log = (message: string) => process.stdout.write(`[bench] ${message}\n`);

// While BENCH_HOLD keeps the API up, Ctrl-C ends the hold (and the run cleans up as usual).
let holding = false;

async function main(): Promise<number> {
  await preflight(log);
  pinSelf();
  const workDir = mkdtempSync(join(tmpdir(), 'council-bench-'));
  const databaseName = `council_bench_${process.pid}`;
  const admin = new Client({ connectionString: `${SETTINGS.serverUrl}/postgres` });
  await admin.connect();
  const version = (
    await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")
  ).rows[0].v;
  const machine = machineInfo(`PostgreSQL ${version}`);
  log(
    `${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `${machine.postgres}; load average ${machine.loadAverageAtStart.join(' ')}; logs in ${workDir}`,
  );
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = `${SETTINGS.serverUrl}/${databaseName}`;
  // Interrupted (Ctrl-C, a CI time-out): no server and no database left behind.
  const interrupted = (signal: NodeJS.Signals) => {
    if (signal === 'SIGINT' && holding) return;
    log(`${signal}: stopping the servers and dropping ${databaseName}`);
    killRunningServices();
    const dropper = new Client({ connectionString: `${SETTINGS.serverUrl}/postgres` });
    void dropper
      .connect()
      .then(() => dropper.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`))
      .catch(() => undefined)
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  const services: Service[] = [];
  const entries: ScenarioEntry[] = [];
  const db = new Client({ connectionString: databaseUrl });
  try {
    const { runMigrations } = fromDist<{
      runMigrations(settings: object): Promise<string[]>;
    }>('apps/api/src/database/migrate.js');
    await runMigrations({
      url: databaseUrl,
      poolSize: 1,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 60_000,
      lockTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 60_000,
    });
    await db.connect();

    const random = new Random(SETTINGS.seed);
    let started = Date.now();
    const dataset = await generateMembers(db, random);
    await generateAuditEntries(db, random, dataset, SETTINGS.auditEntries);
    log(
      `dataset: ${SETTINGS.members} members, ${SETTINGS.auditEntries} audit entries in ${Date.now() - started} ms`,
    );
    await db.query('VACUUM ANALYZE');

    // Before anything else writes to the audit log: the chain holds exactly the generated entries.
    if (selected('audit')) {
      log('scenario: audit:verify');
      await measured(entries, 'audit:verify', () => auditVerifyScenario(db, databaseUrl));
    }

    started = Date.now();
    const exists = async (table: string) =>
      (await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table])).rows[0].t !==
      null;
    const hasMeetings = await exists('meeting');
    const hasElections = await exists('election');
    if (hasMeetings) await generateMeetings(db, random, dataset);
    await db.query('VACUUM ANALYZE');
    log(`dataset: ${SETTINGS.meetings} meetings in ${Date.now() - started} ms`);

    const jwtSecret = randomBytes(36).toString('base64url');
    const base = { workDir, databaseUrl, jwtSecret };
    const api = await startApi(base, 'api');
    services.push(api);
    const context: BenchContext = { ...base, db, random, dataset, api };
    await apiScenarios(context, hasMeetings, hasElections, services, entries);
  } catch (error) {
    // A failure outside any scenario (the dataset, a server that would not start): what was
    // measured before it is still reported.
    entries.push(failedEntry('set-up', error));
  } finally {
    for (const service of services) await service.stop();
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
  const table = printTable(entries);
  process.stdout.write(`\n${table}\n\n`);
  const file = writeResults(entries, machine, { databaseName });
  log(`results written to ${file}`);
  const broken = entries.filter((entry) => entry.error);
  return broken.length ? 1 : 0;
}

function failedEntry(name: string, error: unknown): ScenarioEntry {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `[bench] ${name} failed: ${error instanceof Error ? error.stack : message}\n`,
  );
  return {
    name,
    measures: 'did not finish',
    measured: {},
    baseline: null,
    ratio: null,
    target: '—',
    met: false,
    notes: [],
    error: message.split('\n')[0],
  };
}

// Runs one scenario; if it throws, it is reported as failed and the next scenarios still run.
async function measured(
  entries: ScenarioEntry[],
  name: string,
  scenario: () => Promise<ScenarioEntry | ScenarioEntry[]>,
): Promise<void> {
  try {
    const result = await scenario();
    entries.push(...(Array.isArray(result) ? result : [result]));
  } catch (error) {
    entries.push(failedEntry(name, error));
  }
}

async function apiScenarios(
  context: BenchContext,
  hasMeetings: boolean,
  hasElections: boolean,
  services: Service[],
  entries: ScenarioEntry[],
): Promise<void> {
  const { dataset, api, db, jwtSecret } = context;
  const [adminToken, secretaryToken] = await mintTokens(db, jwtSecret, [
    dataset.roles.admin,
    dataset.roles.secretary,
  ]);
  await gql(
    api.url,
    `mutation($label: String!, $seats: [SeatInput!]!) {
       appointFoundingRoster(termLabel: $label, seats: $seats) { label } }`,
    {
      label: futureTerms(0, true)[0],
      seats: [
        { position: 'CHAIR', memberId: dataset.roles.chair },
        {
          position: 'CO_CHAIR',
          memberId: dataset.roles.coChairRegional,
          portfolio: 'regional authorities',
        },
        {
          position: 'CO_CHAIR',
          memberId: dataset.roles.coChairFederal,
          portfolio: 'federal authorities',
        },
        { position: 'EXECUTIVE_SECRETARY', memberId: dataset.roles.secretary },
      ],
    },
    adminToken,
  );
  const meetingTokens = await mintTokens(
    db,
    jwtSecret,
    dataset.representatives.slice(0, SETTINGS.meetingClients),
  );

  // The SQL of one request of each kind, from an instance started with the capture hook.
  const captureFile = join(context.workDir, 'capture.json');
  const capture = await startApi(
    context,
    'api-capture',
    { BENCH_SQL_CAPTURE_FILE: captureFile },
    join(DIST, 'bench/sql-capture.js'),
  );
  services.push(capture);
  const statementsOf = async (send: () => Promise<unknown>) =>
    (
      await captureStatements(capture, captureFile, async () => {
        await send();
      })
    ).length;
  // One log-in, by a member no scenario logs in with.
  const loginStatements = await statementsOf(() =>
    gql(capture.url, LOGIN_MUTATION, {
      input: { email: dataset.emailOf(9900), password: PASSWORD },
    }),
  );
  log(`captured: a log-in issues ${loginStatements} SQL statements`);

  if (hasMeetings) {
    const meetingStatements = await captureStatements(capture, captureFile, async () => {
      await gql(capture.url, MEETING_QUERY, { id: dataset.meetingIds[0] }, meetingTokens[0]);
    });
    const perN = new Map<number, CapturedStatement[]>();
    for (const first of SETTINGS.listSizes) {
      const statements = await captureStatements(capture, captureFile, async () => {
        await gql(capture.url, MEETINGS_QUERY, { first }, meetingTokens[0]);
      });
      perN.set(first, statements);
    }
    log(`captured: meeting(id) issues ${meetingStatements.length} SQL statements`);

    if (selected('meeting')) {
      log('scenarios: meeting(id) vs raw baseline, safeguards on vs off');
      await measured(entries, 'meeting(id)', () =>
        meetingScenarios(context, meetingStatements, meetingTokens),
      );
    }
    if (selected('list')) {
      log('scenario: meetings(first: N)');
      await measured(entries, 'meetings(first: N)', () =>
        meetingsListScenario(context, perN, meetingTokens[1]),
      );
    }
    if (selected('logins')) {
      log('scenario: log-in storm during meeting(id)');
      await measured(entries, 'log-in storm', async () => {
        const entry = await loginStormScenario(context, meetingTokens);
        entry.measured.loginSqlPerRequest = loginStatements;
        entry.measured.meetingSqlPerRequest = meetingStatements.length;
        return entry;
      });
    }
  } else {
    log('no meetings in this build: meeting scenarios skipped');
  }

  if (hasElections && (selected('cast') || selected('close'))) {
    log('elections: preparing');
    const live = SETTINGS.castWarmupRounds + SETTINGS.elections + SETTINGS.closeRepetitions;
    const terms = futureTerms(live + 1);
    const candidates = dataset.memberIds.slice(9000, 9008);
    const candidateTokens = await mintTokens(db, jwtSecret, candidates);
    const tokens = {
      secretary: secretaryToken,
      candidates: new Map(candidates.map((id, i) => [id, candidateTokens[i]])),
    };
    const prepared: PreparedElection[] = [];
    for (const term of terms.slice(0, live)) {
      prepared.push(await prepareElection(api.url, tokens, term, candidates));
    }
    const pgbenchElection = await prepareElection(
      api.url,
      tokens,
      terms.at(-1)!,
      candidates,
      false,
    );
    const warmups = prepared.slice(0, SETTINGS.castWarmupRounds);
    const castElections = prepared.slice(warmups.length, warmups.length + SETTINGS.elections);
    const closeElections = prepared.slice(warmups.length + SETTINGS.elections);
    const voterTokens = await mintTokens(
      db,
      jwtSecret,
      dataset.representatives.slice(100, 100 + SETTINGS.voters),
    );
    // A ballot in the first warm-up election, by two members who are not among the voters: the
    // first reads the ballot paper into the capture instance's cache, the second is the usual cast.
    const [paperReader, castCaptured] = await mintTokens(db, jwtSecret, [
      dataset.representatives[60],
      dataset.representatives[61],
    ]);
    const castIn = (token: string, voter: number) =>
      gql(
        capture.url,
        CAST,
        { input: { electionId: warmups[0].id, choices: choicesOf(warmups[0], voter) } },
        token,
      );
    await castIn(paperReader, 0);
    const castStatements = await statementsOf(() => castIn(castCaptured, 1));
    log(`captured: a cast issues ${castStatements} SQL statements`);
    if (selected('cast')) {
      log('scenario: castBallot');
      await measured(entries, 'castBallot', async () => {
        const entry = await castScenario(
          context,
          castElections,
          warmups,
          voterTokens,
          pgbenchElection,
        );
        entry.measured.sqlPerRequest = castStatements;
        return entry;
      });
    }
    if (selected('close')) {
      // The close of the first warm-up election (its 200 and more ballots are not measured).
      const closeStatements = await statementsOf(() =>
        gql(
          capture.url,
          `mutation($id: ID!) { closeVoting(electionId: $id) { status } }`,
          { id: warmups[0].id },
          secretaryToken,
        ),
      );
      log(`captured: a close issues ${closeStatements} SQL statements`);
      log('scenario: closeVoting');
      await measured(entries, 'closeVoting', async () => {
        const entry = await closeScenario(context, closeElections, secretaryToken);
        entry.measured.sqlPerRequest = closeStatements;
        return entry;
      });
    }
  } else if (!hasElections) {
    log('no elections in this build: election scenarios skipped');
  }
  if (process.env.BENCH_HOLD === '1') {
    // For profiling by hand: the API and its data stay up until Ctrl-C.
    writeFileSync(
      join(context.workDir, 'hold.json'),
      JSON.stringify({
        url: api.url,
        pid: api.child.pid,
        token: meetingTokens[0],
        meetingId: dataset.meetingIds[0],
      }),
    );
    log(`holding: ${join(context.workDir, 'hold.json')} (Ctrl-C to finish)`);
    holding = true;
    await new Promise((resolve) => process.once('SIGINT', resolve));
    holding = false;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[bench] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
