import type { TestApp } from './test-app';

// GraphQL documents and builders for election tests: every step goes over HTTP, as a client would.
export const ELECTION_FIELDS = `id title status electorateSize turnout quorumReached quorumRequired hasVoted isInElectorate
  votingMethod explanation statusReason tallyHash
  term { label }
  ruleset { quorumNumerator quorumDenominator quorumComparison majority tiePolicy }
  contests { id ordinal position seats portfolio majority status
    candidates { id member { id fullName } } }
  approvals { member { id } decision comment capacity tallyHash at }`;

export const CREATE = `mutation($input: CreateElectionInput!) { createElection(input: $input) { ${ELECTION_FIELDS} } }`;
export const OPEN_NOMINATIONS = `mutation($id: ID!) { openNominations(electionId: $id) { id status } }`;
export const NOMINATE = `mutation($contest: ID!, $nominee: ID!) { nominate(contestId: $contest, nomineeId: $nominee) { id status nominee { id } nominatedBy { id } contest { id } } }`;
export const RESPOND = `mutation($id: ID!, $accept: Boolean!) { respondToNomination(nominationId: $id, accept: $accept) { id status } }`;
export const OPEN_VOTING = `mutation($id: ID!) { openVoting(electionId: $id) { id status electorateSize turnout } }`;
export const CAST = `mutation($input: CastBallotInput!) { castBallot(input: $input) { trackingCode } }`;
export const CLOSE = `mutation($id: ID!) { closeVoting(electionId: $id) { ${ELECTION_FIELDS} } }`;
export const APPROVE = `mutation($id: ID!, $comment: String) { approveElection(electionId: $id, comment: $comment) { id status approvals { member { id } decision capacity } } }`;
export const REJECT = `mutation($id: ID!, $reason: String!) { rejectElection(electionId: $id, reason: $reason) { id status statusReason } }`;
export const CANCEL = `mutation($id: ID!, $reason: String!) { cancelElection(electionId: $id, reason: $reason) { id status statusReason } }`;
export const PAPER = `mutation($input: PaperResultInput!) { recordPaperResult(input: $input) { ${ELECTION_FIELDS} } }`;
export const RUNOFF = `mutation($contest: ID!) { createRunoff(contestId: $contest) { ${ELECTION_FIELDS} parent { id } runoffFor { id } } }`;
export const ELECTION = `query($id: ID!) { election(id: $id) { ${ELECTION_FIELDS} } }`;
export const RESULTS = `query($id: ID!) { election(id: $id) { id status quorumReached explanation
  contests { id status explanation validBallots abstentions
    results { member { id } votes noVotes elected outcome explanation } } } }`;
export const BALLOT_BOX = `query($id: ID!) { ballotBox(electionId: $id) { electionId turnout trackingCodeHashes ballots { choices { contestId candidateIds answer abstain } } } }`;

// The rows a cast writes, counted for an election whose vote is open: who voted, the ballots and
// the tracking-code hashes, which move together.
export async function ballotRowCounts(
  t: TestApp,
  electionId: string,
): Promise<{ voters: number; ballots: number; codes: number }> {
  const [row] = await t.dataSource.query(
    `SELECT (SELECT count(*)::int FROM election_participation WHERE election_id = $1) AS voters,
            (SELECT count(*)::int FROM election_ballot WHERE election_id = $1) AS ballots,
            (SELECT count(*)::int FROM election_tracking_code WHERE election_id = $1) AS codes`,
    [electionId],
  );
  return row;
}

let termSequence = 0;
// Distinct far-future terms, so that fixtures never meet the one-live-election-per-term rule.
export function spareTermLabel(): string {
  termSequence += 1;
  return `${2400 + termSequence}-H1`;
}

export interface ContestSpec {
  position: 'CHAIR' | 'CO_CHAIR' | 'EXECUTIVE_SECRETARY';
  seats?: number;
  portfolio?: string;
  majority?: string;
}

export interface ElectionSpec {
  termLabel?: string;
  title?: string;
  contests?: ContestSpec[];
  ruleset?: Record<string, unknown>;
}

export interface BuiltElection {
  id: string;
  contests: Array<{ id: string; position: string; seats: number; candidates: string[] }>;
}

