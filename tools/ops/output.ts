/**
 * Output for people (an aligned table) and for scripts (`--json`: one JSON document, nothing
 * else on stdout). Tables keep one row per line: newlines in a cell are flattened and long
 * cells are cut; the full values are in the JSON.
 */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | null | undefined;
  /** Cut longer cells with an ellipsis (error texts can be 2 000 characters). */
  readonly maxWidth?: number;
}

function cell(value: string | number | null | undefined, maxWidth: number | undefined): string {
  const flat = value === null || value === undefined || value === '' ? '-' : String(value).replace(/\s+/g, ' ').trim();
  return maxWidth !== undefined && flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
}

export function renderTable<T>(columns: ReadonlyArray<Column<T>>, rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row), column.maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]?.length ?? 0)));
  const format = (line: readonly string[]) =>
    line
      .map((text, i) => (i === line.length - 1 ? text : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(columns.map((column) => column.header)), ...cells.map(format)].join('\n');
}

/** Dates as ISO strings, Buffers never appear (payloads are parsed before this). */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
