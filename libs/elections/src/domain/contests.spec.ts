import { characterCount, isWellFormedText } from '@council/core';
import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position } from '@council/terms';
import { ELECTION_TITLE_MAX_LENGTH, portfolioIn, runoffTitle } from './contests';
import { ExplanationLanguage } from './explanation';

describe("a runoff's title", () => {
  const chair = { position: Position.CHAIR, portfolio: null };

  // In Russian, as the council reads it (found by review: "— runoff: Co-chair (Relations with
  // federal authorities)" in every member's list of elections).
  it('names the parent election and the contest it decides, in Russian', () => {
    expect(runoffTitle('Выборы на 2027-H2', chair)).toBe(
      'Выборы на 2027-H2 — повторное голосование: Председатель',
    );
    expect(
      runoffTitle('Выборы', { position: Position.CO_CHAIR, portfolio: 'Связи с регионами' }),
    ).toBe('Выборы — повторное голосование: Сопредседатель (Связи с регионами)');
    expect(
      runoffTitle('Выборы', {
        position: Position.CO_CHAIR,
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
      }),
    ).toBe(
      `Выборы — повторное голосование: Сопредседатель (${portfolioIn(ExplanationLanguage.RU, DEFAULT_CO_CHAIR_PORTFOLIOS[1])})`,
    );
    expect(runoffTitle('Выборы', { position: Position.EXECUTIVE_SECRETARY, portfolio: null })).toBe(
      'Выборы — повторное голосование: Ответственный секретарь',
    );
  });

  // Found by review: the title was cut at 200 UTF-16 units, which split an emoji in two and, for
  // any parent title over about 185 characters, dropped the part naming the runoff.
  it('fits the title length by shortening the parent title, never splitting a character', () => {
    // 151 characters (301 UTF-16 units): it fits whole.
    const emoji = 'a' + '🌿'.repeat(150);
    expect(runoffTitle(emoji, chair)).toBe(`${emoji} — повторное голосование: Председатель`);
    for (const parent of [
      '🌿'.repeat(ELECTION_TITLE_MAX_LENGTH),
      'x'.repeat(ELECTION_TITLE_MAX_LENGTH),
    ]) {
      const title = runoffTitle(parent, chair);
      expect(characterCount(title)).toBe(ELECTION_TITLE_MAX_LENGTH);
      expect(isWellFormedText(title)).toBe(true);
      // 200 characters: 161 of the parent’s, the ellipsis and " — повторное голосование:
      // Председатель" (38).
      expect(title).toBe(
        `${[...parent].slice(0, 161).join('')}… — повторное голосование: Председатель`,
      );
    }
    const longPortfolio = runoffTitle('y'.repeat(ELECTION_TITLE_MAX_LENGTH), {
      position: Position.CO_CHAIR,
      portfolio: 'П'.repeat(200),
    });
    expect(characterCount(longPortfolio)).toBe(ELECTION_TITLE_MAX_LENGTH);
    expect(longPortfolio).toMatch(/^y{50,}… — повторное голосование: Сопредседатель \(П{99}…\)$/);
  });
});
