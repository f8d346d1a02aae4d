// Russian counts: the noun's form follows the number (1 голос, 2 голоса, 5 голосов, 21 голос),
// as Intl.PluralRules('ru') tells: "one" (1, 21, 101…), "few" (2–4, 22–24…), "many" (0, 5–20,
// 25…). "other" is for fractions only, which take the "few" form (1,5 голоса).
export interface RussianForms {
  one: string;
  few: string;
  many: string;
}

const RULES = new Intl.PluralRules('ru');

export function russianForm(count: number, forms: RussianForms): string {
  const category = RULES.select(count);
  return category === 'one' ? forms.one : category === 'many' ? forms.many : forms.few;
}

// "5 голосов", "21 голос".
export function russianCount(count: number, forms: RussianForms): string {
  return `${count} ${russianForm(count, forms)}`;
}

// After a number, in the nominative (and the accusative of things): "2 голоса".
export const VOTES: RussianForms = { one: 'голос', few: 'голоса', many: 'голосов' };
export const SEATS: RussianForms = { one: 'место', few: 'места', many: 'мест' };
// After "из" or "от" (the genitive): "из 21 действительного бюллетеня", "из 14 действительных
// бюллетеней".
export const OF_VALID_BALLOTS: RussianForms = {
  one: 'действительного бюллетеня',
  few: 'действительных бюллетеней',
  many: 'действительных бюллетеней',
};
export const OF_ELECTORS: RussianForms = {
  one: 'избирателя',
  few: 'избирателей',
  many: 'избирателей',
};
// After "по" (the dative): "по 1 месту", "по 2 местам".
export const FOR_SEATS: RussianForms = { one: 'месту', few: 'местам', many: 'местам' };
