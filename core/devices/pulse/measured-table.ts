import { UserError } from '../../model/problems.js';
import { MAX_PULSE_TABLE } from '../../model/schema.js';

/** The two branches of a measured G-vs-pulse table, siemens. */
export interface PulseTable {
  set: number[];
  reset: number[];
}

/**
 * Reads a measured G-vs-pulse table from CSV text. One row per pulse number (the first row
 * is before any pulse), two columns: the SET branch (from the bottom of the window, rising)
 * and the RESET branch (from the top, falling); or three, the first the pulse number
 * 0, 1, 2, .... Cells are separated by commas, semicolons or tabs; a first row that is not
 * numbers is a header; `#` starts a comment line. A branch may end before the other: its
 * cells are then empty to the end. `quantity` says whether the cells are conductances
 * (siemens) or resistances (ohms). Bad cells are named by line and column, not quoted
 * (the file may be anything the user pointed at).
 */
export function parsePulseTable(text: string, quantity: 'conductance' | 'resistance' = 'conductance'): PulseTable {
  const rows: { line: number; cells: string[] }[] = [];
  text.split(/\r?\n/).forEach((raw, ix) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const sep = line.includes(',') ? ',' : line.includes(';') ? ';' : line.includes('\t') ? '\t' : /\s+/;
    rows.push({ line: ix + 1, cells: line.split(sep).map((c) => c.trim()) });
  });
  if (rows.length > 0 && rows[0]!.cells.some((c) => c !== '' && !Number.isFinite(Number(c)))) rows.shift();
  if (rows.length === 0) throw new UserError('the pulse table has no rows; give one row per pulse: SET,RESET');
  const width = rows[0]!.cells.length;
  if (width !== 2 && width !== 3)
    throw new UserError(
      `line ${rows[0]!.line} has ${width} columns; a pulse table has two (SET,RESET) or three (pulse,SET,RESET)`,
    );
  if (rows.length > MAX_PULSE_TABLE)
    throw new UserError(`the pulse table has ${rows.length} rows, over the limit of ${MAX_PULSE_TABLE} pulses`);
  const first = width - 2;
  const names = ['SET', 'RESET'];
  const columns: number[][] = [[], []];
  for (const [r, { line, cells }] of rows.entries()) {
    if (cells.length > width) throw new UserError(`line ${line} has ${cells.length} columns, the first row ${width}`);
    if (width === 3 && Number(cells[0]) !== r)
      throw new UserError(`line ${line}: the pulse number column must count 0, 1, 2, ... (expected ${r})`);
    for (let c = 0; c < 2; c++) {
      const cell = cells[first + c] ?? '';
      const column = columns[c]!;
      if (cell === '') continue;
      if (column.length !== r)
        throw new UserError(
          `line ${line}, ${names[c]} column: a value after an empty cell; a branch ends at its first empty cell`,
        );
      const v = Number(cell);
      if (!Number.isFinite(v) || v <= 0)
        throw new UserError(`line ${line}, ${names[c]} column: not a ${quantity} (a positive number is expected)`);
      column.push(quantity === 'resistance' ? 1 / v : v);
    }
  }
  for (let c = 0; c < 2; c++)
    if (columns[c]!.length < 2)
      throw new UserError(
        `the ${names[c]} column has ${columns[c]!.length} value(s); it needs the value before and after at least one pulse`,
      );
  return { set: columns[0]!, reset: columns[1]! };
}
