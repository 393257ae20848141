import type { ArrayRecord, Design } from '../design.js';
import { findArray, findDevice, levelCount, physicalColumns } from '../design.js';
import { show, UserError } from '../problems.js';
import { encodeStates, patternStates, tableMax, tableStates, type StatePattern } from '../states.js';
import { emptyDiff, type DesignDiff } from './diff.js';

/**
 * How to program arrays' cells from the editor:
 * - `fill`: every cell at one level;
 * - `pattern`: one of the patterns `spinplan new --states` knows (core/model/states.ts);
 *   random levels differ between arrays (seed, seed + 1, ... in the order given);
 * - `tile`: a small table of levels repeated over the array;
 * - `table`: one level per physical cell (a CSV of the array's states), rows x physical columns.
 */
export type StateProgram =
  | { kind: 'fill'; level: number }
  | { kind: 'pattern'; pattern: StatePattern; seed: number }
  | { kind: 'tile'; table: readonly (readonly number[])[] }
  | { kind: 'table'; table: readonly (readonly number[])[] };

/** The states one array gets from a program, or why it cannot take them (the array named). */
function programmed(a: ArrayRecord, levels: number, program: StateProgram, index: number): ArrayRecord['states'] {
  const rows = a.rows;
  const columns = physicalColumns(a);
  const range = `levels 0..${levels - 1}`;
  switch (program.kind) {
    case 'fill':
      if (!Number.isInteger(program.level) || program.level < 0 || program.level >= levels)
        throw new UserError(`level ${show(program.level)} is not one of ${show(a.name)}'s device's ${range}`);
      return { encoding: 'fill', level: program.level };
    case 'pattern':
      return encodeStates(patternStates(program.pattern, rows, columns, levels, program.seed + index));
    case 'tile':
    case 'table': {
      const max = tableMax(program.table);
      if (max >= levels) throw new UserError(`level ${max} is not one of ${show(a.name)}'s device's ${range}`);
      const states = tableStates(program.table, rows, columns, program.kind === 'tile');
      if (typeof states === 'string') throw new UserError(`the table ${states} (array ${show(a.name)})`);
      return encodeStates(states);
    }
  }
}

/**
 * Programs the cells of the arrays `ids` (one undo step for all). Throws a UserError
 * naming the array when a level is out of its device's range or a table does not fit it.
 */
export function programStates(design: Design, ids: readonly string[], program: StateProgram): DesignDiff {
  const diff = emptyDiff();
  ids.forEach((id, index) => {
    const a = findArray(design, id);
    const device = a && findDevice(design, a.device);
    if (!a || !device) return;
    const states = programmed(a, levelCount(device), program, index);
    if (JSON.stringify(states) !== JSON.stringify(a.states)) diff.arrays.updated[id] = [a, { ...a, states }];
  });
  return diff;
}
