import { Position, SeatAssignment } from '@council/terms';

export interface SeatedContest {
  position: Position;
  portfolio: string | null;
  // Winners in the order they were elected.
  elected: readonly string[];
}

// The roster a certified election installs: contests in order, each winner in a seat of the
// contest's position. DOMAIN.md: the certified roster never holds a person twice; the tally already
// skips earlier winners, and this keeps the guarantee whatever the input (the first seat wins).
export function seatsFromContests(contests: readonly SeatedContest[]): SeatAssignment[] {
  const seated = new Set<string>();
  const seats: SeatAssignment[] = [];
  for (const contest of contests) {
    for (const memberId of contest.elected) {
      if (seated.has(memberId)) continue;
      seated.add(memberId);
      seats.push({ position: contest.position, memberId, portfolio: contest.portfolio });
    }
  }
  return seats;
}
