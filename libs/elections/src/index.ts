export * from './elections.module';
export * from './elections.service';
export * from './nominations.service';
export * from './ballots.service';
export * from './tally.service';
export * from './runoffs.service';
export * from './certification.service';
export * from './elections-query.service';
export * from './persistence';
export { VACUUMED_BALLOT_TABLES } from './persistence/ballot-vacuum';
export * from './domain/election-status';
export * from './domain/elections.errors';
export * from './domain/ruleset';
export * from './domain/transitions';
export * from './domain/approval-rules';
export * from './domain/candidates';
export * from './domain/digests';
export { checkElectionForm } from './domain/election-form';
export { ExplanationLanguage, explanationIn } from './domain/explanation';
export type { BallotChoiceInput, BallotMark } from './domain/ballot-rules';
export {
  ELECTION_NOTE_MAX_LENGTH,
  ELECTION_TITLE_MAX_LENGTH,
  MAX_CONTEST_SEATS,
  portfolioIn,
} from './domain/contests';
export { TRACKING_CODE_FORMAT, TRACKING_CODE_PATTERN } from './domain/tracking-code';
export type { ContestInput } from './domain/contests';
export type { PaperContestInput, PaperCountInput } from './domain/paper-counts';
