import { describe, expect, it } from 'vitest';
import { arrayFootprint } from '../../../../core/model/geometry.js';
import { testDesign } from '../../testing/test-editor.js';
import { snapPlacement, snapTranslation } from './snap.js';

describe('snapping a drag', () => {
  const d = testDesign([
    { x: 40, y: 40 },
    { x: 300, y: 200 },
  ]);
  const fp1 = arrayFootprint(d, d.arrays[0]!)!;
  const fp2 = arrayFootprint(d, d.arrays[1]!)!;

  it('moves in whole grid steps away from other arrays', () => {
    expect(snapTranslation(d, ['arr_1'], { x: 13, y: 27 }, 2)).toEqual({ delta: { x: 10, y: 30 }, guides: [] });
    expect(snapTranslation(d, ['arr_1'], { x: -4.9, y: 5.1 }, 2)).toEqual({ delta: { x: -0, y: 10 }, guides: [] });
  });

  it('snaps an edge to another array’s edge within the tolerance, with a guide there', () => {
    // arr_1's right edge lands 1.5 um short of arr_2's left edge.
    const raw = { x: fp2.x - (fp1.x + fp1.width) - 1.5, y: 51 };
    const { delta, guides } = snapTranslation(d, ['arr_1'], raw, 2);
    expect(delta.x).toBeCloseTo(fp2.x - (fp1.x + fp1.width), 6);
    expect(delta.y).toBe(50);
    expect(guides).toEqual([{ x: fp2.x }]);
    // Outside the tolerance it is the grid again.
    expect(snapTranslation(d, ['arr_1'], raw, 1).guides).toEqual([]);
  });

  it('takes the nearest edge on each axis', () => {
    // Left edge of arr_1 0.4 um from arr_2's left edge; its right edge 0.9 um from nothing.
    const raw = { x: fp2.x - fp1.x + 0.4, y: fp2.y + fp2.height - fp1.y - 0.7 };
    const { delta, guides } = snapTranslation(d, ['arr_1'], raw, 2);
    expect(delta.x).toBeCloseTo(fp2.x - fp1.x, 6);
    expect(delta.y).toBeCloseTo(fp2.y + fp2.height - fp1.y, 6);
    expect(guides).toEqual([{ x: fp2.x }, { y: fp2.y + fp2.height }]);
  });

  it('keeps the moving group inside the die', () => {
    const { delta } = snapTranslation(d, ['arr_1', 'arr_2'], { x: 5000, y: -5000 }, 2);
    expect(delta).toEqual({ x: d.chip.width - (fp2.x + fp2.width), y: -fp1.y });
  });

  it('places an array with its top-left on the grid, inside the die', () => {
    const size = { width: 72, height: 58.8 };
    expect(snapPlacement(d, size, { x: 123, y: 76 })).toEqual({ x: 120, y: 80, ...size });
    expect(snapPlacement(d, size, { x: 599, y: -20 })).toEqual({ x: 600 - 72, y: 0, ...size });
  });
});
