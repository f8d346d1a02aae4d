import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, NotFoundError, assertUuid, sha256Hex } from '@council/core';
import { asRepeatableWrite, autocommitWrite, isUniqueViolation } from '@council/database';
import {
  BallotChoiceInput,
  BallotContest,
  BallotMark,
  validateBallot,
} from './domain/ballot-rules';
import { ElectionStatus, VotingMethod } from './domain/election-status';
import { ElectionReason, conflict, forbidden } from './domain/elections.errors';
import { shuffled } from './domain/shuffle';
import { assertOwnTrackingCode, newTrackingCode } from './domain/tracking-code';
import { assertTransition } from './domain/transitions';
import { BallotBoxEntity } from './persistence/ballot-box.entity';
import { ElectionEntity } from './persistence/election.entity';
import { BallotGate, ElectionsRepository } from './persistence/elections.repository';

export interface BallotReceipt {
  // Shown once to the voter; only its SHA-256 is stored.
  trackingCode: string;
}

export interface BallotBox {
  electionId: string;
  turnout: number;
  // Sorted: each voter finds the hash of their code.
  trackingCodeHashes: string[];
  // Choices only, in random order: anyone can recount.
  ballots: Array<{ choices: BallotMark[] }>;
}

// A cast sent again with the voter's own code meets one of these when its first was stored: the
// vote is still open, or it has closed since.
const REPLAYABLE_REFUSALS: ReadonlySet<string> = new Set([
  ElectionReason.ALREADY_VOTED,
  ElectionReason.VOTING_NOT_OPEN,
]);

// Elections open for voting at the same time are few; a bound keeps the cache from growing.
const BALLOT_PAPERS_KEPT = 64;

// Refusals in this order: the election's status, the voter's right to vote, a second ballot.
function assertMayVote(gate: BallotGate): void {
  assertTransition(gate.status, 'castBallot');
  // A suspended member cannot sign in; isActive holds even for a session that outlived it.
  if (!gate.isElector || !gate.isActive) {
    throw forbidden(
      ElectionReason.NOT_IN_ELECTORATE,
      'Only active members of the electorate fixed when the vote opened may vote',
    );
  }
  if (gate.hasVoted) {
    throw conflict(ElectionReason.ALREADY_VOTED, 'You have already voted in this election');
  }
}

// The ballot's marks, or null when it is invalid (the full path then explains why, after the
// checks that come first).
function validBallotOrNull(
  paper: readonly BallotContest[],
  choices: readonly BallotChoiceInput[],
): BallotMark[] | null {
  try {
    return validateBallot(paper, choices);
  } catch {
    return null;
  }
}

