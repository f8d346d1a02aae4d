import { assertNever } from '@council/core';
import { ContestStatus, ResultOutcome } from './election-status';
import { CandidateLine, ContestContext } from './explanation';
import {
  FOR_SEATS,
  OF_VALID_BALLOTS,
  SEATS,
  VOTES,
  russianCount,
  russianForm,
} from './russian-plurals';
import {
  MAJORITY_NAMES_RU,
  MajorityRule,
  QuorumRule,
  describeMajorityRu,
  describeQuorumRu,
} from './ruleset';

// The explanations of explanation.ts in Russian, as in the council's minutes, with the same facts
// and numbers: "Явка: 14 из 17 (кворум 9: более половины избирателей) — кворум достигнут." and
// "Анна Иванова: 9 голосов из 14 действительных бюллетеней, порог простого большинства — 8 голосов,
// итог: избирается". A verdict about a person is in the present tense ("избирается",
// "не избирается"), which, unlike the past ("избран", "избрана"), does not depend on their gender.

export function explainQuorumRu(
  turnout: number,
  electorateSize: number,
  required: number,
  rule: QuorumRule,
): string {
  const verdict = turnout >= required ? 'кворум достигнут' : 'кворум не достигнут';
  return `Явка: ${turnout} из ${electorateSize} (кворум ${required}: ${describeQuorumRu(rule)}) — ${verdict}.`;
}

function need(context: ContestContext): string {
  switch (context.majority) {
    case MajorityRule.PLURALITY:
      return `${MAJORITY_NAMES_RU[context.majority].name} (побеждает получивший наибольшее число голосов)`;
    case MajorityRule.SIMPLE:
    case MajorityRule.ABSOLUTE:
    case MajorityRule.TWO_THIRDS:
      return `порог ${MAJORITY_NAMES_RU[context.majority].of} — ${russianCount(context.threshold, VOTES)}`;
    default:
      return assertNever(context.majority, 'majority rule');
  }
}

function verdict(outcome: ResultOutcome, context: ContestContext): string {
  switch (outcome) {
    case ResultOutcome.ELECTED:
      return 'избирается';
    case ResultOutcome.ELECTED_IN_RUNOFF:
      return 'избирается по итогам повторного голосования';
    case ResultOutcome.NOT_ELECTED:
      return context.quorumReached ? 'не избирается' : 'не избирается (нет кворума)';
    case ResultOutcome.IN_RUNOFF:
      return context.tie
        ? 'равенство голосов за последнее место, участвует в повторном голосовании'
        : 'участвует в повторном голосовании';
    case ResultOutcome.ELECTED_ELSEWHERE:
      return 'избирается на другое место в этих выборах, поэтому здесь место не получает (одно место на одного человека)';
    default:
      return assertNever(outcome, 'result outcome');
  }
}

export function explainCandidateRu(line: CandidateLine, context: ContestContext): string {
  const of = russianCount(context.validBallots, OF_VALID_BALLOTS);
  if (context.uncontested) {
    return (
      `${line.name}: «за» — ${line.votes}, «против» — ${context.no ?? 0} из ${of}; ` +
      `условие избрания: «за» больше, чем «против», и ${need(context)}; итог: ${verdict(line.outcome, context)}`
    );
  }
  return (
    `${line.name}: ${russianCount(line.votes, VOTES)} из ${of}, ` +
    `${need(context)}, итог: ${verdict(line.outcome, context)}`
  );
}

// "1 место остаётся вакантным", "2 места остаются вакантными".
function vacantSeats(count: number): string {
  const stays = russianForm(count, {
    one: 'остаётся вакантным',
    few: 'остаются вакантными',
    many: 'остаются вакантными',
  });
  return `${russianCount(count, SEATS)} ${stays}`;
}

// "1 место определит повторное голосование".
function runoffDecides(seats: number): string {
  return `${russianCount(seats, SEATS)} определит повторное голосование`;
}

function conclusion(context: ContestContext): string {
  switch (context.status) {
    case ContestStatus.PENDING:
      return 'Подсчёт ещё не проведён.';
    case ContestStatus.DECIDED:
      return context.unfilledSeats > 0
        ? `Результат определён; ${vacantSeats(context.unfilledSeats)} (других кандидатов нет).`
        : 'Результат определён.';
    case ContestStatus.UNDECIDED:
      return context.tie
        ? `Равенство голосов за последнее место: ${runoffDecides(context.runoffSeats)}.`
        : context.tiedWonElsewhere
          ? `Равенство голосов за последнее место, причём кандидаты с равным числом голосов избираются на другие места: ${runoffDecides(context.runoffSeats)} с участием следующих по числу голосов.`
          : `Требуемое большинство не набрано по ${russianCount(context.runoffSeats, FOR_SEATS)}: решит повторное голосование.`;
    case ContestStatus.VACANT:
      return context.seats === 1
        ? 'Избирать некого: место остаётся вакантным.'
        : `Избирать некого: ${vacantSeats(context.seats)}.`;
    case ContestStatus.NO_QUORUM:
      return 'Кворума нет: никто не избран.';
    default:
      return assertNever(context.status, 'contest status');
  }
}

export function explainContestRu(lines: readonly CandidateLine[], context: ContestContext): string {
  const header =
    `${context.labelRu}, ${russianCount(context.seats, SEATS)}, ` +
    `${describeMajorityRu(context.majority, context.validBallots, context.electorateSize)}. ` +
    `Действительных бюллетеней — ${context.validBallots}, воздержались — ${context.abstentions}.`;
  const body = lines.map((line) => explainCandidateRu(line, context)).join('; ');
  return `${header} ${body}. ${conclusion(context)}`;
}

// Appended to a runoff contender's result once the runoff is certified.
export function explainRunoffOutcomeRu(elected: boolean): string {
  return `повторное голосование: ${elected ? 'избирается' : 'не избирается'}`;
}

// A later contest's runoff contender who won an earlier contest's runoff: that seat is theirs.
export function explainElectedInEarlierRunoffRu(contestRu: string): string {
  return `избирается на должность «${contestRu}» по итогам повторного голосования по ней (решает порядок должностей), поэтому здесь место не получает`;
}

export function explainNobodyLeftForRunoffRu(seatsLeftVacant: number): string {
  return `Все участники повторного голосования избраны на должности, рассматриваемые раньше: ${vacantSeats(seatsLeftVacant)}.`;
}

// Names the runoff by the position it decided (its title is the English one it was created with).
export function explainRunoffResolutionRu(
  contestLabelRu: string,
  names: readonly string[],
  seatsLeftVacant: number,
): string {
  const elected =
    names.length === 0
      ? 'никто не избран'
      : `${names.length === 1 ? 'избирается' : 'избираются'} ${names.join(', ')}`;
  const vacant = seatsLeftVacant > 0 ? `; ${vacantSeats(seatsLeftVacant)}` : '';
  return `Повторное голосование по должности «${contestLabelRu}» утверждено: ${elected}${vacant}.`;
}
