import { plural, renderTable, type Column } from './output';

interface Row {
  readonly id: string;
  readonly n: number;
  readonly error: string | null;
}

const columns: ReadonlyArray<Column<Row>> = [
  { header: 'ID', value: (r) => r.id },
  { header: 'N', value: (r) => r.n },
  { header: 'ERROR', value: (r) => r.error, maxWidth: 12 },
];

describe('renderTable', () => {
  it('aligns columns to the widest cell, two spaces apart, without trailing blanks', () => {
    const table = renderTable(columns, [
      { id: 'a', n: 1, error: 'boom' },
      { id: 'longer-id', n: 22, error: null },
    ]);
    expect(table.split('\n')).toEqual([
      'ID         N   ERROR',
      'a          1   boom',
      'longer-id  22  -',
    ]);
  });

  it('keeps one row per line: flattens newlines and cuts long cells with an ellipsis', () => {
    const table = renderTable(columns, [{ id: 'x', n: 0, error: 'Error: line one\n    at stack frame' }]);
    expect(table.split('\n')[1]).toBe('x   0  Error: line…');
  });
});

describe('plural', () => {
  it('counts nouns', () => {
    expect([plural(0, 'message'), plural(1, 'message'), plural(2, 'message')]).toEqual(['0 messages', '1 message', '2 messages']);
  });
});
