import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { defaultTechnology } from './defaults.js';
import type { ArrayRecord, Design } from './design.js';
import {
  arrayFootprint,
  arrayLayout,
  arrayPlacement,
  arraySize,
  cellPitch,
  dieToLocal,
  localToDie,
  type ArrayShape,
  type Rect,
} from './geometry.js';
import { SCHEMA_VERSION } from './schema.js';

const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 3 });
const design: Design = {
  schemaVersion: SCHEMA_VERSION,
  chip: { name: 't', width: 5000, height: 5000, units: 'um', grid: 10 },
  technology: defaultTechnology(),
  devices: [device],
  arrays: [],
};
const { footprint } = device;
const tx = design.technology.transistor.footprintWidth;
const { rowSide, columnSide } = design.technology.periphery;

const shape = (patch: Partial<ArrayShape> = {}): ArrayShape => ({
  rows: 4,
  cols: 3,
  mapping: 'differential',
  topology: 'passive',
  driverSide: 'left',
  ...patch,
});

const area = (r: Rect) => r.width * r.height;

describe('arrayLayout', () => {
  it('lays out a passive array: drivers left, cells, sense band under the cells', () => {
    const lay = arrayLayout(design, shape(), device);
    expect(lay.pitch).toEqual({ x: footprint.width, y: footprint.height });
    expect(lay.cols).toBe(6);
    expect(lay.drivers).toEqual([{ x: 0, y: 0, width: rowSide, height: 4 * footprint.height }]);
    expect(lay.cells).toEqual({ x: rowSide, y: 0, width: 6 * footprint.width, height: 4 * footprint.height });
    expect(lay.sense).toEqual({ x: rowSide, y: 4 * footprint.height, width: 6 * footprint.width, height: columnSide });
    expect(lay.size).toEqual({ width: rowSide + 6 * footprint.width, height: 4 * footprint.height + columnSide });
    expect([lay.rowTransistor, lay.cellTransistor]).toEqual([0, 0]);
  });

  it('widens each cell by its access transistor in 1T1R and each driver band by the row transistor', () => {
    const cell = arrayLayout(design, shape({ topology: 'cell-transistor', mapping: 'reference' }), device);
    expect(cell.pitch.x).toBe(footprint.width + tx);
    expect(cell.cols).toBe(4);
    expect(cell.cellTransistor).toBe(tx);
    const row = arrayLayout(design, shape({ topology: 'row-transistor' }), device);
    expect(row.rowSide).toBe(rowSide + tx);
    expect(row.rowTransistor).toBe(tx);
    expect(row.pitch.x).toBe(footprint.width);
  });

  it('puts driver bands on the sides asked for; bands, cells and sense tile the size exactly', () => {
    for (const driverSide of ['left', 'right', 'both'] as const) {
      for (const topology of ['passive', 'row-transistor', 'cell-transistor'] as const) {
        const lay = arrayLayout(design, shape({ driverSide, topology }), device);
        expect(lay.drivers).toHaveLength(driverSide === 'both' ? 2 : 1);
        const parts = [...lay.drivers, lay.cells, lay.sense].reduce((s, r) => s + area(r), 0);
        // The corners beside the sense band under the drivers are periphery too: all of it lies within the size.
        expect(parts + lay.drivers.length * lay.rowSide * columnSide).toBeCloseTo(lay.size.width * lay.size.height, 6);
        for (const r of [...lay.drivers, lay.cells, lay.sense]) {
          expect(r.x).toBeGreaterThanOrEqual(0);
          expect(r.x + r.width).toBeLessThanOrEqual(lay.size.width + 1e-9);
          expect(r.y + r.height).toBeLessThanOrEqual(lay.size.height + 1e-9);
        }
        expect(lay.cells.x).toBe(driverSide === 'right' ? 0 : lay.rowSide);
        expect(arraySize(design, shape({ driverSide, topology }), device)).toEqual(lay.size);
        expect(cellPitch(design, shape({ driverSide, topology }), device)).toEqual(lay.pitch);
      }
    }
  });
});

describe('array placement on the die', () => {
  const record = (rotation: ArrayRecord['rotation']): ArrayRecord => ({
    id: 'arr_1',
    name: 'a',
    x: 100,
    y: 200,
    rotation,
    ...shape({ rows: 3, cols: 5 }),
    device: 'dev_1',
    dacBits: 8,
    adcBits: 8,
    states: { encoding: 'fill', level: 0 },
    tile: null,
  });

  it('maps the local frame onto the footprint for every turn, and back', () => {
    for (const rotation of [0, 90, 180, 270] as const) {
      const a = record(rotation);
      const size = arraySize(design, a, device);
      const fp = arrayFootprint(design, a)!;
      const p = arrayPlacement(a, size);
      const corners = [
        { x: 0, y: 0 },
        { x: size.width, y: 0 },
        { x: size.width, y: size.height },
        { x: 0, y: size.height },
      ].map((c) => localToDie(p, c));
      const xs = corners.map((c) => c.x);
      const ys = corners.map((c) => c.y);
      const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      [fp.x, fp.y, fp.x + fp.width, fp.y + fp.height].forEach((v, i) => expect(box[i]).toBeCloseTo(v, 9));
      const back = dieToLocal(p, localToDie(p, { x: 7.25, y: 3.5 }));
      expect(back.x).toBeCloseTo(7.25, 9);
      expect(back.y).toBeCloseTo(3.5, 9);
    }
  });

  it('turns clockwise on screen (y down): a quarter turn sends the local x axis down the die', () => {
    const a = record(90);
    const p = arrayPlacement(a, arraySize(design, a, device));
    const o = localToDie(p, { x: 0, y: 0 });
    const ex = localToDie(p, { x: 1, y: 0 });
    expect([ex.x - o.x, ex.y - o.y]).toEqual([0, 1]);
  });
});
