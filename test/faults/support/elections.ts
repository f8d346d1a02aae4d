import { createHash } from 'node:crypto';
// The digests that seal a tally, as libs/elections defines them (pure functions, no database).
import { electorateDigest, listDigest, participantsDigest, tallyDigest } from '@council/elections';
import {
  CAST,
  CREATE,
  NOMINATE,
  OPEN_NOMINATIONS,
  OPEN_VOTING,
  RESPOND,
} from '../../support/elections';
import { ApiProcess } from './api-process';
import { queryRows } from './fault-database';
import { Outcome, postGraphQL } from './http';

// Elections for the fault suite, driven over HTTP against the built server (as a client would),
// and checked against the rows (as an auditor with a copy of the database would).

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function ok(
  api: ApiProcess,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Record<string, any>> {
  const outcome = await api.graphql(query, variables, { token, timeoutMs: 15_000 });
  if (outcome.kind !== 'ok' || !outcome.data) {
    throw new Error(`expected data, got ${outcome.kind}: ${outcome.raw ?? outcome.networkError}`);
  }
  return outcome.data;
}

// Log-ins through the API (argon2 verify each), a few at a time.
export async function loginAll(
  api: ApiProcess,
  emails: readonly string[],
  concurrency = 8,
): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < emails.length) {
        const email = emails[next++];
        tokens.set(email, await api.login(email));
      }
    }),
  );
  return tokens;
}

export interface Voter {
  id: string;
  email: string;
}

// Active members inserted in one statement, all with the password of the demo log-ins (the hash
// of member1@ copied, so no argon2 hashing here), in the organisation of member1@.
export async function insertVoters(
  databaseUrl: string,
  count: number,
  prefix: string,
): Promise<Voter[]> {
  return queryRows<Voter & Record<string, unknown>>(
    databaseUrl,
    `INSERT INTO member (email, full_name, organization_id, status, password_hash)
     SELECT $2 || '-' || lpad(n::text, 3, '0') || '@council.test',
            'Избиратель ' || lpad(n::text, 3, '0'),
            demo.organization_id, 'ACTIVE', demo.password_hash
       FROM generate_series(1, $1::int) AS n,
            (SELECT organization_id, password_hash FROM member
              WHERE email = 'member1@council.example') AS demo
     ORDER BY n
     RETURNING id, email`,
    [count, prefix],
  ).then((rows) => rows.sort((a, b) => (a.email < b.email ? -1 : 1)));
}

export interface Candidate {
  id: string;
  token: string;
}

export interface OpenElection {
  id: string;
  contests: Array<{ id: string; position: string; seats: number; candidateIds: string[] }>;
}

// create → open nominations → nominate (the secretary) and accept (each nominee) → open voting:
// the electorate is the active members at this last step.
export async function openElection(
  api: ApiProcess,
  secretaryToken: string,
  spec: {
    termLabel: string;
    title: string;
    contests?: Array<Record<string, unknown>>;
    candidates: Candidate[][];
  },
): Promise<OpenElection> {
  const created = (
    await ok(
      api,
      CREATE,
      {
        input: {
          termLabel: spec.termLabel,
          title: spec.title,
          ...(spec.contests ? { contests: spec.contests } : {}),
        },
      },
      secretaryToken,
    )
  ).createElection;
  await ok(api, OPEN_NOMINATIONS, { id: created.id }, secretaryToken);
  const contests: OpenElection['contests'] = created.contests.map((contest: any) => ({
    id: contest.id,
    position: contest.position,
    seats: contest.seats,
    candidateIds: [],
  }));
  for (const [index, people] of spec.candidates.entries()) {
    for (const person of people) {
      const nomination = (
        await ok(api, NOMINATE, { contest: contests[index].id, nominee: person.id }, secretaryToken)
      ).nominate;
      await ok(api, RESPOND, { id: nomination.id, accept: true }, person.token);
      contests[index].candidateIds.push(person.id);
    }
  }
  await ok(api, OPEN_VOTING, { id: created.id }, secretaryToken);
  return { id: created.id, contests };
}

export function castBallot(
  url: string,
  token: string,
  electionId: string,
  choices: Array<Record<string, unknown>>,
  timeoutMs = 10_000,
  trackingCode?: string,
): Promise<Outcome> {
  return postGraphQL(
    url,
    CAST,
    { input: { electionId, choices, ...(trackingCode ? { trackingCode } : {}) } },
    { token, timeoutMs },
  );
}

// What a ballot box publishes and stores: one mark per contest.
export interface Mark {
  contestId: string;
  candidateIds: string[];
  answer: 'YES' | 'NO' | 'ABSTAIN' | null;
  abstain: boolean;
}

