import { DateTime } from 'luxon';
import { ValidationError } from '@council/core';
import { TermsReason } from './terms.errors';

export type Half = 'H1' | 'H2';
export type TermStatus = 'UPCOMING' | 'CURRENT' | 'PAST';

export interface TermPeriod {
  label: string;
  year: number;
  half: Half;
  // Calendar dates in the council's time zone, inclusive: 2027-H1 is 2027-01-01 .. 2027-06-30.
  startsOn: string;
  endsOn: string;
  // Instants: the term holds from startsAt (inclusive) until endsAt (exclusive).
  startsAt: Date;
  endsAt: Date;
}

const LABEL_PATTERN = /^(\d{4})-(H1|H2)$/;

// A term's label: its year (2000 to 2999) and half, as 2027-H1.
export function isTermLabel(label: string): boolean {
  const match = LABEL_PATTERN.exec(label);
  return match !== null && Number(match[1]) >= 2000 && Number(match[1]) <= 2999;
}

export function parseTermLabel(label: string, field = 'label'): { year: number; half: Half } {
  if (!isTermLabel(label)) {
    throw ValidationError.field(
      field,
      'must be a term label such as 2027-H1',
      TermsReason.INVALID_TERM_LABEL,
    );
  }
  const [, year, half] = LABEL_PATTERN.exec(label)!;
  return { year: Number(year), half: half as Half };
}

// DOMAIN.md: terms are half-years in the council's time zone (Europe/Moscow by default).
export function termPeriod(label: string, zone: string, field = 'label'): TermPeriod {
  const { year, half } = parseTermLabel(label, field);
  const start = DateTime.fromObject({ year, month: half === 'H1' ? 1 : 7, day: 1 }, { zone });
  const end = start.plus({ months: 6 });
  return {
    label,
    year,
    half,
    startsOn: start.toISODate()!,
    endsOn: end.minus({ days: 1 }).toISODate()!,
    startsAt: start.toJSDate(),
    endsAt: end.toJSDate(),
  };
}

export function termLabelAt(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  return `${local.year}-${local.month <= 6 ? 'H1' : 'H2'}`;
}

export function nextTermLabel(label: string): string {
  const { year, half } = parseTermLabel(label);
  return half === 'H1' ? `${year}-H2` : `${year + 1}-H1`;
}

// A term in words, as a title or a sentence names it: "первое полугодие 2027 года" (the council's
// own wording, as in "на первое полугодие 2020 года"), "first half of 2027".
export function termName(label: string, language: 'EN' | 'RU'): string {
  const { year, half } = parseTermLabel(label);
  if (language === 'RU') return `${half === 'H1' ? 'первое' : 'второе'} полугодие ${year} года`;
  return `${half === 'H1' ? 'first' : 'second'} half of ${year}`;
}

export function compareTermLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function termStatus(label: string, now: Date, zone: string): TermStatus {
  const current = termLabelAt(now, zone);
  const order = compareTermLabels(label, current);
  return order === 0 ? 'CURRENT' : order > 0 ? 'UPCOMING' : 'PAST';
}
