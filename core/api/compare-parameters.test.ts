import { describe, expect, it } from 'vitest';
import { MAX_PARAMETER_ROWS, parameterList, parameterRows } from './compare-parameters.js';

/** Parameters as a run records them (RunParameters), trimmed to what the tests change. */
function params(over: { wireRow?: number; adcBits?: number; arrays?: string[]; seed?: number; version?: string } = {}) {
  const arrays: Record<string, unknown> = {};
  for (const id of over.arrays ?? ['arr_1', 'arr_2'])
    arrays[id] = {
      name: id,
      rows: 128,
      cols: 128,
      topology: 'row-transistor',
      device: 'dev_1',
      dacBits: 8,
      adcBits: over.adcBits ?? 8,
      tile: { layer: 0, rowOffset: 0, colOffset: 0 },
    };
  return {
    spinplan: over.version ?? '0.1.0',
    design: { name: 'mnist', die: { width: 900, height: 1300 } },
    technology: { wire: { mode: 'per-cell', row: over.wireRow ?? 2.5, col: over.wireRow ?? 2.5 }, readVoltage: 0.1 },
    devices: { dev_1: { name: 'SOT-MTJ 1.6 nm x3', kind: 'compound-mtj', rP: 8400, write: { width: 1e-8, voltage: 0.5 } } },
    arrays,
    network: { layers: [784, 128, 10], activation: 'sigmoid', weights: 'trained' },
    monteCarlo: { draws: 3, seed: over.seed ?? 1 },
  };
}

describe('parameters that differ between runs', () => {
  it('lists each differing parameter with its unit, and nothing that is the same', () => {
    const rows = parameterRows([{ parameters: params() }, { parameters: params({ wireRow: 0.25, seed: 2 }) }]);
    expect(rows).toEqual([
      { label: 'technology.wire.row', values: ['2.5 Ω', '0.25 Ω'] },
      { label: 'technology.wire.col', values: ['2.5 Ω', '0.25 Ω'] },
      { label: 'monteCarlo.seed', values: ['1', '2'] },
    ]);
    expect(parameterRows([{ parameters: params() }, { parameters: params() }])).toEqual([]);
  });

  it('says a field changed on every array once, and an array only one layout has in one row', () => {
    expect(parameterRows([{ parameters: params() }, { parameters: params({ adcBits: 4 }) }])).toEqual([
      { label: 'arrays (all 2).adcBits', values: ['8', '4'] },
    ]);
    const rows = parameterRows([{ parameters: params() }, { parameters: params({ arrays: ['arr_1', 'arr_2', 'arr_3'] }) }]);
    expect(rows).toEqual([{ label: 'arrays.arr_3', values: ['-', '128 x 128 row-transistor, dev_1'] }]);
  });

  it('tells the units of lengths and times apart by where they are', () => {
    const a = params();
    const b = params();
    (b.devices.dev_1 as { write: { width: number } }).write.width = 2e-8;
    b.design.die.width = 1000;
    expect(parameterRows([{ parameters: a }, { parameters: b }])).toEqual([
      { label: 'design.die.width', values: ['900 µm', '1000 µm'] },
      { label: 'devices.dev_1.write.width', values: ['10 ns', '20 ns'] },
    ]);
  });

  it('says "not recorded" for a report written before runs recorded their parameters', () => {
    expect(parameterRows([{ parameters: params() }, {}])).toEqual([
      { label: 'parameters', values: ['recorded', 'not recorded'] },
    ]);
    const rows = parameterRows([{ parameters: params() }, { parameters: params({ version: '0.2.0' }) }, {}]);
    expect(rows).toEqual([{ label: 'spinplan', values: ['0.1.0', '0.2.0', 'not recorded'] }]);
    expect(parameterRows([{}, {}])).toEqual([]);
  });

  it('keeps the table readable when two layouts differ everywhere', () => {
    const many = (prefix: string) => params({ arrays: Array.from({ length: 60 }, (_, i) => `${prefix}_${i}`) });
    const rows = parameterRows([{ parameters: many('arr_a') }, { parameters: many('arr_b') }]);
    expect(rows).toHaveLength(MAX_PARAMETER_ROWS);
    expect(rows.at(-1)).toEqual({ label: `… and ${120 - (MAX_PARAMETER_ROWS - 1)} more differences`, values: ['', ''] });
  });
});

describe("a run's parameters, listed", () => {
  it('lists every parameter with its unit, fields the same on every array once', () => {
    const rows = parameterList(params());
    const get = (label: string) => rows.find((r) => r.label === label)?.values[0];
    expect(get('spinplan')).toBe('0.1.0');
    expect(get('technology.wire.row')).toBe('2.5 Ω');
    expect(get('technology.readVoltage')).toBe('0.1 V');
    expect(get('devices.dev_1.rP')).toBe('8.4 kΩ');
    expect(get('arrays (all 2).adcBits')).toBe('8');
    expect(get('arrays (all 2).tile.layer')).toBe('0');
    expect(get('network.layers')).toBe('784, 128, 10');
    // Only what differs from array to array stays per array.
    expect(rows.filter((r) => r.label.startsWith('arrays.')).map((r) => r.label)).toEqual([
      'arrays.arr_1.name',
      'arrays.arr_2.name',
    ]);
    expect(parameterList(undefined)).toEqual([]);
  });
});
