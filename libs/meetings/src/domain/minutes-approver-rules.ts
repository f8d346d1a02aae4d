import { CurrentSeat, Position } from '@council/terms';

// The chair seat's holder while they hold its powers: a suspended chair has no roles (DOMAIN.md),
// so the seat counts as vacant meanwhile.
export function sittingChairOf(seats: readonly CurrentSeat[]): string | null {
  return (
    seats.find((seat) => seat.position === Position.CHAIR && seat.holderActive)?.memberId ?? null
  );
}

// DOMAIN.md: the chair approves or returns minutes, a co-chair "when the chair seat is vacant". The
// permission table (APPROVE_MINUTES) lets both through; this narrows it for whoever is not the
// sitting chair. A chair who drafted or submitted the minutes (a former secretary elected chair) is
// recused from approving them, as a candidate co-chair is from certifying an election, and a
// co-chair approves in their place.
export function chairSeatAllows(
  actorId: string,
  sittingChair: string | null,
  chairDraftedThem: boolean,
): boolean {
  return sittingChair === null || sittingChair === actorId || chairDraftedThem;
}
