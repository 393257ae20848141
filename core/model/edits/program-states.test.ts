import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { defaultTechnology } from '../defaults.js';
import type { Design } from '../design.js';
import { SCHEMA_VERSION } from '../schema.js';
import { arrayStates, patternStates } from '../states.js';
import { checkDesign } from '../validate.js';
import { placeArray } from './commands.js';
import { applyDiff, reverseDiff } from './diff.js';
import { programStates } from './program-states.js';
import { updateArrays } from './update-arrays.js';

// A 3-cell compound MTJ: 4 levels.
const mtj = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_x', cells: 3 });

function design(): Design {
  let d: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: 't', width: 1000, height: 800, units: 'um', grid: 10 },
    technology: defaultTechnology(),
    devices: [],
    arrays: [],
  };
  d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 4, cols: 3, x: 10, y: 10 }).diff);
  d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 4, cols: 3, x: 300, y: 10 }).diff);
  d = applyDiff(
    d,
    placeArray(d, { topology: 'passive', device: mtj, rows: 6, cols: 2, x: 600, y: 10, mapping: 'reference' }).diff,
  );
  return d;
}
const states = (d: Design, i: number) => [...arrayStates(d.arrays[i]!)];

describe('programming arrays from the editor', () => {
  it('fills, and refuses a level the device does not have, naming the array', () => {
    const d = design();
    const filled = applyDiff(d, programStates(d, ['arr_1'], { kind: 'fill', level: 2 }));
    expect(filled.arrays[0]!.states).toEqual({ encoding: 'fill', level: 2 });
    expect(filled.arrays[1]).toBe(d.arrays[1]);
    expect(() => programStates(d, ['arr_1'], { kind: 'fill', level: 4 })).toThrow(
      /level 4 is not one of "32x8 passive"|level 4 is not one of ".*"'s device's levels 0\.\.3/,
    );
  });

  it('programs the patterns of spinplan new --states, random levels different per array', () => {
    const d = design();
    const diff = programStates(d, ['arr_1', 'arr_2'], { kind: 'pattern', pattern: 'random', seed: 7 });
    const out = applyDiff(d, diff);
    // The same function and seeds as the command line: seed, seed + 1 in the order given.
    expect(states(out, 0)).toEqual([...patternStates('random', 4, 6, 4, 7)]);
    expect(states(out, 1)).toEqual([...patternStates('random', 4, 6, 4, 8)]);
    expect(states(out, 0)).not.toEqual(states(out, 1));
    const checker = applyDiff(d, programStates(d, ['arr_1'], { kind: 'pattern', pattern: 'checker', seed: 1 }));
    expect(states(checker, 0).slice(0, 6)).toEqual([3, 0, 3, 0, 3, 0]);
    expect(states(checker, 0).slice(6, 12)).toEqual([0, 3, 0, 3, 0, 3]);
    expect(applyDiff(out, reverseDiff(diff))).toEqual(d);
    expect(checkDesign(out).errors).toEqual([]);
  });

  it('repeats a pattern tile over arrays of any size, and takes a table of exactly rows x physical columns', () => {
    const d = design();
    const tiled = applyDiff(d, programStates(d, ['arr_1', 'arr_3'], { kind: 'tile', table: [[1, 2]] }));
    expect(states(tiled, 0)).toEqual(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 1 : 2)));
    // The reference array has 3 physical columns: the tile wraps within each row.
    expect(states(tiled, 2).slice(0, 6)).toEqual([1, 2, 1, 1, 2, 1]);
    const table = [0, 1, 2, 3].map((r) => [0, 1, 2, 3, 0, 1].map((c) => (r + c) % 4));
    const exact = applyDiff(d, programStates(d, ['arr_2'], { kind: 'table', table }));
    expect(states(exact, 1)).toEqual(table.flat());
    expect(() => programStates(d, ['arr_3'], { kind: 'table', table })).toThrow(
      /is 4 x 6, the array has 6 rows x 3 physical columns/,
    );
    expect(() => programStates(d, ['arr_1'], { kind: 'tile', table: [[0, 9]] })).toThrow(/level 9 is not one of/);
  });
});

describe('editing a field of several arrays at once', () => {
  it('sets the field on each as one diff, reshaping each state grid, and one reverse undoes all', () => {
    const d = design();
    const diff = updateArrays(d, ['arr_1', 'arr_3'], { rows: 8, adcBits: 6 });
    expect(Object.keys(diff.arrays.updated).sort()).toEqual(['arr_1', 'arr_3']);
    const out = applyDiff(d, diff);
    expect(out.arrays.map((a) => [a.rows, a.adcBits])).toEqual([
      [8, 6],
      [4, d.arrays[1]!.adcBits],
      [8, 6],
    ]);
    expect(checkDesign(out).errors).toEqual([]);
    expect(applyDiff(out, reverseDiff(diff))).toEqual(d);
    // An array that already has the value is left out of the diff.
    expect(Object.keys(updateArrays(out, ['arr_1', 'arr_2'], { rows: 8 }).arrays.updated)).toEqual(['arr_2']);
  });
});