export interface ContestCount {
  validBallots: number;
  abstentions: number;
  // Per candidate: [votes, noVotes]; noVotes only for an uncontested seat (Yes/No/Abstain).
  lines: Record<string, [number, number | null]>;
}

// An independent recount (README "Elections"): a contest with one candidate is answered Yes / No /
// Abstain (Yes and No are valid ballots); otherwise a mark names candidates or abstains.
export function recount(
  contests: ReadonlyArray<{ id: string; candidateIds: readonly string[] }>,
  ballots: ReadonlyArray<readonly Mark[]>,
): Record<string, ContestCount> {
  const counts: Record<string, ContestCount> = {};
  for (const contest of contests) {
    const uncontested = contest.candidateIds.length === 1;
    counts[contest.id] = {
      validBallots: 0,
      abstentions: 0,
      lines: Object.fromEntries(
        contest.candidateIds.map((id) => [id, [0, uncontested ? 0 : null]]),
      ),
    };
  }
  for (const ballot of ballots) {
    if (ballot.length !== contests.length) throw new Error('a ballot without every contest');
    for (const mark of ballot) {
      const count = counts[mark.contestId];
      const contest = contests.find((c) => c.id === mark.contestId);
      if (!count || !contest) throw new Error(`a mark for an unknown contest ${mark.contestId}`);
      if (contest.candidateIds.length === 1) {
        const line = count.lines[contest.candidateIds[0]];
        if (mark.answer === 'YES') line[0] += 1;
        else if (mark.answer === 'NO') line[1] = (line[1] ?? 0) + 1;
        if (mark.answer === 'YES' || mark.answer === 'NO') count.validBallots += 1;
        else count.abstentions += 1;
      } else if (mark.abstain || mark.candidateIds.length === 0) {
        count.abstentions += 1;
      } else {
        count.validBallots += 1;
        for (const id of mark.candidateIds) {
          if (!count.lines[id]) throw new Error(`a vote for a non-candidate ${id}`);
          count.lines[id][0] += 1;
        }
      }
    }
  }
  return counts;
}

// The tally as stored: per contest its counts and one result line per candidate.
export async function storedCounts(
  databaseUrl: string,
  electionId: string,
): Promise<Record<string, ContestCount>> {
  const rows = await queryRows<{
    id: string;
    valid_ballots: number | null;
    abstentions: number | null;
    member_id: string | null;
    votes: number | null;
    no_votes: number | null;
  }>(
    databaseUrl,
    `SELECT c.id, c.valid_ballots, c.abstentions, r.member_id, r.votes, r.no_votes
       FROM election_contest c LEFT JOIN election_contest_result r ON r.contest_id = c.id
      WHERE c.election_id = $1 ORDER BY c.ordinal, r.member_id`,
    [electionId],
  );
  const counts: Record<string, ContestCount> = {};
  for (const row of rows) {
    counts[row.id] ??= {
      validBallots: row.valid_ballots ?? -1,
      abstentions: row.abstentions ?? -1,
      lines: {},
    };
    if (row.member_id) counts[row.id].lines[row.member_id] = [row.votes!, row.no_votes];
  }
  return counts;
}

// Results as the API shows them (RESULTS query), in the same shape.
export function countsOfResults(election: any): Record<string, ContestCount> {
  return Object.fromEntries(
    election.contests.map((contest: any) => [
      contest.id,
      {
        validBallots: contest.validBallots,
        abstentions: contest.abstentions,
        lines: Object.fromEntries(
          contest.results.map((line: any) => [line.member.id, [line.votes, line.noVotes]]),
        ),
      },
    ]),
  );
}

// Frozen candidate lists of an election (accepted nominations, in nomination order).
export async function contestsOf(
  databaseUrl: string,
  electionId: string,
): Promise<Array<{ id: string; candidateIds: string[] }>> {
  const rows = await queryRows<{ id: string; candidate_ids: string[] }>(
    databaseUrl,
    `SELECT c.id, array_remove(array_agg(n.nominee_id ORDER BY n.nominated_at, n.id), NULL) AS candidate_ids
       FROM election_contest c
       LEFT JOIN election_nomination n ON n.contest_id = c.id AND n.status = 'ACCEPTED'
      WHERE c.election_id = $1 GROUP BY c.id, c.ordinal ORDER BY c.ordinal`,
    [electionId],
  );
  return rows.map((row) => ({ id: row.id, candidateIds: row.candidate_ids }));
}

