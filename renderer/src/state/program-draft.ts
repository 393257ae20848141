import type { ArrayRecord } from '../../../core/model/design.js';
import type { StateProgram } from '../../../core/model/edits/index.js';
import { parseStateTable, STATE_PATTERNS, type StatePattern } from '../../../core/model/states.js';

/** What the Program control offers: one level, a pattern of `spinplan new --states`, a repeated tile, a CSV. */
export type ProgramChoice = 'fill' | `pattern:${StatePattern}` | 'tile' | 'table';
export const PROGRAM_CHOICES: readonly ProgramChoice[] = [
  'fill',
  ...STATE_PATTERNS.map((p) => `pattern:${p}` as const),
  'tile',
  'table',
];

/**
 * The Program control's values for one selection, kept per selection in the session so
 * each array (or group) shows its own, never the last one's.
 */
export interface ProgramDraft {
  choice: ProgramChoice;
  level: number;
  seed: number;
  /** The repeated tile as typed, e.g. "0 3; 3 0". */
  tile: string;
  /** A CSV read from a file: its levels, or why they could not be read. */
  table: { name: string; rows: number[][] | string } | null;
}

/** The key of a selection's draft: the same arrays in any order. */
export const draftKey = (ids: readonly string[]): string => [...ids].sort().join(',');

/** A new draft: the level the arrays are filled with when they all share one, else 0. */
export function initialDraft(arrays: readonly ArrayRecord[]): ProgramDraft {
  const levels = new Set(arrays.map((a) => (a.states.encoding === 'fill' ? a.states.level : -1)));
  const [only] = levels;
  return {
    choice: 'fill',
    level: levels.size === 1 && only !== undefined && only >= 0 ? only : 0,
    seed: 1,
    tile: '0 1; 1 0',
    table: null,
  };
}

/** The program a draft asks for, or what is missing or wrong in it. */
export function draftProgram(d: ProgramDraft): StateProgram | string {
  switch (d.choice) {
    case 'fill':
      return Number.isInteger(d.level) && d.level >= 0
        ? { kind: 'fill', level: d.level }
        : `${d.level} is not a level (0, 1, 2, ...)`;
    case 'tile': {
      const table = parseStateTable(d.tile);
      return typeof table === 'string' ? `the pattern ${table}` : { kind: 'tile', table };
    }
    case 'table':
      if (!d.table) return 'choose a CSV file of levels: one row per array row, one value per physical column';
      return typeof d.table.rows === 'string' ? `${d.table.name} ${d.table.rows}` : { kind: 'table', table: d.table.rows };
    default:
      if (!Number.isInteger(d.seed)) return `${d.seed} is not a whole number`;
      return { kind: 'pattern', pattern: d.choice.slice('pattern:'.length) as StatePattern, seed: d.seed };
  }
}
