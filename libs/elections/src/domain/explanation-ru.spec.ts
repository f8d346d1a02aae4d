import { Position } from '@council/terms';
import { contestLabelRu } from './contests';
import { ContestStatus, ResultOutcome } from './election-status';
import { ContestContext, ExplanationLanguage, explanationIn, extendRussian } from './explanation';
import {
  explainCandidateRu,
  explainContestRu,
  explainElectedInEarlierRunoffRu,
  explainNobodyLeftForRunoffRu,
  explainQuorumRu,
  explainRunoffOutcomeRu,
  explainRunoffResolutionRu,
} from './explanation-ru';
import {
  DEFAULT_RULESET,
  MajorityRule,
  QuorumComparison,
  describeMajorityRu,
  describeQuorumRu,
} from './ruleset';
import { OF_VALID_BALLOTS, SEATS, VOTES, russianCount } from './russian-plurals';
import { TallyContest, tallyElection } from './tally';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [A, B, C] = [id(1), id(2), id(3)];
const NAMES: Record<string, string> = {
  [A]: 'Анна Иванова',
  [B]: 'Борис Петров',
  [C]: 'Клара Сидорова',
};

function contest(
  n: number,
  votes: Record<string, number>,
  options: { majority?: MajorityRule; valid: number; abstentions?: number; seats?: number },
): TallyContest {
  return {
    id: id(n),
    label: 'Chair',
    labelRu: 'Председатель',
    seats: options.seats ?? 1,
    majority: options.majority ?? MajorityRule.PLURALITY,
    candidates: Object.keys(votes).map((memberId) => ({ memberId, name: NAMES[memberId] })),
    counts: {
      contestId: id(n),
      validBallots: options.valid,
      abstentions: options.abstentions ?? 0,
      votes,
      yes: null,
      no: null,
    },
  };
}

function uncontested(n: number, yes: number, no: number, majority = MajorityRule.PLURALITY) {
  return {
    ...contest(n, { [A]: yes }, { majority, valid: yes + no }),
    counts: {
      contestId: id(n),
      validBallots: yes + no,
      abstentions: 0,
      votes: { [A]: yes },
      yes,
      no,
    },
  };
}

const tally = (contests: TallyContest[], turnout: number, electorateSize: number) =>
  tallyElection({ electorateSize, turnout, ruleset: DEFAULT_RULESET, contests });

describe('Russian plural forms', () => {
  it('follow Intl.PluralRules("ru"): one, few, many', () => {
    const votes = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111].map((n) =>
      russianCount(n, VOTES),
    );
    expect(votes).toEqual([
      '0 голосов',
      '1 голос',
      '2 голоса',
      '4 голоса',
      '5 голосов',
      '11 голосов',
      '12 голосов',
      '14 голосов',
      '21 голос',
      '22 голоса',
      '25 голосов',
      '101 голос',
      '111 голосов',
    ]);
    expect([1, 2, 5].map((n) => russianCount(n, SEATS))).toEqual(['1 место', '2 места', '5 мест']);
    expect([1, 3, 14, 21].map((n) => `из ${russianCount(n, OF_VALID_BALLOTS)}`)).toEqual([
      'из 1 действительного бюллетеня',
      'из 3 действительных бюллетеней',
      'из 14 действительных бюллетеней',
      'из 21 действительного бюллетеня',
    ]);
  });
});

describe('quorum in Russian', () => {
  it('says whether it is reached, with the same numbers as the English text', () => {
    expect(explainQuorumRu(14, 17, 9, DEFAULT_RULESET.quorum)).toBe(
      'Явка: 14 из 17 (кворум 9: более половины избирателей) — кворум достигнут.',
    );
    expect(explainQuorumRu(5, 12, 7, DEFAULT_RULESET.quorum)).toBe(
      'Явка: 5 из 12 (кворум 7: более половины избирателей) — кворум не достигнут.',
    );
  });

  it('names the share of the electorate', () => {
    const rule = (numerator: number, denominator: number, comparison: QuorumComparison) =>
      describeQuorumRu({ numerator, denominator, comparison });
    expect(rule(2, 3, QuorumComparison.AT_LEAST)).toBe('не менее двух третей избирателей');
    expect(rule(3, 5, QuorumComparison.MORE_THAN)).toBe('более 3/5 избирателей');
    expect(rule(0, 1, QuorumComparison.AT_LEAST)).toBe('не менее нуля избирателей');
  });
});