// The secret ballot: who voted (participation), what was chosen (ballot) and the tracking-code
// hash are three rows in three tables with nothing linking them. The participation key makes a
// second ballot impossible, even for racing requests. No audit entry per ballot: it would record
// who voted when (see README "Elections"); the close seals the register and the box instead.
@Injectable()
export class BallotsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ElectionsRepository,
  ) {}

  // Ballot papers (contests and accepted candidates) of elections seen in VOTING. A paper is fixed
  // when the vote opens and an election never returns to VOTING, so a cached paper cannot go stale;
  // the status itself is re-checked by every cast. Kept as promises: the hundreds of voters who
  // arrive together when the vote opens wait for one read.
  private readonly ballotPapers = new Map<string, Promise<BallotContest[] | null>>();

  // ownTrackingCode: a code the voter's device drew (domain/tracking-code.ts); otherwise the
  // server draws one. With their own code a voter whose answer was lost may send the same cast
  // again: if the first one was stored, the same receipt comes back instead of ALREADY_VOTED.
  async castBallot(
    voterId: string,
    electionId: string,
    choices: readonly BallotChoiceInput[],
    ownTrackingCode?: string | null,
  ): Promise<BallotReceipt> {
    const id = assertUuid(electionId, 'electionId');
    const trackingCode =
      ownTrackingCode == null ? newTrackingCode() : assertOwnTrackingCode(ownTrackingCode);
    const ballot = { electionId: id, voterId, codeHash: sha256Hex(trackingCode) };
    try {
      await this.store(ballot, choices);
    } catch (error) {
      // The voter has voted (or the vote has closed since), and a ballot of this election carries
      // the code they hold: their own earlier cast, unless another voter's code was given to them
      // (then this receipt stores nothing; README, the secret ballot's threat model).
      const replayed =
        ownTrackingCode != null &&
        error instanceof DomainError &&
        REPLAYABLE_REFUSALS.has(error.reason) &&
        (await this.repository.votedWithTrackingCode(this.dataSource.manager, ballot));
      if (replayed) return { trackingCode };
      // With their own code the voter may send the cast again as it is: an answer lost here (the
      // ballot may or may not be stored) is a plain "retry", not "check before repeating".
      throw ownTrackingCode == null ? error : asRepeatableWrite(error);
    }
    return { trackingCode };
  }

  private async store(
    ballot: { electionId: string; voterId: string; codeHash: string },
    choices: readonly BallotChoiceInput[],
  ): Promise<void> {
    const { electionId: id, voterId } = ballot;
    const paper = await this.ballotPaper(id);
    const marks = paper && validBallotOrNull(paper, choices);
    if (marks) {
      // The usual case, in one statement outside a transaction: if its answer is lost, the
      // ballot may be stored, and the voter is not told to simply cast it again. The connection
      // is taken first: failing to get one sends nothing, and stays a plain "retry".
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await autocommitWrite(() => this.record(runner.manager, { ...ballot, marks }));
      } finally {
        await runner.release();
      }
      return;
    }
    // No vote open, or an invalid ballot: each check in turn, and the first refusal explained.
    await this.dataSource.transaction(async (manager) => {
      const gate = await this.repository.ballotGate(manager, id, voterId);
      if (!gate) throw new NotFoundError('Election');
      assertMayVote(gate);
      // In VOTING (the gate holds the election): the paper is there.
      const contests = (await this.repository.ballotPaperWhileVoting(manager, id)) ?? [];
      await this.record(manager, { ...ballot, marks: validateBallot(contests, choices) });
    });
  }

  // The paper of an election open for voting; null otherwise (not cached: the vote may open later).
  private ballotPaper(electionId: string): Promise<BallotContest[] | null> {
    const known = this.ballotPapers.get(electionId);
    if (known) return known;
    if (this.ballotPapers.size >= BALLOT_PAPERS_KEPT) {
      this.ballotPapers.delete(this.ballotPapers.keys().next().value!);
    }
    const paper = this.repository.ballotPaperWhileVoting(this.dataSource.manager, electionId);
    this.ballotPapers.set(electionId, paper);
    const forget = () => this.ballotPapers.delete(electionId);
    paper.then((contests) => contests ?? forget(), forget);
    return paper;
  }

  // Writes the ballot if the gate lets the voter through; a refusal is explained in the order of
  // the full path. A concurrent ballot of the same voter that committed first is ALREADY_VOTED.
  private async record(
    manager: EntityManager,
    ballot: { electionId: string; voterId: string; marks: BallotMark[]; codeHash: string },
  ): Promise<void> {
    const outcome = await this.repository
      .recordBallotIfAllowed(manager, ballot)
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'pk_election_participation')) {
          throw conflict(ElectionReason.ALREADY_VOTED, 'You have already voted in this election');
        }
        // Only a code of the voter's own can be taken (the server's are 144 random bits).
        if (isUniqueViolation(error, 'pk_election_tracking_code')) {
          throw conflict(
            ElectionReason.TRACKING_CODE_TAKEN,
            'A ballot of an open vote already carries this tracking code: draw a new one',
            'trackingCode',
          );
        }
        throw error;
      });
    if (!outcome) throw new NotFoundError('Election');
    if (!outcome.recorded) {
      assertMayVote(outcome.gate);
      throw new Error('The ballot was not recorded although the gate let it through');
    }
  }

  // DOMAIN.md: after the close the box is published as two lists that cannot be joined.
  async ballotBox(electionId: string): Promise<BallotBox> {
    const id = assertUuid(electionId, 'electionId');
    const election = await this.dataSource.getRepository(ElectionEntity).findOneBy({ id });
    if (!election) throw new NotFoundError('Election');
    if (election.status === ElectionStatus.CANCELLED) {
      // Its ballots were destroyed with it: the box will never open (rather than "when voting
      // closes", which would have a client wait for ever).
      throw conflict(
        ElectionReason.ELECTION_CANCELLED,
        'The election was cancelled: its ballots were destroyed and there is no ballot box',
      );
    }
    const closed = [
      ElectionStatus.TALLIED,
      ElectionStatus.CERTIFIED,
      ElectionStatus.REJECTED,
    ].includes(election.status);
    if (!closed || election.votingMethod === null) {
      throw forbidden(
        ElectionReason.BALLOT_BOX_SEALED,
        'The ballot box is opened when voting closes',
      );
    }
    if (election.votingMethod === VotingMethod.PAPER) {
      throw conflict(ElectionReason.PAPER_VOTE, 'This election was decided by a paper vote');
    }
    const box = await this.dataSource.getRepository(BallotBoxEntity).findOneBy({ electionId: id });
    // Sealed by the transaction that closed the vote.
    if (!box) throw new Error(`The closed election ${id} has no sealed ballot box`);
    return {
      electionId: id,
      turnout: election.turnout ?? box.ballots.length,
      trackingCodeHashes: box.trackingCodeHashes,
      ballots: shuffled(box.ballots.map((choices) => ({ choices }))),
    };
  }
}
