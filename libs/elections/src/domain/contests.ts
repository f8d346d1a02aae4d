import { allChecked, characterCount, optionalText, shortenText } from '@council/core';
import {
  DEFAULT_CO_CHAIR_PORTFOLIOS,
  PORTFOLIO_MAX_LENGTH,
  Position,
  SEATS_PER_POSITION,
  portfolioKey,
} from '@council/terms';
import { ElectionReason, conflict, invalid } from './elections.errors';
import { ExplanationLanguage } from './explanation';
import { MajorityRule } from './ruleset';

export const ELECTION_TITLE_MAX_LENGTH = 200;
// An approval's comment, the reason for a rejection or a cancellation.
export const ELECTION_NOTE_MAX_LENGTH = 2000;

export interface ContestDefinition {
  position: Position;
  seats: number;
  portfolio: string | null;
  // Overrides the election's majority rule for this contest.
  majority?: MajorityRule | null;
}

export interface ContestInput {
  position: Position;
  seats?: number | null;
  portfolio?: string | null;
  majority?: MajorityRule | null;
}

// DOMAIN.md: CHAIR ×1, CO_CHAIR ×1 (regional authorities), CO_CHAIR ×1 (federal authorities),
// EXECUTIVE_SECRETARY ×1. Contest order decides who is seated when a person wins twice.
export function defaultContests(): ContestDefinition[] {
  return [
    { position: Position.CHAIR, seats: 1, portfolio: null },
    { position: Position.CO_CHAIR, seats: 1, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0] },
    { position: Position.CO_CHAIR, seats: 1, portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1] },
    { position: Position.EXECUTIVE_SECRETARY, seats: 1, portfolio: null },
  ];
}

// A seat of a term's roster, as far as its vacancies go.
export interface HeldSeat {
  position: Position;
  portfolio: string | null;
}

const portfolioKeysOf = (held: readonly HeldSeat[]) =>
  new Set(held.flatMap((seat) => (seat.portfolio ? [portfolioKey(seat.portfolio)] : [])));

// A by-election: a term whose roster was installed with seats left vacant (a contest nobody won,
// an election of only some seats) elects its vacant seats, and only those. By default all of them,
// in the default contests' order; a co-chair vacancy takes a default portfolio nobody holds.
export function vacantContests(held: readonly HeldSeat[]): ContestDefinition[] {
  const heldPortfolios = portfolioKeysOf(held);
  const heldCount = (position: Position) =>
    held.filter((seat) => seat.position === position).length;
  const coChairs: readonly string[] = DEFAULT_CO_CHAIR_PORTFOLIOS.filter(
    (portfolio) => !heldPortfolios.has(portfolioKey(portfolio)),
  ).slice(0, SEATS_PER_POSITION.CO_CHAIR - heldCount(Position.CO_CHAIR));
  return defaultContests().filter((contest) =>
    contest.position === Position.CO_CHAIR
      ? coChairs.includes(contest.portfolio!)
      : heldCount(contest.position) < SEATS_PER_POSITION[contest.position],
  );
}

// The contests a by-election asks for must be vacant seats of the roster: a seat held is
// TERM_HAS_ROSTER, named by its contest.
export function assertContestsVacant(
  contests: readonly ContestDefinition[],
  held: readonly HeldSeat[],
): void {
  const used: Record<Position, number> = { CHAIR: 0, CO_CHAIR: 0, EXECUTIVE_SECRETARY: 0 };
  for (const seat of held) used[seat.position] += 1;
  const heldPortfolios = portfolioKeysOf(held);
  contests.forEach((contest, index) => {
    used[contest.position] += contest.seats;
    const taken =
      used[contest.position] > SEATS_PER_POSITION[contest.position]
        ? `the term's roster has no vacant ${contest.position} seat for this contest`
        : contest.portfolio && heldPortfolios.has(portfolioKey(contest.portfolio))
          ? "a co-chair of the term's roster already holds this portfolio"
          : null;
    if (taken) throw conflict(ElectionReason.TERM_HAS_ROSTER, taken, `contests.${index}`);
  });
}

// A contest elects one seat, or both co-chairs at once (the most seats a position has).
export const MAX_CONTEST_SEATS = Math.max(...Object.values(SEATS_PER_POSITION));

