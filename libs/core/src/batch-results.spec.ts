import { alignById, groupBy } from './batch-results';

interface Row {
  id: string;
  ownerId: string;
}

const rows: Row[] = [
  { id: 'a', ownerId: 'x' },
  { id: 'b', ownerId: 'y' },
  { id: 'c', ownerId: 'x' },
];

describe('alignById', () => {
  it('answers each id asked, in order, with null for the ones not found', () => {
    expect(alignById(['c', 'missing', 'a', 'c'], rows, (row) => row.id)).toEqual([
      rows[2],
      null,
      rows[0],
      rows[2],
    ]);
  });

  it('answers nothing when asked nothing', () => {
    expect(alignById([], rows, (row) => row.id)).toEqual([]);
  });
});

describe('groupBy', () => {
  it('answers the rows of each key asked, in key order, keeping the order of the rows', () => {
    expect(groupBy(['y', 'none', 'x'], rows, (row) => row.ownerId)).toEqual([
      [rows[1]],
      [],
      [rows[0], rows[2]],
    ]);
  });

  it('leaves out rows of keys not asked for', () => {
    expect(groupBy(['y'], rows, (row) => row.ownerId)).toEqual([[rows[1]]]);
  });
});