describe('majority rules in Russian', () => {
  it('names each rule and its threshold', () => {
    expect(describeMajorityRu(MajorityRule.PLURALITY, 14, 17)).toBe(
      'относительное большинство: побеждает получивший наибольшее число голосов',
    );
    expect(describeMajorityRu(MajorityRule.SIMPLE, 14, 17)).toBe(
      'простое большинство: более половины от 14 действительных бюллетеней, т. е. не менее 8',
    );
    expect(describeMajorityRu(MajorityRule.ABSOLUTE, 14, 21)).toBe(
      'абсолютное большинство: более половины от 21 избирателя, т. е. не менее 11',
    );
    expect(describeMajorityRu(MajorityRule.TWO_THIRDS, 14, 17)).toBe(
      'большинство в две трети: не менее двух третей от 14 действительных бюллетеней, т. е. не менее 10',
    );
  });

  it('explains a contest under each rule with the threshold a member can check', () => {
    const outcome = tally(
      [
        contest(
          93,
          { [A]: 9, [B]: 5 },
          { majority: MajorityRule.SIMPLE, valid: 14, abstentions: 2 },
        ),
      ],
      16,
      17,
    );
    expect(outcome.explanationRu).toBe(
      'Явка: 16 из 17 (кворум 9: более половины избирателей) — кворум достигнут.',
    );
    expect(outcome.contests[0].results[0].explanationRu).toBe(
      'Анна Иванова: 9 голосов из 14 действительных бюллетеней, порог простого большинства — 8 голосов, итог: избирается',
    );
    expect(outcome.contests[0].explanationRu).toBe(
      'Председатель, 1 место, простое большинство: более половины от 14 действительных бюллетеней, т. е. не менее 8. ' +
        'Действительных бюллетеней — 14, воздержались — 2. ' +
        'Анна Иванова: 9 голосов из 14 действительных бюллетеней, порог простого большинства — 8 голосов, итог: избирается; ' +
        'Борис Петров: 5 голосов из 14 действительных бюллетеней, порог простого большинства — 8 голосов, итог: не избирается. ' +
        'Результат определён.',
    );
    const rules = [MajorityRule.PLURALITY, MajorityRule.ABSOLUTE, MajorityRule.TWO_THIRDS];
    const lines = rules.map(
      (majority) =>
        tally([contest(94, { [A]: 21, [B]: 1 }, { majority, valid: 22 })], 22, 24).contests[0]
          .results[0].explanationRu,
    );
    expect(lines).toEqual([
      'Анна Иванова: 21 голос из 22 действительных бюллетеней, относительное большинство (побеждает получивший наибольшее число голосов), итог: избирается',
      'Анна Иванова: 21 голос из 22 действительных бюллетеней, порог абсолютного большинства — 13 голосов, итог: избирается',
      'Анна Иванова: 21 голос из 22 действительных бюллетеней, порог большинства в две трети — 15 голосов, итог: избирается',
    ]);
  });

  it('says nobody is elected without quorum', () => {
    const outcome = tally([contest(95, { [A]: 4, [B]: 1 }, { valid: 5 })], 5, 12);
    expect(outcome.contests[0].results[0].explanationRu).toBe(
      'Анна Иванова: 4 голоса из 5 действительных бюллетеней, относительное большинство (побеждает получивший наибольшее число голосов), итог: не избирается (нет кворума)',
    );
    expect(outcome.contests[0].explanationRu).toMatch(/ Кворума нет: никто не избран\.$/);
  });
});