export const CHAIR_ONLY: ContestSpec[] = [{ position: 'CHAIR' }];
// No quorum to speak of: for tests about something else.
export const NO_QUORUM_RULE = { quorumNumerator: 0, quorumComparison: 'AT_LEAST' };

export class ElectionDriver {
  constructor(
    private readonly t: TestApp,
    private readonly secretaryToken: string,
  ) {}

  async create(spec: ElectionSpec = {}): Promise<BuiltElection> {
    const data = await this.t.client.ok(
      CREATE,
      {
        input: {
          termLabel: spec.termLabel ?? spareTermLabel(),
          title: spec.title ?? 'Выборы руководства',
          ...(spec.contests ? { contests: spec.contests } : {}),
          ...(spec.ruleset ? { ruleset: spec.ruleset } : {}),
        },
      },
      this.secretaryToken,
    );
    return {
      id: data.createElection.id,
      contests: data.createElection.contests.map((contest: any) => ({
        id: contest.id,
        position: contest.position,
        seats: contest.seats,
        candidates: [],
      })),
    };
  }

  async openNominations(id: string): Promise<void> {
    await this.t.client.ok(OPEN_NOMINATIONS, { id }, this.secretaryToken);
  }

  // Nominates (as the secretary) and accepts (as the nominee) each candidate of each contest.
  async stand(
    election: BuiltElection,
    candidates: Array<Array<{ id: string; token: string }>>,
  ): Promise<void> {
    for (const [index, people] of candidates.entries()) {
      const contest = election.contests[index];
      for (const person of people) {
        const nominated = await this.t.client.ok(
          NOMINATE,
          { contest: contest.id, nominee: person.id },
          this.secretaryToken,
        );
        await this.t.client.ok(RESPOND, { id: nominated.nominate.id, accept: true }, person.token);
        contest.candidates.push(person.id);
      }
    }
  }

  async openVoting(id: string): Promise<any> {
    return (await this.t.client.ok(OPEN_VOTING, { id }, this.secretaryToken)).openVoting;
  }

  async close(id: string): Promise<any> {
    return (await this.t.client.ok(CLOSE, { id }, this.secretaryToken)).closeVoting;
  }

  // Created, nominations open, candidates accepted: ready for the vote (or a paper result).
  async nominated(
    spec: ElectionSpec,
    candidates: Array<Array<{ id: string; token: string }>>,
  ): Promise<BuiltElection> {
    const election = await this.create(spec);
    await this.openNominations(election.id);
    await this.stand(election, candidates);
    return election;
  }

  async voting(
    spec: ElectionSpec,
    candidates: Array<Array<{ id: string; token: string }>>,
  ): Promise<BuiltElection> {
    const election = await this.nominated(spec, candidates);
    await this.openVoting(election.id);
    return election;
  }

  async cast(
    electionId: string,
    token: string,
    choices: Array<Record<string, unknown>>,
  ): Promise<string> {
    const data = await this.t.client.ok(CAST, { input: { electionId, choices } }, token);
    return data.castBallot.trackingCode;
  }

  async paper(input: Record<string, unknown>): Promise<any> {
    return (await this.t.client.ok(PAPER, { input }, this.secretaryToken)).recordPaperResult;
  }

  // TALLIED by a paper vote in which every contest (one candidate each) got 3 Yes and no No:
  // ready for its approvals.
  async talliedByPaper(
    spec: ElectionSpec,
    candidates: Array<Array<{ id: string; token: string }>>,
  ): Promise<BuiltElection> {
    const election = await this.nominated(spec, candidates);
    await this.paper({
      electionId: election.id,
      ballotsCast: 3,
      contests: election.contests.map((contest) => ({ contestId: contest.id, yes: 3, no: 0 })),
    });
    return election;
  }
}

export function person(signedIn: { member: { id: string }; token: string }) {
  return { id: signedIn.member.id, token: signedIn.token };
}

// A paper count of one contest: each person with their votes.
export function paperCount(
  contestId: string,
  votes: Array<[{ member: { id: string } }, number]>,
): { contestId: string; counts: Array<{ candidateId: string; votes: number }> } {
  return {
    contestId,
    counts: votes.map(([who, count]) => ({ candidateId: who.member.id, votes: count })),
  };
}
