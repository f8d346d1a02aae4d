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

export interface MinutesDecisions {
  mayApprove: boolean;
  mayReturn: boolean;
}

// What a caller may decide on minutes now, by the rules approving and returning them apply: they
// are SUBMITTED, the caller holds APPROVE_MINUTES on the current seats (`approver`), the chair seat
// allows them (chairSeatAllows), and nobody approves minutes they drafted or submitted. `authors`:
// who drafted a version since the last approval, or submitted them.
export function minutesDecisionsOf(input: {
  viewerId: string;
  approver: boolean;
  submitted: boolean;
  sittingChair: string | null;
  authors: ReadonlySet<string>;
}): MinutesDecisions {
  const { viewerId, sittingChair, authors } = input;
  if (!input.submitted || !input.approver) return { mayApprove: false, mayReturn: false };
  const chairDraftedThem =
    sittingChair !== null && sittingChair !== viewerId && authors.has(sittingChair);
  return {
    mayApprove: chairSeatAllows(viewerId, sittingChair, chairDraftedThem) && !authors.has(viewerId),
    mayReturn: chairSeatAllows(viewerId, sittingChair, false),
  };
}
