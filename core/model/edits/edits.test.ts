import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { defaultTechnology } from '../defaults.js';
import type { Design } from '../design.js';
import { checkDesign } from '../validate.js';
import { applyDiff, reverseDiff, squashDiffs } from './diff.js';
import { History } from './history.js';
import {
  deleteArrays,
  fillStates,
  moveArrays,
  pasteArrays,
  placeArray,
  rotateArrays,
  updateArray,
  updateDevice,
  updateTechnology,
  wireInMode,
} from './commands.js';
import { problemsAfter } from './validate-edit.js';
import { decodeStates, encodeStates } from '../states.js';
import { SCHEMA_VERSION } from '../schema.js';

const empty = (): Design => ({
  schemaVersion: SCHEMA_VERSION,
  chip: { name: 't', width: 1000, height: 800, units: 'um', grid: 10 },
  technology: defaultTechnology(),
  devices: [],
  arrays: [],
});
const mtj = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_x', cells: 3 });

function twoArrays(): Design {
  let d = empty();
  d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 8, cols: 4, x: 10, y: 10 }).diff);
  d = applyDiff(d, placeArray(d, { topology: 'cell-transistor', device: mtj, rows: 4, cols: 4, x: 400, y: 300 }).diff);
  return d;
}

describe('document edits as diffs', () => {
  it('places arrays, reusing an equal device', () => {
    const d = twoArrays();
    expect(d.arrays.map((a) => a.id)).toEqual(['arr_1', 'arr_2']);
    expect(d.devices.map((x) => x.id)).toEqual(['dev_1']);
    expect(checkDesign(d).errors).toEqual([]);
  });

  it('undoes every command by applying the reversed diff, restoring order', () => {
    const d = twoArrays();
    for (const diff of [
      moveArrays(d, [{ id: 'arr_1', x: 50, y: 60 }]),
      rotateArrays(d, ['arr_2']),
      deleteArrays(d, ['arr_1']),
      updateArray(d, 'arr_1', { rows: 16, cols: 2 }),
      pasteArrays(d, d.arrays, 20, 20).diff,
    ]) {
      const after = applyDiff(d, diff);
      expect(after).not.toEqual(d);
      expect(applyDiff(after, reverseDiff(diff))).toEqual(d);
    }
  });

  it('squashes a drag into one diff whose reverse returns to the start', () => {
    const d = twoArrays();
    let cur = d;
    let acc = moveArrays(cur, [{ id: 'arr_1', x: 20, y: 10 }]);
    cur = applyDiff(cur, acc);
    for (const x of [30, 40, 50]) {
      const step = moveArrays(cur, [{ id: 'arr_1', x, y: 20 }]);
      cur = applyDiff(cur, step);
      acc = squashDiffs(acc, step);
    }
    expect(acc.arrays.updated.arr_1![0].x).toBe(10);
    expect(acc.arrays.updated.arr_1![1].x).toBe(50);
    expect(applyDiff(cur, reverseDiff(acc))).toEqual(d);
  });

  it('keeps one history entry per squash key until marked', () => {
    const h = new History();
    let d = twoArrays();
    const start = d;
    for (const x of [20, 30, 40]) {
      const diff = moveArrays(d, [{ id: 'arr_1', x, y: 10 }]);
      d = applyDiff(d, diff);
      h.push({ label: 'Move', diff, squashKey: 'drag' });
    }
    expect(h.depth).toBe(1);
    h.mark();
    const diff = moveArrays(d, [{ id: 'arr_1', x: 90, y: 10 }]);
    d = applyDiff(d, diff);
    h.push({ label: 'Move', diff, squashKey: 'drag' });
    expect(h.depth).toBe(2);
    d = h.undo(d)!.design;
    d = h.undo(d)!.design;
    expect(d).toEqual(start);
    d = h.redo(d)!.design;
    expect(d.arrays[0]!.x).toBe(40);
  });

  it('resizing keeps the overlapping programmed states', () => {
    let d = twoArrays();
    d = applyDiff(d, updateArray(d, 'arr_1', { rows: 2, cols: 1 }));
    expect(d.arrays[0]!.states).toEqual({ encoding: 'fill', level: 0 });
    expect(checkDesign(d).errors).toEqual([]);
  });

  it('resizing a programmed array (as the canvas handles do) keeps the cells that remain', () => {
    let d = twoArrays();
    const a = d.arrays[0]!; // 8 rows x 4 weights, differential: 8 physical columns
    const grid = Uint8Array.from({ length: 8 * 8 }, (_, i) => i % 4);
    d = { ...d, arrays: [{ ...a, states: encodeStates(grid) }, d.arrays[1]!] };
    expect(d.arrays[0]!.states).not.toEqual(a.states);
    d = applyDiff(d, updateArray(d, 'arr_1', { rows: 10, cols: 2, x: a.x, y: a.y }));
    const out = decodeStates(d.arrays[0]!.states, 10 * 4) as Uint8Array;
    for (let r = 0; r < 8; r++) for (let c = 0; c < 4; c++) expect(out[r * 4 + c]).toBe(grid[r * 8 + c]);
    for (let i = 8 * 4; i < 10 * 4; i++) expect(out[i]).toBe(0);
    // The generated name follows the new size; a name the user typed would stay.
    expect(d.arrays[0]!.name).toBe('10x2 passive');
  });

  it('validates an edit with the schema rules before it is applied', () => {
    const d = twoArrays();
    expect(problemsAfter(d, updateArray(d, 'arr_1', { cols: 0 }))[0]!.message).toMatch(
      /0 is not allowed, must be a whole number 1\.\.4096/,
    );
    expect(problemsAfter(d, updateArray(d, 'arr_1', { x: 990 }))[0]!.message).toMatch(/outside the die/);
    expect(problemsAfter(d, updateArray(d, 'arr_1', { rows: 12 }))).toEqual([]);
  });

  it('changes technology values as one diff that undoes exactly and is validated by the schema', () => {
    const d = twoArrays();
    const diff = updateTechnology(d, { wire: { row: 0.25 } });
    const after = applyDiff(d, diff);
    expect(after.technology.wire).toEqual({ mode: 'per-cell', row: 0.25, col: 2.5 });
    expect(after.technology.transistor).toBe(d.technology.transistor);
    expect(applyDiff(after, reverseDiff(diff))).toEqual(d);
    expect(problemsAfter(d, diff)).toEqual([]);
    // Nested groups merge field by field; an unchanged value is no edit at all.
    expect(applyDiff(d, updateTechnology(d, { transistor: { gateVoltage: 1.5 } })).technology.transistor).toEqual({
      ...d.technology.transistor,
      gateVoltage: 1.5,
    });
    expect(updateTechnology(d, { readVoltage: d.technology.readVoltage }).technology).toBeNull();
    // The schema's own messages, with the field's path.
    expect(problemsAfter(d, updateTechnology(d, { wire: { row: -1 } }))).toEqual([
      { path: 'technology.wire.row', message: '-1 is not allowed, must be 0..1000000000 ohm' },
    ]);
    expect(problemsAfter(d, updateTechnology(d, { readVoltage: 0 }))[0]!.message).toMatch(/must be > 0 and <= 5 V/);
    // A wider periphery that pushes an array off the die is refused, naming the array.
    const far = applyDiff(d, moveArrays(d, [{ id: 'arr_2', x: 900, y: 300 }]));
    const wide = problemsAfter(far, updateTechnology(far, { periphery: { rowSide: 500 } }));
    expect(wide.map((p) => p.path)).toContain('arr_2');
    expect(wide.find((p) => p.path === 'arr_2')!.message).toMatch(/^array "4x4 cell-transistor" \(arr_2\): .*outside the die/);
  });

  it('switches the wire mode keeping the ohms per cell at a given pitch', () => {
    const perLength = wireInMode({ mode: 'per-cell', row: 2.5, col: 1 }, 'per-length', { x: 0.5, y: 0.25 });
    expect(perLength).toEqual({ mode: 'per-length', rowPerUm: 5, colPerUm: 4 });
    expect(wireInMode(perLength, 'per-cell', { x: 0.5, y: 0.25 })).toEqual({ mode: 'per-cell', row: 2.5, col: 1 });
    const d = twoArrays();
    const diff = updateTechnology(d, { wire: perLength });
    expect(problemsAfter(d, diff)).toEqual([]);
    expect(applyDiff(d, diff).technology.wire).toEqual(perLength);
  });

  it('edits a device of the library, validated, and refuses levels that leave programmed states out of range', () => {
    const d = twoArrays();
    const diff = updateDevice(d, 'dev_1', { variation: { ctc: 0.05 }, name: 'Mine' });
    const after = applyDiff(d, diff);
    expect(after.devices[0]!.variation).toEqual({ ...d.devices[0]!.variation, ctc: 0.05 });
    expect(after.devices[0]!.name).toBe('Mine');
    expect(applyDiff(after, reverseDiff(diff))).toEqual(d);
    expect(problemsAfter(d, diff)).toEqual([]);
    expect(problemsAfter(d, updateDevice(d, 'dev_1', { variation: { ctc: 2 } }))).toEqual([
      { path: 'dev_1.variation.ctc', message: '2 is not allowed, must be 0..1' },
    ]);
    expect(problemsAfter(d, updateDevice(d, 'dev_1', { rAP: 1 }))[0]!.message).toMatch(/must be greater than rP/);
    // arr_1 programmed at the top level (3 of 0..3): a device with 2 cells (levels 0..2) would leave it out of range.
    const programmed = applyDiff(d, fillStates(d, ['arr_1'], 3));
    const fewer = problemsAfter(programmed, updateDevice(programmed, 'dev_1', { cells: 2 }));
    expect(fewer).toHaveLength(1);
    expect(fewer[0]!.path).toBe('arr_1.states');
    expect(fewer[0]!.message).toMatch(/^array "8x4 passive" \(arr_1\): .*has level 3, device "dev_1" has levels 0\.\.2/);
    expect(problemsAfter(d, updateDevice(d, 'dev_1', { cells: 2 }))).toEqual([]);
    // The optional bias can be removed and given back.
    const noBias = applyDiff(d, updateDevice(d, 'dev_1', { vHalf: undefined }));
    expect('vHalf' in noBias.devices[0]!).toBe(false);
    expect(updateDevice(d, 'dev_1', { id: 'dev_9', kind: 'measured' }).devices.updated).toEqual({});
  });
});

