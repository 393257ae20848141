import { describe, expect, it } from 'vitest';
import { layerFit } from './layer-fit.js';

describe('how well an array size holds a network layer', () => {
  it('finds layer 1 of 784-128-10 on 128 x 128 arrays 118 weight columns short, and offers 128 x 10', () => {
    const fit = layerFit([784, 128, 10], 1, 128, 128);
    expect(fit.tiles).toEqual([{ name: 'L1 r0 c0', usedRows: 128, usedCols: 10, fraction: 10 / 128 }]);
    expect(fit.unusedCols).toBe(118);
    expect(fit.unusedRows).toBe(0);
    expect(fit.better).toEqual({ rows: 128, cols: 10, tiles: 1, fraction: 1 });
  });

  it('reports each tile of a layer that spills over, and a size with as many tiles and no waste', () => {
    const fit = layerFit([784, 128, 10], 0, 128, 128);
    expect(fit.tiles.map((t) => [t.name, t.usedRows, t.usedCols])).toEqual([
      ...[0, 128, 256, 384, 512, 640].map((r) => [`L0 r${r} c0`, 128, 128]),
      ['L0 r768 c0', 16, 128],
    ]);
    expect(fit.tiles[6]!.fraction).toBe(16 / 128);
    expect(fit.fraction).toBeCloseTo((784 * 128) / (7 * 128 * 128), 12);
    expect(fit.better).toEqual({ rows: 112, cols: 128, tiles: 7, fraction: 1 });
  });

  it('offers nothing when the size fits already', () => {
    expect(layerFit([64, 32], 0, 64, 32).better).toBeNull();
    expect(layerFit([64, 32], 0, 64, 32).fraction).toBe(1);
  });
});
