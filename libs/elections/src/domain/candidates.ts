import { NominationStatus } from './election-status';

// README (Elections): a contest's candidates are its accepted nominations; a nomination awaiting
// its answer, or declined, puts nobody on the ballot.
export function candidaciesAmong<N extends { status: NominationStatus }>(
  nominations: readonly N[],
): N[] {
  return nominations.filter((nomination) => nomination.status === NominationStatus.ACCEPTED);
}
