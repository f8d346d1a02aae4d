// DOMAIN.md "Elections": DRAFT → NOMINATION → VOTING → TALLIED → CERTIFIED, with REJECTED (after
// the tally) and CANCELLED (before it).
export enum ElectionStatus {
  DRAFT = 'DRAFT',
  NOMINATION = 'NOMINATION',
  VOTING = 'VOTING',
  TALLIED = 'TALLIED',
  CERTIFIED = 'CERTIFIED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
}

export enum ContestStatus {
  // Before the tally: nothing about the outcome is known.
  PENDING = 'PENDING',
  DECIDED = 'DECIDED',
  // A tie for the last seat or no candidate with the required majority: a runoff decides.
  UNDECIDED = 'UNDECIDED',
  // Nobody left to elect (every candidate already won an earlier contest of the election).
  VACANT = 'VACANT',
  // The election missed its quorum: nobody is elected.
  NO_QUORUM = 'NO_QUORUM',
}

export enum NominationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

export enum VotingMethod {
  ELECTRONIC = 'ELECTRONIC',
  PAPER = 'PAPER',
}

export enum ApprovalDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}

// In which capacity an approver acted (DOMAIN.md: recusal passes a co-chair's place on; so does a
// co-chair's suspension, recorded as such).
export enum ApproverCapacity {
  CO_CHAIR = 'CO_CHAIR',
  CHAIR_FOR_RECUSED = 'CHAIR_FOR_RECUSED',
  SECRETARY_FOR_RECUSED = 'SECRETARY_FOR_RECUSED',
  CHAIR_FOR_SUSPENDED = 'CHAIR_FOR_SUSPENDED',
  SECRETARY_FOR_SUSPENDED = 'SECRETARY_FOR_SUSPENDED',
  ADMIN = 'ADMIN',
}

export enum ResultOutcome {
  ELECTED = 'ELECTED',
  NOT_ELECTED = 'NOT_ELECTED',
  // Tied for the last seat, or the best placed without the majority: goes to the runoff.
  IN_RUNOFF = 'IN_RUNOFF',
  // Holds a seat from another contest of this election: skipped here, never seated twice.
  ELECTED_ELSEWHERE = 'ELECTED_ELSEWHERE',
  ELECTED_IN_RUNOFF = 'ELECTED_IN_RUNOFF',
}

export enum BallotAnswer {
  YES = 'YES',
  NO = 'NO',
  ABSTAIN = 'ABSTAIN',
}
