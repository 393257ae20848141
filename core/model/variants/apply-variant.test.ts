import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../../devices/presets.js';
import { arrayFootprint, overlaps } from '../geometry.js';
import { layoutNetwork } from '../network-layout.js';
import { UserError } from '../problems.js';
import { checkDesign } from '../validate.js';
import { applyVariant, type VariantContext } from './apply-variant.js';
import { parseDesignPath, resolveSlots, typedValue } from './design-path.js';

const LAYERS = [784, 16, 10];
/** The 784-16-10 network on 128x16 arrays: 7 tiles for layer 0, 1 for layer 1. */
function network() {
  return layoutNetwork({
    name: 'n',
    layers: LAYERS,
    arrayRows: 128,
    arrayCols: 16,
    device: deviceFromPreset('tilted-11', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
}
const ctx: VariantContext = {
  layers: LAYERS,
  preset: (key) => (key === 'sot-mtj-1.6nm' ? deviceFromPreset(key, { id: 'dev_1' }) : undefined),
};

/** The row wire resistance of a per-cell wire (the layouts here have one). */
const wireRow = (d: { technology: { wire: object } }) => (d.technology.wire as { row: number }).row;

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('design variants', () => {
  it('sets a technology field on a copy and leaves the layout alone', () => {
    const base = network();
    const v = applyVariant(base, [{ path: 'technology.wire.row', value: 0.5 }], ctx);
    expect(wireRow(v.design)).toBe(0.5);
    expect(wireRow(base)).not.toBe(0.5);
    expect(v.repacked).toBe(false);
    expect(v.retiled).toEqual([]);
    expect(v.design.arrays.map((a) => [a.x, a.y])).toEqual(base.arrays.map((a) => [a.x, a.y]));
  });

  it('sets a field of every array with *, or of one array by id', () => {
    const base = network();
    const all = applyVariant(base, [{ path: 'arrays.*.adcBits', value: 4 }], ctx).design;
    expect(all.arrays.map((a) => a.adcBits)).toEqual(base.arrays.map(() => 4));
    const one = applyVariant(base, [{ path: 'arrays.arr_2.adcBits', value: 5 }], ctx).design;
    expect(one.arrays.map((a) => a.adcBits)).toEqual(base.arrays.map((a) => (a.id === 'arr_2' ? 5 : a.adcBits)));
  });

  it('re-tiles the layers whose arrays change size, so every weight stays on an array, and packs them anew', () => {
    const v = applyVariant(network(), [{ path: 'arrays.*.rows', value: 64 }], ctx);
    expect(v.retiled).toEqual([0, 1]);
    expect(v.repacked).toBe(true);
    const layer0 = v.design.arrays.filter((a) => a.tile?.layer === 0);
    // 784 inputs on 64-row tiles: 13 of them; the 16 inputs of layer 1 on one.
    expect(layer0.map((a) => a.tile!.rowOffset)).toEqual([...Array(13).keys()].map((i) => 64 * i));
    expect(layer0.every((a) => a.rows === 64 && a.cols === 16)).toBe(true);
    expect(layer0[1]!.name).toBe('L0 r64 c0');
    expect(v.design.arrays.filter((a) => a.tile?.layer === 1)).toHaveLength(1);
    // The first ids are kept, new ones follow; no two arrays overlap and the design is valid.
    expect(v.design.arrays.map((a) => a.id).slice(0, 3)).toEqual(['arr_1', 'arr_2', 'arr_3']);
    expect(new Set(v.design.arrays.map((a) => a.id)).size).toBe(14);
    const fps = v.design.arrays.map((a) => arrayFootprint(v.design, a)!);
    for (let i = 0; i < fps.length; i++) for (let j = 0; j < i; j++) expect(overlaps(fps[i]!, fps[j]!)).toBe(false);
    expect(checkDesign(v.design).errors).toEqual([]);
  });

  it('refuses a size change of tile-hosting arrays without the network, naming what is missing', () => {
    expect(message(() => applyVariant(network(), [{ path: 'arrays.*.rows', value: 64 }], {}))).toMatch(
      /layer widths \(--layers\)/,
    );
  });

  it('refuses a size that splits one layer over arrays of two sizes', () => {
    expect(message(() => applyVariant(network(), [{ path: 'arrays.arr_1.rows', value: 64 }], ctx))).toMatch(
      /layer 0 would have different sizes \(64x16, 128x16\)/,
    );
  });

  it('gives every array a device of the library or a preset added to it', () => {
    const v = applyVariant(network(), [{ path: 'device', value: 'sot-mtj-1.6nm' }], ctx);
    expect(v.design.devices.map((d) => d.id)).toEqual(['dev_1', 'dev_2']);
    expect(new Set(v.design.arrays.map((a) => a.device))).toEqual(new Set(['dev_2']));
    expect(checkDesign(v.design).errors).toEqual([]);
    expect(message(() => applyVariant(network(), [{ path: 'device', value: 'nope' }], ctx))).toMatch(
      /"nope" is neither a device of the design \(dev_1\) nor a device preset/,
    );
  });

  it('refuses a value the schema does not allow, with the field and the allowed range', () => {
    const m = message(() => applyVariant(network(), [{ path: 'arrays.*.adcBits', value: 40 }], ctx));
    expect(m).toBe(
      'the variant is not a valid design: arrays[*].adcBits (8 arrays): 40 is not allowed, must be a whole number 1..16',
    );
  });

  it('refuses a value of the wrong kind before it reaches the layout', () => {
    expect(message(() => applyVariant(network(), [{ path: 'arrays.*.topology', value: '1t1r' }], ctx))).toMatch(
      /arrays\[\*\]\.topology \(8 arrays\): "1t1r" is not allowed, must be "passive" or/,
    );
  });

  it('refuses ids: they are references, not parameters', () => {
    expect(message(() => applyVariant(network(), [{ path: 'arrays.*.id', value: 'arr_9' }], ctx))).toMatch(/ids are references/);
  });
});

describe('design paths', () => {
  it('names the fields there are when a path misses one', () => {
    const d = network();
    expect(message(() => resolveSlots(d, parseDesignPath('technology.wire.rows')))).toBe(
      'technology.wire has no field "rows"; its fields are mode, row, col',
    );
    expect(message(() => resolveSlots(d, parseDesignPath('arrays.arr_99.rows')))).toMatch(
      /no array has the id "arr_99"; use \* for every one/,
    );
    expect(message(() => parseDesignPath('chip.width'))).toMatch(
      /starts with "chip", which is not a part of a design that can vary/,
    );
    expect(message(() => parseDesignPath('arrays.rows'))).toMatch(/names no field; write arrays\.\*\.FIELD/);
    expect(message(() => resolveSlots(d, parseDesignPath('technology.wire')))).toMatch(
      /a group of fields \(mode, row, col\); vary one field of it/,
    );
  });

  it('types a value like the field it replaces', () => {
    const d = network();
    const [rows] = resolveSlots(d, parseDesignPath('arrays.*.rows'));
    expect(typedValue('64', rows!)).toBe(64);
    expect(message(() => typedValue('big', rows!))).toBe('"big" is not a number, and arrays[0].rows is one (now 128)');
    const [topology] = resolveSlots(d, parseDesignPath('arrays.*.topology'));
    expect(typedValue('cell-transistor', topology!)).toBe('cell-transistor');
  });
});
