import { ValidationError, optionalText } from '@council/core';

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

// Checks a roster's composition and numbers the seats. Seats may be left vacant; none may be
// over-filled and nobody may hold two seats.
export function numberSeats(assignments: SeatAssignment[], field = 'seats'): NumberedSeat[] {
  if (assignments.length === 0) {
    throw ValidationError.field(field, 'a roster needs at least one seat', 'EMPTY_ROSTER');
  }
  const used: Record<Position, number> = { CHAIR: 0, CO_CHAIR: 0, EXECUTIVE_SECRETARY: 0 };
  const members = new Set<string>();
  return assignments.map((assignment) => {
    used[assignment.position] += 1;
    if (used[assignment.position] > SEATS_PER_POSITION[assignment.position]) {
      throw ValidationError.field(
        field,
        `${assignment.position} has only ${SEATS_PER_POSITION[assignment.position]} seat(s)`,
        'TOO_MANY_SEATS',
      );
    }
    if (members.has(assignment.memberId)) {
      throw ValidationError.field(
        field,
        'one person can hold only one seat per term',
        'DUPLICATE_HOLDER',
      );
    }
    members.add(assignment.memberId);
    const portfolio = optionalText(assignment.portfolio, field, 200);
    if (assignment.position === Position.CO_CHAIR && !portfolio) {
      throw ValidationError.field(
        field,
        'each co-chair seat needs a portfolio',
        'PORTFOLIO_REQUIRED',
      );
    }
    if (assignment.position !== Position.CO_CHAIR && portfolio) {
      throw ValidationError.field(
        field,
        'only co-chair seats carry a portfolio',
        'UNEXPECTED_PORTFOLIO',
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
