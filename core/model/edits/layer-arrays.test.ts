import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { defaultTechnology } from '../defaults.js';
import type { Design } from '../design.js';
import { arrayFootprint, overlaps } from '../geometry.js';
import { layoutNetwork } from '../network-layout.js';
import { UserError } from '../problems.js';
import { checkDesign } from '../validate.js';
import { placeArray } from './commands.js';
import { applyDiff, reverseDiff } from './diff.js';
import { History } from './history.js';
import { convMatrix, placeLayerArrays, type PlaceLayerArraysArgs } from './layer-arrays.js';
import { SCHEMA_VERSION } from '../schema.js';

const empty = (): Design => ({
  schemaVersion: SCHEMA_VERSION,
  chip: { name: 't', width: 1000, height: 750, units: 'um', grid: 10 },
  technology: defaultTechnology(),
  devices: [],
  arrays: [],
});
const mtj = deviceFromPreset('sot-mtj-10k', { id: 'dev_new', cells: 3 });
const args = (o: Partial<PlaceLayerArraysArgs> = {}): PlaceLayerArraysArgs => ({
  layers: [784, 128, 10],
  layer: 0,
  arrayRows: 128,
  arrayCols: 128,
  device: mtj,
  topology: 'cell-transistor',
  mapping: 'differential',
  ...o,
});

function expectClean(d: Design) {
  expect(checkDesign(d).errors).toEqual([]);
  const rects = d.arrays.map((a) => arrayFootprint(d, a)!);
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i]!;
    expect(r.x).toBeGreaterThanOrEqual(0);
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r.x + r.width).toBeLessThanOrEqual(d.chip.width);
    expect(r.y + r.height).toBeLessThanOrEqual(d.chip.height);
    expect(r.x % d.chip.grid).toBe(0);
    expect(r.y % d.chip.grid).toBe(0);
    for (let j = i + 1; j < rects.length; j++) expect(overlaps(r, rects[j]!)).toBe(false);
  }
}