describe('ties and runoffs in Russian', () => {
  it('sends a tie for the last seat to a runoff', () => {
    const outcome = tally([contest(96, { [A]: 4, [B]: 4, [C]: 2 }, { valid: 10 })], 10, 12);
    const [first] = outcome.contests;
    expect(first.results[0].explanationRu).toBe(
      'Анна Иванова: 4 голоса из 10 действительных бюллетеней, относительное большинство (побеждает получивший наибольшее число голосов), итог: равенство голосов за последнее место, участвует в повторном голосовании',
    );
    expect(first.explanationRu).toMatch(
      / Равенство голосов за последнее место: 1 место определит повторное голосование\.$/,
    );
  });

  it('sends the best placed to a runoff when nobody has the majority', () => {
    const outcome = tally(
      [contest(97, { [A]: 4, [B]: 3, [C]: 2 }, { majority: MajorityRule.SIMPLE, valid: 9 })],
      9,
      12,
    );
    expect(outcome.contests[0].results[1].explanationRu).toContain(
      'итог: участвует в повторном голосовании',
    );
    expect(outcome.contests[0].explanationRu).toMatch(
      / Требуемое большинство не набрано по 1 месту: решит повторное голосование\.$/,
    );
  });

  it('explains who is elected to another seat, and a tie among those elected elsewhere', () => {
    const outcome = tally(
      [
        contest(81, { [A]: 4, [B]: 4, [C]: 2 }, { valid: 10 }),
        { ...uncontested(82, 9, 0), labelRu: 'Ответственный секретарь' },
        {
          ...contest(83, { [B]: 9 }, { valid: 9 }),
          counts: {
            contestId: id(83),
            validBallots: 9,
            abstentions: 0,
            votes: { [B]: 9 },
            yes: 9,
            no: 0,
          },
        },
      ],
      10,
      12,
    );
    const [first] = outcome.contests;
    expect(first.results[0].explanationRu).toContain(
      'итог: избирается на другое место в этих выборах, поэтому здесь место не получает (одно место на одного человека)',
    );
    expect(first.explanationRu).toMatch(
      / Равенство голосов за последнее место, причём кандидаты с равным числом голосов избираются на другие места: 1 место определит повторное голосование с участием следующих по числу голосов\.$/,
    );
  });

  it('leaves a seat vacant when nobody is left', () => {
    const outcome = tally(
      [contest(77, { [A]: 7, [B]: 3 }, { valid: 10 }), uncontested(78, 9, 0)],
      10,
      12,
    );
    expect(outcome.contests[1].explanationRu).toMatch(
      / Избирать некого: место остаётся вакантным\.$/,
    );
  });

  it('leaves every seat vacant, in the plural, when nobody is left for two', () => {
    const outcome = tally(
      [
        contest(79, { [A]: 7, [B]: 5, [C]: 1 }, { valid: 13, seats: 2 }),
        contest(80, { [A]: 4, [B]: 3 }, { valid: 7, seats: 2 }),
      ],
      13,
      15,
    );
    expect(outcome.contests[1].status).toBe('VACANT');
    expect(outcome.contests[1].explanationRu).toMatch(
      / Избирать некого: 2 места остаются вакантными\.$/,
    );
    expect(outcome.contests[1].explanation).toMatch(
      / Nobody left to elect: 2 seats stay vacant\.$/,
    );
  });
});

describe('uncontested seats in Russian', () => {
  it('counts Yes and No', () => {
    const elected = tally([uncontested(99, 6, 3)], 10, 12).contests[0];
    expect(elected.results[0].explanationRu).toBe(
      'Анна Иванова: «за» — 6, «против» — 3 из 9 действительных бюллетеней; условие избрания: «за» больше, чем «против», ' +
        'и относительное большинство (побеждает получивший наибольшее число голосов); итог: избирается',
    );
    const notElected = tally([uncontested(98, 5, 1, MajorityRule.ABSOLUTE)], 10, 12).contests[0];
    expect(notElected.results[0].explanationRu).toBe(
      'Анна Иванова: «за» — 5, «против» — 1 из 6 действительных бюллетеней; условие избрания: «за» больше, чем «против», ' +
        'и порог абсолютного большинства — 7 голосов; итог: участвует в повторном голосовании',
    );
  });
});