// The ballots of a closed election, as the close sealed them (in its random order), and the code
// hashes (sorted).
export async function sealedBox(
  databaseUrl: string,
  electionId: string,
): Promise<{ ballots: Mark[][]; codeHashes: string[]; participantsKey: Buffer }> {
  const rows = await queryRows<{
    ballots: Mark[][];
    tracking_code_hashes: string[];
    participants_key: Buffer;
  }>(
    databaseUrl,
    `SELECT ballots, tracking_code_hashes, participants_key
       FROM election_ballot_box WHERE election_id = $1`,
    [electionId],
  );
  if (rows.length !== 1) throw new Error(`no sealed ballot box for ${electionId}`);
  return {
    ballots: rows[0].ballots,
    codeHashes: rows[0].tracking_code_hashes,
    participantsKey: rows[0].participants_key,
  };
}

// The ballots of an election whose vote is open.
export async function ballotRows(databaseUrl: string, electionId: string): Promise<Mark[][]> {
  const rows = await queryRows<{ choices: Mark[] }>(
    databaseUrl,
    'SELECT choices FROM election_ballot WHERE election_id = $1',
    [electionId],
  );
  return rows.map((row) => row.choices);
}

export interface Seals {
  // The tally hash as recomputed from the stored rows, the way libs/elections does
  // (TallyService.tallyHashOf), and the one sealed at the close.
  recomputedTallyHash: string;
  electionTallyHash: string;
  // From the audit entry of the close: what it sealed, and the same digests recomputed now.
  closeEntry: {
    tallyHash: string;
    turnout: number;
    participantsDigest: string;
    ballotsDigest: string;
    trackingCodesDigest: string;
  };
  recomputed: { participantsDigest: string; ballotsDigest: string; trackingCodesDigest: string };
  approvalTallyHashes: string[];
}

// Recomputes, from the rows of one database, every hash that sealed an election's tally.
export async function sealsOf(databaseUrl: string, electionId: string): Promise<Seals> {
  const [election] = await queryRows<Record<string, any>>(
    databaseUrl,
    `SELECT id, turnout, quorum_numerator, quorum_denominator, quorum_comparison, majority,
            tie_policy, tally_hash FROM election WHERE id = $1`,
    [electionId],
  );
  const column = <T>(sql: string): Promise<T[]> =>
    queryRows<{ value: T }>(databaseUrl, sql, [electionId]).then((rows) =>
      rows.map((row) => row.value),
    );
  const electorate = await column<string>(
    'SELECT member_id AS value FROM election_elector WHERE election_id = $1 ORDER BY member_id',
  );
  const participants = await column<string>(
    'SELECT member_id AS value FROM election_participation WHERE election_id = $1',
  );
  const { ballots, codeHashes: codes, participantsKey } = await sealedBox(databaseUrl, electionId);
  const contests = await queryRows<Record<string, any>>(
    databaseUrl,
    `SELECT id, ordinal, status, valid_ballots, abstentions FROM election_contest
      WHERE election_id = $1 ORDER BY ordinal`,
    [electionId],
  );
  const results = await queryRows<Record<string, any>>(
    databaseUrl,
    `SELECT r.contest_id, r.member_id, r.votes, r.no_votes, r.elected
       FROM election_contest_result r JOIN election_contest c ON c.id = r.contest_id
      WHERE c.election_id = $1`,
    [electionId],
  );
  // As rulesetOf (libs/elections/src/persistence/elections.repository.ts) builds it.
  const ruleset = {
    quorum: {
      numerator: election.quorum_numerator,
      denominator: election.quorum_denominator,
      comparison: election.quorum_comparison,
    },
    majority: election.majority,
    tiePolicy: election.tie_policy,
  };
  const recomputedTallyHash = tallyDigest({
    electionId,
    electorateDigest: electorateDigest(electorate),
    electorateSize: electorate.length,
    turnout: election.turnout ?? 0,
    ruleset,
    contests: contests.map((contest) => ({
      id: contest.id,
      ordinal: contest.ordinal,
      status: contest.status,
      validBallots: contest.valid_ballots,
      abstentions: contest.abstentions,
      results: results
        .filter((result) => result.contest_id === contest.id)
        .map((result) => ({
          memberId: result.member_id,
          votes: result.votes,
          noVotes: result.no_votes,
          elected: result.elected,
        })),
    })),
  });
  const [closeEntry] = await queryRows<{ summary: Seals['closeEntry'] }>(
    databaseUrl,
    `SELECT summary FROM audit_entry
      WHERE action = 'elections.voting_closed' AND entity_id = $1`,
    [electionId],
  );
  const approvalTallyHashes = await column<string>(
    'SELECT tally_hash AS value FROM election_approval WHERE election_id = $1 ORDER BY decided_at',
  );
  return {
    recomputedTallyHash,
    electionTallyHash: election.tally_hash,
    closeEntry: closeEntry?.summary,
    recomputed: {
      participantsDigest: participantsDigest(participantsKey, participants),
      ballotsDigest: listDigest(ballots),
      trackingCodesDigest: listDigest(codes),
    },
    approvalTallyHashes,
  };
}
