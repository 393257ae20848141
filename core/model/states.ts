import { decodeBase64, encodeBase64 } from './base64.js';
import type { ArrayRecord, StateGrid } from './design.js';
import { physicalColumns } from './design.js';
import { Random } from '../math/random.js';
import { show } from './problems.js';

/**
 * Programmed states of an array's physical cells: a level index per cell, row-major over
 * rows x physical columns. Stored compactly in files (a fill, or one byte per cell in
 * base64) and expanded to a Uint8Array for computation.
 */
export type StatePattern = 'random' | 'all-p' | 'all-ap' | 'checker';
export const STATE_PATTERNS: readonly StatePattern[] = ['random', 'all-p', 'all-ap', 'checker'];
/** What each pattern is called where people choose one (the editor's Program menu). */
export const STATE_PATTERN_LABELS: Record<StatePattern, string> = {
  random: 'Random levels',
  'all-p': 'All at the top level (parallel)',
  'all-ap': 'All at level 0 (antiparallel)',
  checker: 'Checkerboard (top level and 0)',
};

export function decodeStates(grid: StateGrid, cellCount: number): Uint8Array | string {
  if (grid.encoding === 'fill') return new Uint8Array(cellCount).fill(grid.level);
  const bytes = decodeBase64(grid.data);
  if (!bytes) return 'data is not valid base64';
  if (bytes.length !== cellCount) return `holds ${bytes.length} cells, the array has ${cellCount} (rows x physical columns)`;
  return bytes;
}

/** Expands a validated array's states. */
export function arrayStates(array: ArrayRecord): Uint8Array {
  const states = decodeStates(array.states, array.rows * physicalColumns(array));
  if (typeof states === 'string') throw new Error(`${array.id}: states ${states}`);
  return states;
}

/** Compact encoding: a fill when every cell is at one level, bytes otherwise. */
export function encodeStates(states: Uint8Array): StateGrid {
  const first = states[0] ?? 0;
  if (states.every((s) => s === first)) return { encoding: 'fill', level: first };
  return { encoding: 'u8-base64', data: encodeBase64(states) };
}

/**
 * A state pattern over rows x columns. Level 0 is the lowest conductance (all MTJs
 * antiparallel), the top level the highest (all parallel). Random levels come from `seed`.
 */
export function patternStates(pattern: StatePattern, rows: number, columns: number, levels: number, seed: number): Uint8Array {
  const states = new Uint8Array(rows * columns);
  const top = levels - 1;
  switch (pattern) {
    case 'all-ap':
      break;
    case 'all-p':
      states.fill(top);
      break;
    case 'checker':
      for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) states[r * columns + c] = (r + c) % 2 === 0 ? top : 0;
      break;
    case 'random': {
      const rng = Random.derive(seed, 'states');
      for (let i = 0; i < states.length; i++) states[i] = rng.int(levels);
      break;
    }
  }
  return states;
}

/** Most cells a table of states typed or read from a CSV may hold: the largest array's. */
const MAX_TABLE_CELLS = 4096 * 8193;

/**
 * A table of levels as people write one: rows on lines (or separated by `;`), values
 * separated by commas, tabs or spaces; blank lines and lines starting with `#` are
 * skipped. Returns the rows, or why the text is not such a table (naming the line).
 */
export function parseStateTable(text: string): number[][] | string {
  const rows: number[][] = [];
  let cells = 0;
  for (const [i, wholeLine] of text.split(/\r?\n/).entries()) {
    if (wholeLine.trim().startsWith('#')) continue;
    for (const segment of wholeLine.split(';')) {
      const line = segment.trim();
      if (line === '') continue;
      const row: number[] = [];
      for (const f of line.split(/[\s,]+/)) {
        if (f === '') continue;
        const v = Number(f);
        if (!/^\d+$/.test(f) || !Number.isSafeInteger(v))
          return `line ${i + 1}: ${show(f)} is not a level (a whole number 0, 1, 2, ...)`;
        row.push(v);
      }
      cells += row.length;
      if (cells > MAX_TABLE_CELLS) return `holds more than ${MAX_TABLE_CELLS} values, more than any array has cells`;
      rows.push(row);
    }
  }
  if (rows.length === 0) return 'holds no levels';
  const width = rows[0]!.length;
  const ragged = rows.findIndex((r) => r.length !== width);
  if (ragged >= 0) return `row ${ragged + 1} has ${rows[ragged]!.length} values, row 1 has ${width}; every row needs as many`;
  return rows;
}

/** The highest level in a table, for range checks before it is programmed. */
export function tableMax(table: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of table) for (const v of row) if (v > max) max = v;
  return max;
}

/**
 * States of rows x columns cells from a table: repeated over the array when `repeat`
 * (a pattern tile), else the table must be exactly rows x columns (a CSV of an array's
 * states). Returns the states, or why the table does not fit.
 */
export function tableStates(
  table: readonly (readonly number[])[],
  rows: number,
  columns: number,
  repeat: boolean,
): Uint8Array | string {
  const th = table.length;
  const tw = table[0]?.length ?? 0;
  if (th === 0 || tw === 0) return 'holds no levels';
  if (!repeat && (th !== rows || tw !== columns))
    return `is ${th} x ${tw}, the array has ${rows} rows x ${columns} physical columns; give one level per physical cell`;
  const states = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const src = table[r % th]!;
    for (let c = 0; c < columns; c++) states[r * columns + c] = Math.min(255, src[c % tw]!);
  }
  return states;
}
