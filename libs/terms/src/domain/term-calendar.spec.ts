import { DomainError } from '@council/core';
import {
  nextTermLabel,
  parseTermLabel,
  termLabelAt,
  termPeriod,
  termName,
  termStatus,
} from './term-calendar';

const MOSCOW = 'Europe/Moscow';

describe('term calendar', () => {
  it('gives half-year periods in the council time zone', () => {
    expect(termPeriod('2027-H1', MOSCOW)).toMatchObject({
      label: '2027-H1',
      year: 2027,
      half: 'H1',
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
      startsAt: new Date('2026-12-31T21:00:00.000Z'),
      endsAt: new Date('2027-06-30T21:00:00.000Z'),
    });
    expect(termPeriod('2027-H2', MOSCOW)).toMatchObject({
      startsOn: '2027-07-01',
      endsOn: '2027-12-31',
    });
  });

  it('switches term at midnight Moscow time, not UTC', () => {
    expect(termLabelAt(new Date('2027-06-30T20:59:59Z'), MOSCOW)).toBe('2027-H1'); // 23:59:59 MSK
    expect(termLabelAt(new Date('2027-06-30T21:00:00Z'), MOSCOW)).toBe('2027-H2'); // 00:00:00 MSK
    expect(termLabelAt(new Date('2027-06-30T21:00:00Z'), 'UTC')).toBe('2027-H1');
    expect(termLabelAt(new Date('2026-12-31T21:00:00Z'), MOSCOW)).toBe('2027-H1');
  });

  it('names a term in words, in Russian as the council writes it', () => {
    expect(termName('2027-H1', 'RU')).toBe('первое полугодие 2027 года');
    expect(termName('2027-H2', 'RU')).toBe('второе полугодие 2027 года');
    expect(termName('2027-H1', 'EN')).toBe('first half of 2027');
    expect(termName('2030-H2', 'EN')).toBe('second half of 2030');
  });

  it('orders terms and tells their status', () => {
    const now = new Date('2027-03-15T12:00:00Z');
    expect(termStatus('2027-H1', now, MOSCOW)).toBe('CURRENT');
    expect(termStatus('2027-H2', now, MOSCOW)).toBe('UPCOMING');
    expect(termStatus('2026-H2', now, MOSCOW)).toBe('PAST');
    expect(nextTermLabel('2027-H1')).toBe('2027-H2');
    expect(nextTermLabel('2027-H2')).toBe('2028-H1');
  });

  it.each(['2027-H3', '2027H1', '27-H1', '2027-h1', '', '2027-H1 ', '1999-H1'])(
    'refuses the label %p',
    (label) => {
      expect(() => parseTermLabel(label)).toThrow(DomainError);
      try {
        parseTermLabel(label, 'termLabel');
      } catch (error) {
        expect((error as DomainError).reason).toBe('INVALID_TERM_LABEL');
        expect((error as DomainError).fields).toHaveProperty('termLabel');
      }
    },
  );
});
