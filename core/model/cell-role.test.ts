import { describe, expect, it } from 'vitest';
import { cellRole, describeCellRole } from './cell-role.js';

const differential = { rows: 128, cols: 128, mapping: 'differential' as const, tile: { layer: 0, rowOffset: 256, colOffset: 0 } };
const reference = { rows: 64, cols: 32, mapping: 'reference' as const, tile: { layer: 1, rowOffset: 0, colOffset: 32 } };

describe('which weight a physical cell holds', () => {
  it('differential: columns 2c and 2c+1 are the G+ and G- of weight column c, rows are inputs from the tile offset', () => {
    expect(cellRole(differential, 12, 40)).toEqual({ kind: 'weight', layer: 0, input: 268, output: 20, side: 'plus' });
    expect(cellRole(differential, 12, 41)).toEqual({ kind: 'weight', layer: 0, input: 268, output: 20, side: 'minus' });
    expect(cellRole(differential, 127, 255)).toEqual({ kind: 'weight', layer: 0, input: 383, output: 127, side: 'minus' });
  });

  it('reference: one column per weight, the last column is the reference', () => {
    expect(cellRole(reference, 3, 0)).toEqual({ kind: 'weight', layer: 1, input: 3, output: 32, side: 'single' });
    expect(cellRole(reference, 3, 31)).toEqual({ kind: 'weight', layer: 1, input: 3, output: 63, side: 'single' });
    expect(cellRole(reference, 3, 32)).toEqual({ kind: 'reference' });
  });

  it('an array without a tile holds no weight; cells outside the array are refused', () => {
    expect(cellRole({ ...differential, tile: null }, 0, 0)).toEqual({ kind: 'no-tile' });
    expect(() => cellRole(differential, 128, 0)).toThrow(/outside the array/);
    expect(() => cellRole(differential, 0, 256)).toThrow(/outside the array/);
    expect(() => cellRole(reference, -1, 0)).toThrow(/outside the array/);
  });

  it('a convolution tile: the row is a kernel element in patch order (ky, kx, input channel)', () => {
    const conv = {
      rows: 64,
      cols: 16,
      mapping: 'differential' as const,
      tile: { layer: 1, rowOffset: 64, colOffset: 0, kernel: { height: 3, width: 3, channels: 8 } },
    };
    // Row 5 of the tile is matrix row 69 = (2 * 3 + 2) * 8 + 5.
    expect(cellRole(conv, 5, 7)).toEqual({
      kind: 'weight',
      layer: 1,
      input: 69,
      output: 3,
      side: 'minus',
      kernel: { inChannel: 5, ky: 2, kx: 2 },
    });
    expect(describeCellRole(cellRole(conv, 5, 7))).toBe(
      'kernel element K1[out 3, in 5, y 2, x 2] (matrix row 69, column 3), G- side of the pair',
    );
    expect(cellRole({ ...conv, tile: { ...conv.tile, rowOffset: 0 } }, 0, 0)).toMatchObject({
      kernel: { inChannel: 0, ky: 0, kx: 0 },
    });
  });

  it('says it in words', () => {
    expect(describeCellRole(cellRole(differential, 12, 41))).toBe(
      'weight W0[268, 20] (input 268 -> output 20), G- side of the pair',
    );
    expect(describeCellRole(cellRole(reference, 0, 32))).toMatch(/^reference column/);
    expect(describeCellRole({ kind: 'no-tile' })).toMatch(/hosts no layer tile/);
  });
});