describe('runoff settlement in Russian', () => {
  it('appends the runoff outcome and the resolution', () => {
    expect(explainRunoffOutcomeRu(true)).toBe('повторное голосование: избирается');
    expect(explainRunoffOutcomeRu(false)).toBe('повторное голосование: не избирается');
    expect(explainRunoffResolutionRu('Председатель', ['Анна Иванова'], 0)).toBe(
      'Повторное голосование по должности «Председатель» утверждено: избирается Анна Иванова.',
    );
    expect(explainRunoffResolutionRu('T', ['Анна Иванова', 'Борис Петров'], 0)).toBe(
      'Повторное голосование по должности «T» утверждено: избираются Анна Иванова, Борис Петров.',
    );
    expect(explainRunoffResolutionRu('T', [], 1)).toBe(
      'Повторное голосование по должности «T» утверждено: никто не избран; 1 место остаётся вакантным.',
    );
    expect(explainRunoffResolutionRu('T', ['Анна Иванова'], 2)).toContain(
      '2 места остаются вакантными.',
    );
    expect(explainNobodyLeftForRunoffRu(1)).toBe(
      'Все участники повторного голосования избраны на должности, рассматриваемые раньше: 1 место остаётся вакантным.',
    );
    expect(explainElectedInEarlierRunoffRu('Председатель')).toBe(
      'избирается на должность «Председатель» по итогам повторного голосования по ней (решает порядок должностей), поэтому здесь место не получает',
    );
  });

  it('extends a stored Russian text, and leaves absent one tallied before it was stored', () => {
    expect(extendRussian('Итог.', 'Result.', ' ', 'Дополнение.')).toBe('Итог. Дополнение.');
    expect(extendRussian(null, 'Result.', ' ', 'Дополнение.')).toBeNull();
    expect(extendRussian(null, null, ' ', 'Дополнение.')).toBe('Дополнение.');
  });
});

describe('contest labels in Russian', () => {
  it('names the position, and translates the default portfolios only', () => {
    expect(contestLabelRu({ position: Position.CHAIR, portfolio: null })).toBe('Председатель');
    expect(contestLabelRu({ position: Position.EXECUTIVE_SECRETARY, portfolio: null })).toBe(
      'Ответственный секретарь',
    );
    expect(
      contestLabelRu({
        position: Position.CO_CHAIR,
        portfolio: 'Relations with regional authorities',
      }),
    ).toBe('Сопредседатель (взаимоотношения с региональными органами власти)');
    expect(
      contestLabelRu({
        position: Position.CO_CHAIR,
        portfolio: 'Relations with FEDERAL authorities',
      }),
    ).toBe('Сопредседатель (взаимоотношения с федеральными органами власти)');
    expect(contestLabelRu({ position: Position.CO_CHAIR, portfolio: 'Цифровая экономика' })).toBe(
      'Сопредседатель (Цифровая экономика)',
    );
  });
});

describe('the language asked for', () => {
  it('answers in Russian, or in English when no Russian text was stored', () => {
    expect(explanationIn(ExplanationLanguage.RU, 'Decided.', 'Результат определён.')).toBe(
      'Результат определён.',
    );
    expect(explanationIn(ExplanationLanguage.EN, 'Decided.', 'Результат определён.')).toBe(
      'Decided.',
    );
    expect(explanationIn(ExplanationLanguage.RU, 'Decided.', null)).toBe('Decided.');
    expect(explanationIn(ExplanationLanguage.RU, null, undefined)).toBeNull();
  });
});

describe('a contest explained directly', () => {
  const context: ContestContext = {
    label: 'Co-chair (Relations with regional authorities)',
    labelRu: 'Сопредседатель (взаимоотношения с региональными органами власти)',
    seats: 2,
    majority: MajorityRule.PLURALITY,
    validBallots: 21,
    abstentions: 1,
    electorateSize: 25,
    threshold: 1,
    uncontested: false,
    no: null,
    quorumReached: true,
    status: ContestStatus.DECIDED,
    runoffSeats: 0,
    unfilledSeats: 1,
    tie: false,
  };

  it('names the seats, and the seats left vacant', () => {
    const line = { memberId: A, name: NAMES[A], votes: 12, outcome: ResultOutcome.ELECTED };
    expect(explainContestRu([line], context)).toBe(
      'Сопредседатель (взаимоотношения с региональными органами власти), 2 места, ' +
        'относительное большинство: побеждает получивший наибольшее число голосов. ' +
        'Действительных бюллетеней — 21, воздержались — 1. ' +
        'Анна Иванова: 12 голосов из 21 действительного бюллетеня, относительное большинство ' +
        '(побеждает получивший наибольшее число голосов), итог: избирается. ' +
        'Результат определён; 1 место остаётся вакантным (других кандидатов нет).',
    );
    expect(explainContestRu([], { ...context, status: ContestStatus.PENDING })).toMatch(
      / Подсчёт ещё не проведён\.$/,
    );
    expect(
      explainCandidateRu({ ...line, outcome: ResultOutcome.ELECTED_IN_RUNOFF }, context),
    ).toMatch(/итог: избирается по итогам повторного голосования$/);
  });
});
