import { characterCount, isWellFormedText } from '@council/core';
import { Position } from '@council/terms';
import { ELECTION_TITLE_MAX_LENGTH, runoffTitle } from './contests';

describe("a runoff's title", () => {
  const chair = { position: Position.CHAIR, portfolio: null };

  it('names the parent election and the contest it decides', () => {
    expect(runoffTitle('Выборы на 2027-H2', chair)).toBe('Выборы на 2027-H2 — runoff: Chair');
    expect(
      runoffTitle('Выборы', { position: Position.CO_CHAIR, portfolio: 'Связи с регионами' }),
    ).toBe('Выборы — runoff: Co-chair (Связи с регионами)');
  });

  // Found by review: the title was cut at 200 UTF-16 units, which split an emoji in two and, for
  // any parent title over about 185 characters, dropped the part naming the runoff.
  it('fits the title length by shortening the parent title, never splitting a character', () => {
    // 151 characters (301 UTF-16 units): it fits whole.
    const emoji = 'a' + '🌿'.repeat(150);
    expect(runoffTitle(emoji, chair)).toBe(`${emoji} — runoff: Chair`);
    for (const parent of [
      '🌿'.repeat(ELECTION_TITLE_MAX_LENGTH),
      'x'.repeat(ELECTION_TITLE_MAX_LENGTH),
    ]) {
      const title = runoffTitle(parent, chair);
      expect(characterCount(title)).toBe(ELECTION_TITLE_MAX_LENGTH);
      expect(isWellFormedText(title)).toBe(true);
      // 200 characters: 183 of the parent’s, the ellipsis and " — runoff: Chair" (16).
      expect(title).toBe(`${[...parent].slice(0, 183).join('')}… — runoff: Chair`);
    }
    const longPortfolio = runoffTitle('y'.repeat(ELECTION_TITLE_MAX_LENGTH), {
      position: Position.CO_CHAIR,
      portfolio: 'П'.repeat(200),
    });
    expect(characterCount(longPortfolio)).toBe(ELECTION_TITLE_MAX_LENGTH);
    expect(longPortfolio).toMatch(/^y+… — runoff: Co-chair \(П{119}…\)$/);
  });
});