describe('edits that break a design-wide limit are refused before they are applied', () => {
  it('refuses a resize past the total of physical cells, naming the limit', () => {
    // 4096 x 4096 and 4096 x 4095 weight columns, differential: 8192 physical cells short of the limit (2^26).
    let d: Design = { ...empty(), chip: { ...empty().chip, width: 100_000, height: 100_000 } };
    for (const x of [10, 30_000, 60_000])
      d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 8, cols: 8, x, y: 10 }).diff);
    const [a, b, c] = d.arrays.map((r) => r.id);
    d = applyDiff(d, updateArray(d, a!, { rows: 4096, cols: 4096 }));
    d = applyDiff(d, updateArray(d, b!, { rows: 4096, cols: 4095 }));
    expect(problemsAfter(d, updateArray(d, c!, { rows: 8, cols: 512 }))).toEqual([]);
    expect(problemsAfter(d, updateArray(d, c!, { rows: 8, cols: 513 }))).toEqual([
      expect.objectContaining({ path: 'arrays', message: expect.stringMatching(/over the limit of 67108864/) }),
    ]);
  });

  it('refuses the array after the last one allowed', () => {
    const d = empty();
    const full: Design = { ...d, devices: [mtj], arrays: [] };
    const one = placeArray(full, { topology: 'passive', device: mtj, rows: 1, cols: 1, x: 0, y: 0 }).diff;
    const record = Object.values(one.arrays.added)[0]!.record;
    const many: Design = { ...full, arrays: Array.from({ length: 1024 }, (_, i) => ({ ...record, id: `arr_${i + 1}` })) };
    const diff = placeArray(many, { topology: 'passive', device: mtj, rows: 1, cols: 1, x: 0, y: 0 }).diff;
    expect(problemsAfter(many, diff)).toEqual([{ path: 'arrays', message: 'would be 1025 arrays, over the limit of 1024' }]);
  });

  it('a size out of range typed for a programmed array is refused by the schema, not a RangeError', () => {
    let d = twoArrays();
    const id = d.arrays[0]!.id;
    // Programmed cell by cell (not a fill), as a mapped layer is: a reshape would build a new grid.
    const states = encodeStates(Uint8Array.from({ length: 8 * 8 }, (_, i) => i % 3));
    d = { ...d, arrays: d.arrays.map((a) => (a.id === id ? { ...a, states } : a)) };
    expect(d.arrays[0]!.states.encoding).toBe('u8-base64');
    for (const rows of [-5, 0, 1.5, 1e9]) {
      const diff = updateArray(d, id, { rows });
      expect(problemsAfter(d, diff)[0]).toMatchObject({ path: `${id}.rows` });
    }
  });
});
