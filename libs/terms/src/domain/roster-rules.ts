import { ConflictError, ValidationError, optionalText } from '@council/core';
import { TermsReason } from './terms.errors';

export enum Position {
  CHAIR = 'CHAIR',
  CO_CHAIR = 'CO_CHAIR',
  EXECUTIVE_SECRETARY = 'EXECUTIVE_SECRETARY',
}

// DOMAIN.md: CHAIR ×1, CO_CHAIR ×2 (each with a portfolio), EXECUTIVE_SECRETARY ×1.
export const SEATS_PER_POSITION: Record<Position, number> = {
  [Position.CHAIR]: 1,
  [Position.CO_CHAIR]: 2,
  [Position.EXECUTIVE_SECRETARY]: 1,
};

export const DEFAULT_CO_CHAIR_PORTFOLIOS = [
  'Relations with regional authorities',
  'Relations with federal authorities',
] as const;

export interface SeatAssignment {
  position: Position;
  memberId: string;
  portfolio?: string | null;
}

export interface NumberedSeat {
  position: Position;
  seatNo: number;
  memberId: string;
  portfolio: string | null;
}

// A seat of the current term and whether its holder is active: a suspension does not vacate it.
export interface CurrentSeat {
  position: Position;
  seatNo: number;
  memberId: string;
  holderActive: boolean;
}

// A co-chair's portfolio, on a seat or on an election's contest.
export const PORTFOLIO_MAX_LENGTH = 200;

// Latin and Greek letters (once lower-cased) whose capital or small form looks like a Cyrillic
// letter, read as that letter, and ё as е: as organisation names are compared
// (ORGANIZATION_NAME_KEY).
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map(
  [...'abcehkmoptxyαβεηκμορτχυё'].map((letter, at) => [letter, 'авсенкмортхуавенкмортхуе'[at]]),
);

// Portfolios compared as a person reads them: "Регион", "регион " and "Рег\u200bион" (with a
// zero-width space, or any other character that is not shown) are the same portfolio, and so are
// "учёные" and "ученые", or "Регион" typed with a Latin "P" and "e".
export function portfolioKey(portfolio: string): string {
  return portfolio
    .normalize('NFC')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('ru')
    .replace(/[abcehkmoptxyαβεηκμορτχυё]/gu, (letter) => LOOK_ALIKES.get(letter)!);
}

// DOMAIN.md: one co-chair answers for regional authorities, the other for federal ones. Seats given
// one by one (the founding appointment) must therefore carry different portfolios. (A two-seat
// co-chair contest is API.md's way to elect both co-chairs to one shared portfolio, on purpose.)
export function assertDistinctPortfolios(assignments: SeatAssignment[], field = 'seats'): void {
  const seen = new Set<string>();
  for (const [index, assignment] of assignments.entries()) {
    if (assignment.position !== Position.CO_CHAIR || !assignment.portfolio) continue;
    const key = portfolioKey(assignment.portfolio);
    if (seen.has(key)) {
      throw ValidationError.field(
        `${field}.${index}.portfolio`,
        'the two co-chair seats need different portfolios',
        TermsReason.DUPLICATE_PORTFOLIO,
      );
    }
    seen.add(key);
  }
}

// Checks a roster's composition and numbers the seats. Seats may be left vacant; none may be
// over-filled and nobody may hold two seats.
export function numberSeats(assignments: SeatAssignment[], field = 'seats'): NumberedSeat[] {
  if (assignments.length === 0) {
    throw ValidationError.field(
      field,
      'a roster needs at least one seat',
      TermsReason.EMPTY_ROSTER,
    );
  }
  const used: Record<Position, number> = { CHAIR: 0, CO_CHAIR: 0, EXECUTIVE_SECRETARY: 0 };
  const members = new Set<string>();
  return assignments.map((assignment, index) => {
    // Each mistake names the seat's field, as the input checks do (seats.1.portfolio).
    const seatField = (name: keyof SeatAssignment) => `${field}.${index}.${name}`;
    used[assignment.position] += 1;
    if (used[assignment.position] > SEATS_PER_POSITION[assignment.position]) {
      throw ValidationError.field(
        seatField('position'),
        `${assignment.position} has only ${SEATS_PER_POSITION[assignment.position]} seat(s)`,
        TermsReason.TOO_MANY_SEATS,
      );
    }
    if (members.has(assignment.memberId)) {
      throw ValidationError.field(
        seatField('memberId'),
        'one person can hold only one seat per term',
        TermsReason.DUPLICATE_HOLDER,
      );
    }
    members.add(assignment.memberId);
    const portfolio = optionalText(
      assignment.portfolio,
      seatField('portfolio'),
      PORTFOLIO_MAX_LENGTH,
    );
    if (assignment.position === Position.CO_CHAIR && !portfolio) {
      throw ValidationError.field(
        seatField('portfolio'),
        'each co-chair seat needs a portfolio',
        TermsReason.PORTFOLIO_REQUIRED,
      );
    }
    if (assignment.position !== Position.CO_CHAIR && portfolio) {
      throw ValidationError.field(
        seatField('portfolio'),
        'only co-chair seats carry a portfolio',
        TermsReason.UNEXPECTED_PORTFOLIO,
      );
    }
    return {
      position: assignment.position,
      seatNo: used[assignment.position],
      memberId: assignment.memberId,
      portfolio,
    };
  });
}

// A by-election's winners into the seats a roster left vacant: each takes the lowest free seat
// number of its position. The election was created for vacant seats and its candidates hold none,
// so a refusal here means the roster changed meanwhile.
export function numberVacantSeats(
  held: ReadonlyArray<Pick<NumberedSeat, 'position' | 'seatNo' | 'memberId'>>,
  assignments: SeatAssignment[],
): NumberedSeat[] {
  // Nobody elected (every contest vacant again): the roster stays as it is.
  if (assignments.length === 0) return [];
  const taken = new Set(held.map((seat) => `${seat.position}:${seat.seatNo}`));
  const holders = new Set(held.map((seat) => seat.memberId));
  return numberSeats(assignments).map((seat) => {
    if (holders.has(seat.memberId)) {
      throw new ConflictError(TermsReason.SEAT_TAKEN, 'A winner already holds a seat in this term');
    }
    holders.add(seat.memberId);
    const free = Array.from({ length: SEATS_PER_POSITION[seat.position] }, (_, i) => i + 1).find(
      (seatNo) => !taken.has(`${seat.position}:${seatNo}`),
    );
    if (free === undefined) {
      throw new ConflictError(
        TermsReason.SEAT_TAKEN,
        `The term's ${seat.position} seats are all held`,
      );
    }
    taken.add(`${seat.position}:${free}`);
    return { ...seat, seatNo: free };
  });
}
