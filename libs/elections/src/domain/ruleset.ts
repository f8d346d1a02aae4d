import { assertNever } from '@council/core';
import { ElectionReason, invalid } from './elections.errors';
import { OF_ELECTORS, OF_VALID_BALLOTS, russianCount } from './russian-plurals';

// DOMAIN.md: the bylaws are data. Each election carries its ruleset; it cannot change once voting
// has opened (it is set when the election is created and never edited afterwards).
export enum MajorityRule {
  // The most votes (at least one).
  PLURALITY = 'PLURALITY',
  // More than half of the valid ballots in the contest.
  SIMPLE = 'SIMPLE',
  // More than half of the electorate.
  ABSOLUTE = 'ABSOLUTE',
  // At least two thirds of the valid ballots in the contest.
  TWO_THIRDS = 'TWO_THIRDS',
}

export enum TiePolicy {
  RUNOFF = 'RUNOFF',
}

export enum QuorumComparison {
  MORE_THAN = 'MORE_THAN',
  AT_LEAST = 'AT_LEAST',
}

export interface QuorumRule {
  numerator: number;
  denominator: number;
  comparison: QuorumComparison;
}

export interface Ruleset {
  quorum: QuorumRule;
  majority: MajorityRule;
  tiePolicy: TiePolicy;
}

// DOMAIN.md defaults: quorum is more than half of the electorate; PLURALITY; ties go to a runoff.
export const DEFAULT_RULESET: Readonly<Ruleset> = Object.freeze({
  quorum: Object.freeze({ numerator: 1, denominator: 2, comparison: QuorumComparison.MORE_THAN }),
  majority: MajorityRule.PLURALITY,
  tiePolicy: TiePolicy.RUNOFF,
});

export interface RulesetInput {
  quorumNumerator?: number | null;
  quorumDenominator?: number | null;
  quorumComparison?: QuorumComparison | null;
  majority?: MajorityRule | null;
  tiePolicy?: TiePolicy | null;
}

export function buildRuleset(input: RulesetInput | null | undefined): Ruleset {
  const quorum: QuorumRule = {
    numerator: input?.quorumNumerator ?? DEFAULT_RULESET.quorum.numerator,
    denominator: input?.quorumDenominator ?? DEFAULT_RULESET.quorum.denominator,
    comparison: input?.quorumComparison ?? DEFAULT_RULESET.quorum.comparison,
  };
  const { numerator, denominator } = quorum;
  if (!Number.isInteger(denominator) || denominator < 1 || denominator > 100) {
    throw invalid(
      'ruleset.quorumDenominator',
      ElectionReason.INVALID_RULESET,
      'the quorum denominator must be an integer from 1 to 100',
    );
  }
  if (!Number.isInteger(numerator) || numerator < 0 || numerator > denominator) {
    throw invalid(
      'ruleset.quorumNumerator',
      ElectionReason.INVALID_RULESET,
      'the quorum share must be a fraction from 0 to 1',
    );
  }
  if (quorum.comparison === QuorumComparison.MORE_THAN && numerator === denominator) {
    throw invalid(
      'ruleset.quorumNumerator',
      ElectionReason.INVALID_RULESET,
      'more than the whole electorate can never vote',
    );
  }
  return {
    quorum,
    majority: input?.majority ?? DEFAULT_RULESET.majority,
    tiePolicy: input?.tiePolicy ?? DEFAULT_RULESET.tiePolicy,
  };
}

// The smallest turnout that meets the quorum (integers only: no rounding surprises).
export function quorumRequired(electorateSize: number, rule: QuorumRule): number {
  const product = electorateSize * rule.numerator;
  switch (rule.comparison) {
    case QuorumComparison.MORE_THAN:
      return Math.floor(product / rule.denominator) + 1;
    case QuorumComparison.AT_LEAST:
      return Math.ceil(product / rule.denominator);
    default:
      return assertNever(rule.comparison, 'quorum comparison');
  }
}

export function describeQuorum(rule: QuorumRule): string {
  const share =
    rule.numerator === 1 && rule.denominator === 2
      ? 'half'
      : rule.numerator === 0
        ? 'nothing'
        : `${rule.numerator}/${rule.denominator}`;
  const comparison = rule.comparison === QuorumComparison.MORE_THAN ? 'more than' : 'at least';
  return `${comparison} ${share} of the electorate`;
}

