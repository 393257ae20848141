import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { defaultTechnology } from '../defaults.js';
import type { Design } from '../design.js';
import { arrayFootprint, type Rect } from '../geometry.js';
import { SCHEMA_VERSION } from '../schema.js';
import { checkDesign } from '../validate.js';
import { alignArrays, distributeArrays, groupBounds, mirrorPlacement, rotateAboutCentre } from './arrange.js';
import { placeArray } from './commands.js';
import { applyDiff, reverseDiff } from './diff.js';

const mtj = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_x', cells: 3 });

/** Arrays of rows x cols (passive) at the given corners on a die of width x height. */
function design(arrays: { rows: number; cols: number; x: number; y: number }[], width = 1000, height = 800): Design {
  let d: Design = {
    schemaVersion: SCHEMA_VERSION,
    chip: { name: 't', width, height, units: 'um', grid: 10 },
    technology: defaultTechnology(),
    devices: [],
    arrays: [],
  };
  for (const a of arrays) d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, ...a }).diff);
  return d;
}
const fp = (d: Design, id: string): Rect =>
  arrayFootprint(
    d,
    d.arrays.find((a) => a.id === id)!,
  )!;
const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
const ids = (d: Design) => d.arrays.map((a) => a.id);

describe('turning a group about its centre', () => {
  it('turns a wide array about its own centre, not its corner, so it stays on the die', () => {
    // 32 rows x 64 weight columns: much wider than tall, near the die's bottom edge.
    const d = design([{ rows: 32, cols: 64, x: 100, y: 600 }]);
    const before = fp(d, 'arr_1');
    expect(before.width).toBeGreaterThan(2 * before.height);
    const turned = applyDiff(d, rotateAboutCentre(d, ['arr_1']));
    const after = fp(turned, 'arr_1');
    expect(turned.arrays[0]!.rotation).toBe(90);
    expect([after.width, after.height]).toEqual([before.height, before.width]);
    // The centre stays put, unless the die edge pushes the array back in: here it does (bottom).
    expect(centre(after).x).toBeCloseTo(centre(before).x, 6);
    expect(after.y + after.height).toBeLessThanOrEqual(800);
    expect(checkDesign(turned).errors).toEqual([]);
    // The old behaviour (about the corner) left it off the die:
    expect(before.y + before.width).toBeGreaterThan(800);
  });

  it('turns a selection as one rigid group: the group bounds keep their centre and swap width and height', () => {
    const d = design([
      { rows: 8, cols: 4, x: 200, y: 200 },
      { rows: 16, cols: 8, x: 320, y: 240 },
      { rows: 8, cols: 16, x: 200, y: 330 },
    ]);
    const b0 = groupBounds(d, ids(d))!;
    const turned = applyDiff(d, rotateAboutCentre(d, ids(d), 'cw'));
    const b1 = groupBounds(turned, ids(turned))!;
    expect(b1.width).toBeCloseTo(b0.height, 6);
    expect(b1.height).toBeCloseTo(b0.width, 6);
    expect(centre(b1).x).toBeCloseTo(centre(b0).x, 6);
    expect(centre(b1).y).toBeCloseTo(centre(b0).y, 6);
    expect(turned.arrays.map((a) => a.rotation)).toEqual([90, 90, 90]);
    // Each array's centre turned by 90 degrees clockwise about the group's centre (y down: (u, v) -> (-v, u)).
    const c = centre(b0);
    for (const id of ids(d)) {
      const p = centre(fp(d, id));
      const q = centre(fp(turned, id));
      expect(q.x).toBeCloseTo(c.x - (p.y - c.y), 6);
      expect(q.y).toBeCloseTo(c.y + (p.x - c.x), 6);
    }
    // Neighbours stay apart: a rigid turn cannot make them overlap.
    expect(checkDesign(turned).warnings).toEqual([]);
  });

  it('comes back after four clockwise turns, and a counter-clockwise turn undoes a clockwise one', () => {
    const d = design([
      { rows: 8, cols: 4, x: 200, y: 200 },
      { rows: 16, cols: 8, x: 330, y: 260 },
    ]);
    let cur = d;
    for (let i = 0; i < 4; i++) cur = applyDiff(cur, rotateAboutCentre(cur, ids(d), 'cw'));
    expect(cur).toEqual(d);
    const once = applyDiff(d, rotateAboutCentre(d, ids(d), 'cw'));
    expect(applyDiff(once, rotateAboutCentre(once, ids(d), 'ccw'))).toEqual(d);
  });

  it('is one diff whose reverse restores the design, and leaves unselected arrays alone', () => {
    const d = design([
      { rows: 8, cols: 4, x: 200, y: 200 },
      { rows: 8, cols: 4, x: 500, y: 500 },
    ]);
    const diff = rotateAboutCentre(d, ['arr_1']);
    expect(Object.keys(diff.arrays.updated)).toEqual(['arr_1']);
    expect(applyDiff(applyDiff(d, diff), reverseDiff(diff))).toEqual(d);
  });
});

