import { describe, expect, it } from 'vitest';
import type { Design } from '../../../../core/model/design.js';
import { problemsAfter, updateArray } from '../../../../core/model/edits/index.js';
import { arrayFootprint, cellPitch } from '../../../../core/model/geometry.js';
import { encodeStates, patternStates } from '../../../../core/model/states.js';
import { testDesign } from '../../testing/test-editor.js';
import { HANDLES } from './hit-test.js';
import { planResize, resizeEdit, resizes } from './resize.js';

const pitchOf = (d: Design) => cellPitch(d, d.arrays[0]!, d.devices[0]!);

describe('resize planning', () => {
  const d = testDesign([{ rows: 32, cols: 8 }]);
  const a = d.arrays[0]!;
  const fp = arrayFootprint(d, a)!;
  const pitch = pitchOf(d);
  // A weight column is two physical columns (differential).
  const colPitch = 2 * pitch.x;

  it('follows the pointer in whole cells, the opposite corner staying put', () => {
    const grow = planResize(d, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: 2.4 * colPitch, y: 3.6 * pitch.y })!;
    expect([grow.rows, grow.cols, grow.x, grow.y, grow.error]).toEqual([36, 10, a.x, a.y, null]);
    const shrink = planResize(d, { arrayId: 'arr_1', hx: 0, hy: 0 }, { x: 3 * colPitch, y: 5 * pitch.y })!;
    expect([shrink.rows, shrink.cols]).toEqual([27, 5]);
    expect(shrink.rect.x + shrink.rect.width).toBeCloseTo(fp.x + fp.width, 6);
    expect(shrink.rect.y + shrink.rect.height).toBeCloseTo(fp.y + fp.height, 6);
    // An edge handle changes one dimension.
    const side = planResize(d, { arrayId: 'arr_1', hx: 1, hy: 0.5 }, { x: colPitch, y: 40 })!;
    expect([side.rows, side.cols]).toEqual([32, 9]);
  });

  it('resizes a turned array along its own axes: rows run across the die', () => {
    const turned = testDesign([{ rotation: 90 }]);
    const p = planResize(turned, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: 3 * pitch.y, y: colPitch })!;
    expect([p.rows, p.cols]).toEqual([35, 9]);
  });

  it('refuses sizes out of range with the inspector’s message', () => {
    const flat = planResize(d, { arrayId: 'arr_1', hx: 0.5, hy: 0 }, { x: 0, y: fp.height + 60 })!;
    expect(flat.rows).toBeLessThan(1);
    expect(flat.error).toMatch(/^rows: -?\d+ is not allowed, must be a whole number 1\.\.4096$/);
    const off = planResize(d, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: 1000, y: 0 })!;
    expect(off.error).toMatch(/lies outside the die/);
    expect(planResize(d, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: 0.2, y: 0.2 })!.error).toBeNull();
  });

  it('gives the same answer as the whole design’s check, for every handle and a sweep of drags', () => {
    // Programmed states and a second array: what the quick check leaves out of its design.
    const full = testDesign([
      { rows: 32, cols: 8 },
      { x: 300, y: 200 },
    ]);
    const states = encodeStates(patternStates('random', 32, 16, 4, 7));
    const withStates: Design = { ...full, arrays: full.arrays.map((r, i) => (i === 0 ? { ...r, states } : r)) };
    let refused = 0;
    let checked = 0;
    for (const [hx, hy] of HANDLES) {
      for (let dx = -700; dx <= 700; dx += 53) {
        for (let dy = -500; dy <= 500; dy += 41) {
          const plan = planResize(withStates, { arrayId: 'arr_1', hx, hy }, { x: dx, y: dy })!;
          if (!resizes(withStates, plan) || plan.rows < 0 || plan.cols < 0) continue;
          const diff = updateArray(withStates, 'arr_1', { rows: plan.rows, cols: plan.cols, x: plan.x, y: plan.y });
          const problem = problemsAfter(withStates, diff)[0];
          expect(plan.error === null).toBe(problem === undefined);
          if (problem) expect(plan.error).toContain(problem.message);
          refused += plan.error ? 1 : 0;
          checked++;
        }
      }
    }
    // The sweep has both kinds.
    expect(refused).toBeGreaterThan(50);
    expect(checked - refused).toBeGreaterThan(50);
  });

  it('never reads a state grid while planning; the release runs the whole check once', () => {
    const states = {
      encoding: 'u8-base64' as const,
      get data(): string {
        throw new Error('a state grid was read');
      },
    };
    const withGetter: Design = { ...d, arrays: [{ ...a, states }] };
    const plan = planResize(withGetter, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: colPitch, y: pitch.y })!;
    expect([plan.rows, plan.cols, plan.error]).toEqual([33, 9, null]);
    expect(() => resizeEdit(withGetter, plan)).toThrow('a state grid was read');
  });

  it('makes the edit on release, or refuses with the whole check’s reason', () => {
    const plan = planResize(d, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: colPitch, y: pitch.y })!;
    const edit = resizeEdit(d, plan);
    expect(edit.error).toBeNull();
    const after = edit.diff!.arrays.updated['arr_1']![1];
    expect([after.rows, after.cols, after.x, after.y]).toEqual([33, 9, a.x, a.y]);
    // A fault only the whole design shows: another array with the same id (the quick check sees this array alone).
    const twin: Design = { ...d, arrays: [a, { ...a, x: 300 }] };
    const twinPlan = planResize(twin, { arrayId: 'arr_1', hx: 1, hy: 1 }, { x: colPitch, y: pitch.y })!;
    expect(twinPlan.error).toBeNull();
    expect(resizeEdit(twin, twinPlan).error).toMatch(/used twice/);
  });
});