// The same in Russian: "более половины избирателей", "не менее 2/3 избирателей".
const RUSSIAN_SHARES: Record<string, string> = {
  '1/2': 'половины',
  '1/3': 'одной трети',
  '2/3': 'двух третей',
  '1/4': 'одной четверти',
  '3/4': 'трёх четвертей',
};

export function describeQuorumRu(rule: QuorumRule): string {
  const share =
    rule.numerator === 0
      ? 'нуля'
      : (RUSSIAN_SHARES[`${rule.numerator}/${rule.denominator}`] ??
        `${rule.numerator}/${rule.denominator}`);
  const comparison = rule.comparison === QuorumComparison.MORE_THAN ? 'более' : 'не менее';
  return `${comparison} ${share} избирателей`;
}

// The smallest number of votes that meets a majority rule, given the contest's valid ballots and
// the electorate. PLURALITY asks for the most votes; its threshold only rules out zero.
export function majorityThreshold(
  rule: MajorityRule,
  validBallots: number,
  electorateSize: number,
): number {
  switch (rule) {
    case MajorityRule.PLURALITY:
      return 1;
    case MajorityRule.SIMPLE:
      return Math.floor(validBallots / 2) + 1;
    case MajorityRule.ABSOLUTE:
      return Math.floor(electorateSize / 2) + 1;
    case MajorityRule.TWO_THIRDS:
      return Math.max(1, Math.ceil((2 * validBallots) / 3));
    default:
      return assertNever(rule, 'majority rule');
  }
}

export function describeMajority(
  rule: MajorityRule,
  validBallots: number,
  electorateSize: number,
): string {
  const needed = majorityThreshold(rule, validBallots, electorateSize);
  switch (rule) {
    case MajorityRule.PLURALITY:
      return 'PLURALITY: the most votes wins';
    case MajorityRule.SIMPLE:
      return `SIMPLE majority: more than half of ${validBallots} valid ballots, i.e. at least ${needed}`;
    case MajorityRule.ABSOLUTE:
      return `ABSOLUTE majority: more than half of the electorate of ${electorateSize}, i.e. at least ${needed}`;
    case MajorityRule.TWO_THIRDS:
      return `TWO_THIRDS majority: at least two thirds of ${validBallots} valid ballots, i.e. at least ${needed}`;
    default:
      return assertNever(rule, 'majority rule');
  }
}

// Majority rules by their Russian names, in the nominative ("простое большинство") and the
// genitive ("порог простого большинства").
export const MAJORITY_NAMES_RU: Readonly<Record<MajorityRule, { name: string; of: string }>> = {
  [MajorityRule.PLURALITY]: { name: 'относительное большинство', of: 'относительного большинства' },
  [MajorityRule.SIMPLE]: { name: 'простое большинство', of: 'простого большинства' },
  [MajorityRule.ABSOLUTE]: { name: 'абсолютное большинство', of: 'абсолютного большинства' },
  [MajorityRule.TWO_THIRDS]: { name: 'большинство в две трети', of: 'большинства в две трети' },
};

export function describeMajorityRu(
  rule: MajorityRule,
  validBallots: number,
  electorateSize: number,
): string {
  const needed = majorityThreshold(rule, validBallots, electorateSize);
  const { name } = MAJORITY_NAMES_RU[rule];
  switch (rule) {
    case MajorityRule.PLURALITY:
      return `${name}: побеждает получивший наибольшее число голосов`;
    case MajorityRule.SIMPLE:
      return `${name}: более половины от ${russianCount(validBallots, OF_VALID_BALLOTS)}, т. е. не менее ${needed}`;
    case MajorityRule.ABSOLUTE:
      return `${name}: более половины от ${russianCount(electorateSize, OF_ELECTORS)}, т. е. не менее ${needed}`;
    case MajorityRule.TWO_THIRDS:
      return `${name}: не менее двух третей от ${russianCount(validBallots, OF_VALID_BALLOTS)}, т. е. не менее ${needed}`;
    default:
      return assertNever(rule, 'majority rule');
  }
}