describe('mirroring, aligning and distributing a group', () => {
  const three = () =>
    design([
      { rows: 8, cols: 4, x: 100, y: 100 },
      { rows: 16, cols: 4, x: 300, y: 150 },
      { rows: 8, cols: 16, x: 400, y: 400 },
    ]);

  it('mirrors the placement left to right about the group centre; twice is no change', () => {
    const d = three();
    const b = groupBounds(d, ids(d))!;
    const m = applyDiff(d, mirrorPlacement(d, ids(d), 'horizontal'));
    for (const id of ids(d)) {
      const p = fp(d, id);
      const q = fp(m, id);
      expect(q.x + q.width - b.x).toBeCloseTo(b.x + b.width - p.x, 6);
      expect(q.y).toBe(p.y);
    }
    expect(m.arrays.map((a) => a.rotation)).toEqual([0, 0, 0]);
    expect(groupBounds(m, ids(m))).toEqual(b);
    expect(applyDiff(m, mirrorPlacement(m, ids(m), 'horizontal'))).toEqual(d);
    const v = applyDiff(d, mirrorPlacement(d, ids(d), 'vertical'));
    expect(fp(v, 'arr_1').y + fp(v, 'arr_1').height).toBeCloseTo(b.y + b.height, 6);
  });

  it('aligns edges and centres to the group bounds, and a single array to the die', () => {
    const d = three();
    const b = groupBounds(d, ids(d))!;
    const left = applyDiff(d, alignArrays(d, ids(d), 'left'));
    expect(ids(d).map((id) => fp(left, id).x)).toEqual([b.x, b.x, b.x]);
    const bottom = applyDiff(d, alignArrays(d, ids(d), 'bottom'));
    for (const id of ids(d)) expect(fp(bottom, id).y + fp(bottom, id).height).toBeCloseTo(b.y + b.height, 6);
    const centred = applyDiff(d, alignArrays(d, ids(d), 'centre'));
    for (const id of ids(d)) expect(centre(fp(centred, id)).x).toBeCloseTo(b.x + b.width / 2, 6);
    const middle = applyDiff(d, alignArrays(d, ids(d), 'middle'));
    for (const id of ids(d)) expect(centre(fp(middle, id)).y).toBeCloseTo(b.y + b.height / 2, 6);
    const right = applyDiff(d, alignArrays(d, ['arr_1'], 'right'));
    expect(fp(right, 'arr_1').x + fp(right, 'arr_1').width).toBeCloseTo(d.chip.width, 6);
    const top = applyDiff(d, alignArrays(d, ids(d), 'top'));
    expect(ids(d).map((id) => fp(top, id).y)).toEqual([b.y, b.y, b.y]);
  });

  it('distributes three or more arrays with equal gaps, the outer ones fixed', () => {
    const d = design([
      { rows: 8, cols: 4, x: 100, y: 100 },
      { rows: 8, cols: 16, x: 150, y: 300 },
      { rows: 8, cols: 4, x: 700, y: 200 },
    ]);
    const out = applyDiff(d, distributeArrays(d, ids(d), 'horizontal'));
    const r = ids(d).map((id) => fp(out, id));
    expect(r[0]!.x).toBe(100);
    expect(r[2]!.x).toBe(700);
    const gap1 = r[1]!.x - (r[0]!.x + r[0]!.width);
    const gap2 = r[2]!.x - (r[1]!.x + r[1]!.width);
    expect(gap1).toBeCloseTo(gap2, 6);
    expect(r.map((x) => x.y)).toEqual([100, 300, 200]);
    const vertical = applyDiff(d, distributeArrays(d, ids(d), 'vertical'));
    const v = ids(d).map((id) => fp(vertical, id));
    // By position: arr_1 (top), arr_3, arr_2 (bottom).
    expect(v[2]!.y - (v[0]!.y + v[0]!.height)).toBeCloseTo(v[1]!.y - (v[2]!.y + v[2]!.height), 6);
    expect(distributeArrays(d, ['arr_1', 'arr_2'], 'horizontal').arrays.updated).toEqual({});
  });
});