describe('placeLayerArrays', () => {
  it('adds one array per tile with the CLI names, tiles and ids, level-0 states, the device, a grown die', () => {
    const d0 = empty();
    const { diff, ids, die } = placeLayerArrays(d0, args());
    const d = applyDiff(d0, diff);
    expect(ids).toEqual(['arr_1', 'arr_2', 'arr_3', 'arr_4', 'arr_5', 'arr_6', 'arr_7']);
    expect(d.arrays.map((a) => a.name)).toEqual([
      'L0 r0 c0',
      'L0 r128 c0',
      'L0 r256 c0',
      'L0 r384 c0',
      'L0 r512 c0',
      'L0 r640 c0',
      'L0 r768 c0',
    ]);
    expect(d.arrays.map((a) => a.tile)).toEqual(
      [0, 128, 256, 384, 512, 640, 768].map((r) => ({ layer: 0, rowOffset: r, colOffset: 0 })),
    );
    for (const a of d.arrays) {
      expect(a.states).toEqual({ encoding: 'fill', level: 0 });
      expect(a.device).toBe('dev_1');
      expect([a.rows, a.cols, a.topology, a.mapping]).toEqual([128, 128, 'cell-transistor', 'differential']);
    }
    expect(d.devices.map((x) => x.id)).toEqual(['dev_1']);
    expect(die.grew).toBe(true);
    expect([d.chip.width, d.chip.height]).toEqual([die.width, die.height]);
    expect(d.chip.width).toBeGreaterThanOrEqual(1000);
    expectClean(d);
  });

  it('lays out a convolution: its unrolled kernel (kh x kw x cin rows, cout columns) tiled, the kernel in every tile', () => {
    const d0 = empty();
    // conv 3x3, 16 -> 32 channels: 144 x 32 on 128 x 128 arrays is 2 tiles.
    const matrix = convMatrix(3, 3, 16, 32);
    expect(matrix).toEqual({ rows: 144, cols: 32, kernel: { height: 3, width: 3, channels: 16 } });
    const { diff, ids } = placeLayerArrays(d0, args({ layers: [], layer: 1, matrix }));
    const d = applyDiff(d0, diff);
    expect(ids).toHaveLength(2);
    expect(d.arrays.map((a) => a.tile)).toEqual([
      { layer: 1, rowOffset: 0, colOffset: 0, kernel: { height: 3, width: 3, channels: 16 } },
      { layer: 1, rowOffset: 128, colOffset: 0, kernel: { height: 3, width: 3, channels: 16 } },
    ]);
    expectClean(d);
    expect(() => convMatrix(3, 0, 16, 32)).toThrow('kernel width 0 is not allowed, must be a whole number 1..100000');
    expect(() => placeLayerArrays(d0, args({ layers: [], layer: -1, matrix }))).toThrow(
      'layer -1 is not allowed, must be 0..1000',
    );
  });

  it('makes the same records as layout-network for the same layer (placement aside)', () => {
    const o = {
      layers: [784, 128, 10],
      arrayRows: 128,
      arrayCols: 64,
      topology: 'passive' as const,
      mapping: 'reference' as const,
    };
    const cli = layoutNetwork({ ...o, name: 'n', device: { ...mtj, id: 'dev_1' }, hostedLayers: [1] });
    const d = applyDiff(empty(), placeLayerArrays(empty(), args({ ...o, layer: 1 })).diff);
    const strip = (a: Design['arrays'][number]) => ({ ...a, x: 0, y: 0 });
    expect(d.arrays.map(strip)).toEqual(cli.arrays.map(strip));
  });

  it('places below the existing arrays without overlap, with fresh ids, reusing an equal device or a library id', () => {
    let d = empty();
    d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 64, cols: 64, x: 400, y: 400 }).diff);
    d = applyDiff(d, placeArray(d, { topology: 'passive', device: mtj, rows: 16, cols: 16, x: 20, y: 30 }).diff);
    const r = placeLayerArrays(d, args({ layer: 1, arrayRows: 64, arrayCols: 8 }));
    expect(r.diff.devices.added).toEqual({});
    expect(r.ids).toEqual(['arr_3', 'arr_4', 'arr_5', 'arr_6']);
    const after = applyDiff(d, r.diff);
    expectClean(after);
    const lowest = Math.max(...d.arrays.map((a) => arrayFootprint(d, a)!).map((f) => f.y + f.height));
    for (const id of r.ids) expect(after.arrays.find((a) => a.id === id)!.y).toBeGreaterThan(lowest);
    // By id from the library: the same result.
    expect(
      placeLayerArrays(d, args({ layer: 1, arrayRows: 64, arrayCols: 8, device: undefined, deviceId: 'dev_1' })).diff,
    ).toEqual(r.diff);
  });

  it('keeps the die when the arrays fit, on another grid too', () => {
    const d0 = { ...empty(), chip: { ...empty().chip, width: 5000, height: 5000, grid: 25 } };
    const r = placeLayerArrays(d0, args());
    expect(r.die).toEqual({ width: 5000, height: 5000, grew: false });
    expect(r.diff.chip).toBeNull();
    expectClean(applyDiff(d0, r.diff));
  });

  it('is one undo step: undo removes every array, the added device and restores the die', () => {
    const d0 = empty();
    const { diff } = placeLayerArrays(d0, args());
    const h = new History();
    const d1 = applyDiff(d0, diff);
    h.push({ label: 'Lay out layer 0', diff });
    expect(h.undo(d1)!.design).toEqual(d0);
    expect(applyDiff(d1, reverseDiff(diff))).toEqual(d0);
  });

  it('refuses a layer that arrays already host, a missing layer, bad sizes, devices and the limits', () => {
    const d = applyDiff(empty(), placeLayerArrays(empty(), args()).diff);
    expect(() => placeLayerArrays(d, args())).toThrow(
      /layer 0 is already hosted by 7 array\(s\) \(L0 r0 c0, L0 r128 c0, L0 r256 c0, …\)/,
    );
    expect(() => placeLayerArrays(d, args({ arrayRows: 256 }))).toThrow(UserError);
    expect(() => placeLayerArrays(d, args({ layer: 2 }))).toThrow(/layer 2 does not exist; the network has weight layers 0..1/);
    expect(() => placeLayerArrays(d, args({ layer: 1, arrayRows: 0 }))).toThrow(/array size 0x128 is not allowed/);
    expect(() => placeLayerArrays(d, args({ layers: [784] }))).toThrow(/layer widths/);
    expect(() => placeLayerArrays(d, args({ layer: 1, device: undefined, deviceId: 'dev_9' }))).toThrow(/dev_9 is not in/);
    expect(() => placeLayerArrays(empty(), args({ arrayRows: 1, arrayCols: 1 }))).toThrow(
      /needs 100352 arrays of 1x1, over the limit of 1024/,
    );
    expect(() => placeLayerArrays(empty(), args({ layers: [12288, 4096, 10], arrayRows: 4096, arrayCols: 4096 }))).toThrow(
      /physical cells, over the limit/,
    );
    // Layer 1 still fits beside it.
    expectClean(applyDiff(d, placeLayerArrays(d, args({ layer: 1 })).diff));
  });
});