// The contests of one election must fit the roster: no position over its seats, a portfolio on
// (and only on) co-chair contests, and two co-chair contests for two different portfolios.
export function validateContests(inputs: ContestInput[] | null | undefined): ContestDefinition[] {
  if (inputs === null || inputs === undefined) return defaultContests();
  if (inputs.length === 0) {
    throw invalid('contests', ElectionReason.NO_CONTESTS, 'an election needs a contest');
  }
  const used: Record<Position, number> = { CHAIR: 0, CO_CHAIR: 0, EXECUTIVE_SECRETARY: 0 };
  const portfolios = new Set<string>();
  // Every contest's mistakes in one answer (allChecked), the earlier contests' seats counted first.
  // A contest's seats and its portfolio are checked apart: a mistake in one hides none in the other,
  // and a portfolio is taken (for the later contests' duplicates) whatever its contest's seats.
  const seatsOf = (input: ContestInput, field: string): number => {
    const seats = input.seats ?? 1;
    // As ContestInput's checks say (INVALID_SEATS); more than its position has, within them, is
    // TOO_MANY_SEATS.
    if (!Number.isInteger(seats) || seats < 1 || seats > MAX_CONTEST_SEATS) {
      throw invalid(
        `${field}.seats`,
        ElectionReason.INVALID_SEATS,
        `seats must be 1 or ${MAX_CONTEST_SEATS}`,
      );
    }
    // Seats are taken only by a contest that fits: one over them is its own mistake alone.
    if (used[input.position] + seats > SEATS_PER_POSITION[input.position]) {
      throw invalid(
        `${field}.seats`,
        ElectionReason.TOO_MANY_SEATS,
        `${input.position} has only ${SEATS_PER_POSITION[input.position]} seat(s) in a roster`,
      );
    }
    used[input.position] += seats;
    return seats;
  };
  const portfolioOf = (input: ContestInput, field: string): string | null => {
    const portfolio = optionalText(input.portfolio, `${field}.portfolio`, PORTFOLIO_MAX_LENGTH);
    if (input.position === Position.CO_CHAIR && !portfolio) {
      throw invalid(
        `${field}.portfolio`,
        ElectionReason.PORTFOLIO_REQUIRED,
        'a co-chair contest needs a portfolio',
      );
    }
    if (input.position !== Position.CO_CHAIR && portfolio) {
      throw invalid(
        `${field}.portfolio`,
        ElectionReason.UNEXPECTED_PORTFOLIO,
        'only co-chair contests carry a portfolio',
      );
    }
    if (portfolio) {
      if (portfolios.has(portfolioKey(portfolio))) {
        throw invalid(
          `${field}.portfolio`,
          ElectionReason.DUPLICATE_PORTFOLIO,
          'the two co-chair contests need different portfolios',
        );
      }
      portfolios.add(portfolioKey(portfolio));
    }
    return portfolio;
  };
  return allChecked(
    ...inputs.map((input, index) => (): ContestDefinition => {
      const field = `contests.${index}`;
      const [seats, portfolio] = allChecked(
        () => seatsOf(input, field),
        () => portfolioOf(input, field),
      );
      return { position: input.position, seats, portfolio, majority: input.majority ?? null };
    }),
  );
}

export function contestLabel(contest: { position: Position; portfolio: string | null }): string {
  const name =
    contest.position === Position.CHAIR
      ? 'Chair'
      : contest.position === Position.CO_CHAIR
        ? 'Co-chair'
        : 'Executive Secretary';
  return contest.portfolio ? `${name} (${contest.portfolio})` : name;
}

// The same in Russian. The two default portfolios are translated in the council's own words
// ("взаимоотношения Совета с … органами власти", less "Совета" as the English has no "council's");
// one the council typed is shown as typed.
const PORTFOLIOS_RU: ReadonlyMap<string, string> = new Map([
  [portfolioKey(DEFAULT_CO_CHAIR_PORTFOLIOS[0]), 'взаимоотношения с региональными органами власти'],
  [portfolioKey(DEFAULT_CO_CHAIR_PORTFOLIOS[1]), 'взаимоотношения с федеральными органами власти'],
]);

// A portfolio in the language asked: a default one in the council's own words, one the council
// typed as typed.
export function portfolioIn(language: ExplanationLanguage, portfolio: string): string;
export function portfolioIn(language: ExplanationLanguage, portfolio: string | null): string | null;
export function portfolioIn(
  language: ExplanationLanguage,
  portfolio: string | null,
): string | null {
  if (portfolio === null || language !== ExplanationLanguage.RU) return portfolio;
  return PORTFOLIOS_RU.get(portfolioKey(portfolio)) ?? portfolio;
}

export function contestLabelRu(contest: { position: Position; portfolio: string | null }): string {
  const name =
    contest.position === Position.CHAIR
      ? 'Председатель'
      : contest.position === Position.CO_CHAIR
        ? 'Сопредседатель'
        : 'Ответственный секретарь';
  if (!contest.portfolio) return name;
  return `${name} (${portfolioIn(ExplanationLanguage.RU, contest.portfolio)})`;
}

// "<parent's title> — повторное голосование: <contest, in Russian>" (a stored title every member
// reads, in the council's language, as the explanations' "повторное голосование"), within the
// title's length: a long portfolio is cut to 100 characters, then the parent's title to what is
// left (at least 50), so the runoff says what it decides (two portfolios alike in their first 99
// characters would read alike).
export function runoffTitle(
  parentTitle: string,
  contest: { position: Position; portfolio: string | null },
): string {
  const label = contestLabelRu({
    position: contest.position,
    portfolio: contest.portfolio === null ? null : shortenText(contest.portfolio, 100),
  });
  const suffix = ` — повторное голосование: ${label}`;
  return `${shortenText(parentTitle, ELECTION_TITLE_MAX_LENGTH - characterCount(suffix))}${suffix}`;
}
