import { assertNever } from '@council/core';
import { ContestStatus, ResultOutcome } from './election-status';
import { MajorityRule, QuorumRule, describeMajority, describeQuorum } from './ruleset';

// Plain-language explanations a member can check by hand against the published ballot box, e.g.
// "Turnout 14 of 17 (quorum 9: more than half of the electorate): reached." and
// "Ivanova 9 of 14 valid ballots, SIMPLE majority needs 8: elected". Each is also rendered in
// Russian (explanation-ru.ts), with the same facts and numbers; both are stored by the tally.

export enum ExplanationLanguage {
  EN = 'EN',
  RU = 'RU',
}

// The text in the language asked for. Rows tallied before the Russian text was stored have none:
// they answer in English.
export function explanationIn<English extends string | null | undefined>(
  language: ExplanationLanguage,
  english: English,
  russian: string | null | undefined,
): string | English {
  return language === ExplanationLanguage.RU ? (russian ?? english) : english;
}

// Appends a sentence to a stored Russian explanation. One absent (a row tallied before the Russian
// text was stored) stays absent while its English one exists: half a translation would read as the
// whole, and the English text (extended alongside) answers instead.
export function extendRussian(
  russian: string | null,
  english: string | null,
  separator: string,
  sentence: string,
): string | null {
  if (russian === null && english !== null) return null;
  return `${russian ?? ''}${separator}${sentence}`.trim();
}

export interface CandidateLine {
  memberId: string;
  name: string;
  votes: number;
  outcome: ResultOutcome;
}

export interface ContestContext {
  label: string;
  // The label in Russian, for explanation-ru.ts.
  labelRu: string;
  seats: number;
  majority: MajorityRule;
  validBallots: number;
  abstentions: number;
  electorateSize: number;
  threshold: number;
  uncontested: boolean;
  no: number | null;
  quorumReached: boolean;
  status: ContestStatus;
  runoffSeats: number;
  unfilledSeats: number;
  tie: boolean;
  // A tie for the last seat with too few contenders left (others won later contests' seats).
  tiedWonElsewhere?: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`;

export function explainQuorum(
  turnout: number,
  electorateSize: number,
  required: number,
  rule: QuorumRule,
): string {
  const verdict = turnout >= required ? 'reached' : 'not reached';
  return `Turnout ${turnout} of ${electorateSize} (quorum ${required}: ${describeQuorum(rule)}): ${verdict}.`;
}

function need(context: ContestContext): string {
  switch (context.majority) {
    case MajorityRule.PLURALITY:
      return 'PLURALITY: the most votes wins';
    case MajorityRule.SIMPLE:
    case MajorityRule.ABSOLUTE:
    case MajorityRule.TWO_THIRDS:
      return `${context.majority} majority needs ${context.threshold}`;
    default:
      return assertNever(context.majority, 'majority rule');
  }
}

function verdict(outcome: ResultOutcome, context: ContestContext): string {
  switch (outcome) {
    case ResultOutcome.ELECTED:
      return 'elected';
    case ResultOutcome.ELECTED_IN_RUNOFF:
      return 'elected in the runoff';
    case ResultOutcome.NOT_ELECTED:
      return context.quorumReached ? 'not elected' : 'not elected (no quorum)';
    case ResultOutcome.IN_RUNOFF:
      return context.tie ? 'tied for the last seat: goes to a runoff' : 'goes to a runoff';
    case ResultOutcome.ELECTED_ELSEWHERE:
      return 'elected to another seat of this election, so not seated here (one seat per person)';
    default:
      return assertNever(outcome, 'result outcome');
  }
}

export function explainCandidate(line: CandidateLine, context: ContestContext): string {
  if (context.uncontested) {
    return (
      `${line.name}: Yes ${line.votes}, No ${context.no ?? 0} of ${plural(context.validBallots, 'valid ballot')}; ` +
      `elected when Yes > No and ${need(context)}: ${verdict(line.outcome, context)}`
    );
  }
  return (
    `${line.name} ${line.votes} of ${plural(context.validBallots, 'valid ballot')}, ` +
    `${need(context)}: ${verdict(line.outcome, context)}`
  );
}

function conclusion(context: ContestContext): string {
  switch (context.status) {
    case ContestStatus.PENDING:
      return 'Not counted yet.';
    case ContestStatus.DECIDED:
      return context.unfilledSeats > 0
        ? `Decided; ${plural(context.unfilledSeats, 'seat')} left vacant (no other candidate).`
        : 'Decided.';
    case ContestStatus.UNDECIDED:
      return context.tie
        ? `Tie for the last seat: a runoff decides ${plural(context.runoffSeats, 'seat')}.`
        : context.tiedWonElsewhere
          ? `Tie for the last seat, with tied candidates elected to other seats: a runoff with the next best placed decides ${plural(context.runoffSeats, 'seat')}.`
          : `No majority for ${plural(context.runoffSeats, 'seat')}: a runoff decides.`;
    case ContestStatus.VACANT:
      return context.seats === 1
        ? 'Nobody left to elect: the seat stays vacant.'
        : `Nobody left to elect: ${plural(context.seats, 'seat')} stay vacant.`;
    case ContestStatus.NO_QUORUM:
      return 'No quorum: nobody is elected.';
    default:
      return assertNever(context.status, 'contest status');
  }
}

export function explainContest(lines: readonly CandidateLine[], context: ContestContext): string {
  const header =
    `${context.label}, ${plural(context.seats, 'seat')}, ` +
    `${describeMajority(context.majority, context.validBallots, context.electorateSize)}. ` +
    `${plural(context.validBallots, 'valid ballot')}, ${plural(context.abstentions, 'abstention')}.`;
  const body = lines.map((line) => explainCandidate(line, context)).join('; ');
  return `${header} ${body}. ${conclusion(context)}`;
}

// Appended to a runoff contender's result once the runoff is certified.
export function explainRunoffOutcome(elected: boolean): string {
  return `runoff: ${elected ? 'elected' : 'not elected'}`;
}

// A later contest's runoff contender who won an earlier contest's runoff: that seat is theirs.
export function explainElectedInEarlierRunoff(contest: string): string {
  return `elected to ${contest} in its runoff (contest order decides), so not seated here`;
}

export function explainNobodyLeftForRunoff(seatsLeftVacant: number): string {
  return `Every runoff contender was elected to an earlier contest: ${plural(seatsLeftVacant, 'seat')} left vacant.`;
}

export function explainRunoffResolution(
  runoffTitle: string,
  names: readonly string[],
  seatsLeftVacant: number,
): string {
  const elected = names.length > 0 ? `${names.join(', ')} elected` : 'nobody elected';
  const vacant = seatsLeftVacant > 0 ? `; ${plural(seatsLeftVacant, 'seat')} left vacant` : '';
  return `Runoff "${runoffTitle}" certified: ${elected}${vacant}.`;
}
