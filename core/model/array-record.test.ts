import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import { defaultArrayName, newArrayRecord } from './array-record.js';
import { DEFAULT_CONVERTER_BITS } from './defaults.js';
import { placeArray, placeLayerArrays } from './edits/index.js';
import { layoutNetwork } from './network-layout.js';
import { newSingleArrayDesign } from './new-design.js';
import { ArraySchema } from './schema.js';

const required = { id: 'arr_7', rows: 4, cols: 3, topology: 'cell-transistor', device: 'dev_1' } as const;

describe('newArrayRecord', () => {
  it('fills every other field with a default the schema accepts', () => {
    const a = newArrayRecord(required);
    expect(ArraySchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({
      name: '4x3 cell-transistor',
      x: 0,
      y: 0,
      rotation: 0,
      mapping: 'differential',
      driverSide: 'left',
    });
    expect([a.dacBits, a.adcBits]).toEqual([DEFAULT_CONVERTER_BITS, DEFAULT_CONVERTER_BITS]);
    expect(a.states).toEqual({ encoding: 'fill', level: 0 });
    expect(a.tile).toBeNull();
  });

  it('keeps what it is given; a field given as undefined takes its default', () => {
    const a = newArrayRecord({ ...required, name: 'n', mapping: 'reference', dacBits: 3, adcBits: undefined, x: 10 });
    expect(a).toMatchObject({ name: 'n', mapping: 'reference', dacBits: 3, adcBits: DEFAULT_CONVERTER_BITS, x: 10, y: 0 });
  });

  it('lists the fields in the schema order, so saved files keep one order', () => {
    expect(Object.keys(newArrayRecord(required))).toEqual(Object.keys(ArraySchema.shape));
  });

  it('every creator makes its records through it (same defaults, same field order)', () => {
    const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1' });
    const single = newSingleArrayDesign({
      name: 's',
      topology: 'passive',
      rows: 2,
      cols: 2,
      device,
      mapping: 'differential',
      states: 'all-p',
      seed: 1,
    });
    const network = layoutNetwork({
      name: 'n',
      layers: [4, 2],
      arrayRows: 2,
      arrayCols: 2,
      device,
      topology: 'passive',
      mapping: 'differential',
    });
    const placed = placeArray(single, { topology: 'passive', device, rows: 2, cols: 2, x: 0, y: 0 });
    const layer = placeLayerArrays(single, {
      layers: [4, 2],
      layer: 0,
      arrayRows: 2,
      arrayCols: 2,
      deviceId: 'dev_1',
      topology: 'passive',
      mapping: 'differential',
    });
    const records = [
      ...single.arrays,
      ...network.arrays,
      ...Object.values(placed.diff.arrays.added).map((a) => a.record),
      ...Object.values(layer.diff.arrays.added).map((a) => a.record),
    ];
    for (const r of records) {
      const { id, rows, cols, topology, device: dev, name, x, y, mapping, states, tile } = r;
      expect(r).toStrictEqual(newArrayRecord({ id, rows, cols, topology, device: dev, name, x, y, mapping, states, tile }));
    }
    expect(single.arrays[0]!.name).toBe(defaultArrayName(single.arrays[0]!));
  });
});
