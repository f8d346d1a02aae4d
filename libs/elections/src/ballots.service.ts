import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError, assertUuid, randomToken, sha256Hex } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { BallotChoiceInput, BallotMark, validateBallot } from './domain/ballot-rules';
import { ElectionStatus, VotingMethod } from './domain/election-status';
import { ElectionReason, conflict, forbidden } from './domain/elections.errors';
import { shuffled } from './domain/shuffle';
import { assertTransition } from './domain/transitions';
import { BallotEntity } from './persistence/ballot.entity';
import { ElectionEntity } from './persistence/election.entity';
import { ElectionsRepository } from './persistence/elections.repository';
import { TrackingCodeEntity } from './persistence/tracking-code.entity';

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

// 18 random bytes: 144 bits, more than the 128 the issue asks for.
const TRACKING_CODE_BYTES = 18;

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

  async castBallot(
    voterId: string,
    electionId: string,
    choices: readonly BallotChoiceInput[],
  ): Promise<BallotReceipt> {
    const id = assertUuid(electionId, 'electionId');
    const trackingCode = randomToken(TRACKING_CODE_BYTES);
    await this.dataSource.transaction(async (manager) => {
      // FOR SHARE on the election: the close (FOR UPDATE) waits for this ballot, or refuses it.
      const gate = await this.repository.ballotGate(manager, id, voterId);
      if (!gate) throw new NotFoundError('Election');
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
      const contests = await this.repository.frozenBallotContests(manager, id);
      const marks = validateBallot(contests, choices);
      try {
        await this.repository.recordBallot(manager, {
          electionId: id,
          voterId,
          marks,
          codeHash: sha256Hex(trackingCode),
        });
      } catch (error) {
        // A concurrent ballot of the same voter committed first.
        if (isUniqueViolation(error, 'pk_election_participation')) {
          throw conflict(ElectionReason.ALREADY_VOTED, 'You have already voted in this election');
        }
        throw error;
      }
    });
    return { trackingCode };
  }

  // DOMAIN.md: after the close the box is published as two lists that cannot be joined.
  async ballotBox(electionId: string): Promise<BallotBox> {
    const id = assertUuid(electionId, 'electionId');
    const election = await this.dataSource.getRepository(ElectionEntity).findOneBy({ id });
    if (!election) throw new NotFoundError('Election');
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
    const [ballots, codes] = await Promise.all([
      this.dataSource.getRepository(BallotEntity).find({
        where: { electionId: id },
        select: { id: true, choices: true },
      }),
      this.dataSource.getRepository(TrackingCodeEntity).find({
        where: { electionId: id },
        select: { codeHash: true },
      }),
    ]);
    return {
      electionId: id,
      turnout: election.turnout ?? ballots.length,
      trackingCodeHashes: codes.map((code) => code.codeHash).sort(),
      ballots: shuffled(ballots.map((ballot) => ({ choices: ballot.choices }))),
    };
  }
}
