import { describe, expect, it } from 'vitest';
import { arrayFootprint, arrayLayout } from '../../../../core/model/geometry.js';
import { testDesign } from '../../testing/test-editor.js';
import { worldRectToScreen, type Camera } from '../camera.js';
import { HANDLE_HIT_PX, HANDLES, arrayAt, arraysInRect, cellAt, cellRect, handleAt } from './hit-test.js';

describe('hit-testing', () => {
  it('finds the topmost array under a point, none on the empty die', () => {
    // arr_2 is placed over arr_1's right half.
    const d = testDesign([{ x: 40 }, { x: 80 }]);
    expect(arrayAt(d, { x: 50, y: 60 })?.id).toBe('arr_1');
    expect(arrayAt(d, { x: 100, y: 60 })?.id).toBe('arr_2');
    expect(arrayAt(d, { x: 300, y: 300 })).toBeNull();
  });

  it('finds the arrays a rectangle overlaps; touching an edge is not overlapping', () => {
    const d = testDesign([{}, {}, {}]);
    const fp = arrayFootprint(d, d.arrays[1]!)!;
    expect(arraysInRect(d, { x: 0, y: 0, width: 600, height: 400 })).toEqual(['arr_1', 'arr_2', 'arr_3']);
    expect(arraysInRect(d, { x: fp.x + 1, y: fp.y + 1, width: 1, height: 1 })).toEqual(['arr_2']);
    expect(arraysInRect(d, { x: fp.x + fp.width, y: 0, width: 10, height: 400 })).toEqual([]);
  });

  it('finds a resize handle within a few pixels of it, for a single selection only', () => {
    const d = testDesign([{}, {}]);
    const camera: Camera = { scale: 2, ox: 10, oy: 20 };
    const r = worldRectToScreen(camera, arrayFootprint(d, d.arrays[0]!)!);
    for (const [hx, hy] of HANDLES) {
      const at = { x: r.x + hx * r.width + HANDLE_HIT_PX, y: r.y + hy * r.height - HANDLE_HIT_PX };
      expect(handleAt(d, ['arr_1'], camera, at)).toEqual({ arrayId: 'arr_1', hx, hy });
      expect(handleAt(d, ['arr_1'], camera, { x: at.x + 1, y: at.y })).toBeNull();
      expect(handleAt(d, ['arr_1', 'arr_2'], camera, at)).toBeNull();
      expect(handleAt(d, [], camera, at)).toBeNull();
    }
  });

  it('finds the cell under a point through the array turn, and the cell its rectangle belongs to', () => {
    for (const rotation of [0, 90, 180, 270] as const) {
      const d = testDesign([{ rotation, topology: 'cell-transistor' }]);
      for (const [row, column] of [
        [0, 0],
        [5, 3],
        [31, 15],
      ] as const) {
        const r = cellRect(d, { arrayId: 'arr_1', row, column })!;
        const centre = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        expect(cellAt(d, centre)).toEqual({ arrayId: 'arr_1', row, column });
      }
    }
  });

  it('puts row 0, column 0 at the top-left of the cell area of an unturned array, and no cell in its periphery', () => {
    const d = testDesign([{}]);
    const a = d.arrays[0]!;
    const lay = arrayLayout(d, a, d.devices[0]!);
    const at = (x: number, y: number) => cellAt(d, { x: a.x + x, y: a.y + y });
    expect(at(lay.cells.x + 0.1, 0.1)).toEqual({ arrayId: 'arr_1', row: 0, column: 0 });
    expect(at(lay.cells.x + 2.5 * lay.pitch.x, 4.5 * lay.pitch.y)).toEqual({ arrayId: 'arr_1', row: 4, column: 2 });
    expect(at(lay.cells.x - 1, 1)).toBeNull();
    expect(at(lay.cells.x + 1, lay.cells.height + 1)).toBeNull();
    const r = cellRect(d, { arrayId: 'arr_1', row: 1, column: 2 })!;
    const want = { x: a.x + lay.cells.x + 2 * lay.pitch.x, y: a.y + lay.pitch.y, width: lay.pitch.x, height: lay.pitch.y };
    for (const k of ['x', 'y', 'width', 'height'] as const) expect(r[k]).toBeCloseTo(want[k], 9);
  });
});
