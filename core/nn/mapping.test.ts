import { describe, expect, it } from 'vitest';
import { deviceFromPreset } from '../devices/presets.js';
import type { Design } from '../model/design.js';
import { layoutNetwork } from '../model/network-layout.js';
import { planMapping } from './mapping.js';
import { initWeights } from './network.js';
import { buildCodebook, quantizeMatrix } from './quantize.js';
import { evenlySpaced } from '../devices/level-formulas.js';

const weights = initWeights(
  { layers: [20, 8, 4], activation: { kind: 'sigmoid' } },
  3,
  (() => {
    let s = 1;
    return () => (s = (s * 16807) % 2147483647) / 2147483647;
  })(),
);
const quant = { granularity: 'per-channel', observer: 'mse' } as const;

function design(): Design {
  return layoutNetwork({
    name: 't',
    layers: [20, 8, 4],
    arrayRows: 10,
    arrayCols: 4,
    device: deviceFromPreset('dw-notch-5', { id: 'dev_1' }),
    topology: 'passive',
    mapping: 'differential',
  });
}

describe('planMapping errors', () => {
  it('overlapping tiles', () => {
    const d = design();
    d.arrays[1]!.tile = { ...d.arrays[0]!.tile! };
    expect(() => planMapping(d, weights, quant)).toThrow(/hosted by more than one array; tiles must not overlap/);
  });

  it('a tile outside the matrix', () => {
    const d = design();
    d.arrays[0]!.tile = { layer: 0, rowOffset: 20, colOffset: 0 };
    expect(() => planMapping(d, weights, quant)).toThrow(/outside layer 0's 20x8 weight matrix/);
  });

  it('an array hosting a layer the network does not have', () => {
    const d = design();
    d.arrays[0]!.tile = { layer: 2, rowOffset: 0, colOffset: 0 };
    expect(() => planMapping(d, weights, quant)).toThrow(/hosts layer 2, but the network 20-8-4 has layers 0\.\.1/);
  });

  it('a partly covered layer is no error', () => {
    const d = design();
    d.arrays = d.arrays.slice(1);
    const plan = planMapping(d, weights, quant);
    expect(plan.layers[0]!.hostedWeights).toBe(20 * 8 - 10 * 4);
    expect(plan.partialLayers).toEqual([0]);
  });
});

describe('quantizeMatrix with a mask', () => {
  it('an all-ones mask changes nothing', () => {
    const book = buildCodebook(evenlySpaced(1e-5, 5e-5, 5), 'differential');
    const w = weights.layers[0]!.weights;
    for (const granularity of ['per-tensor', 'per-channel'] as const) {
      const plain = quantizeMatrix(w, 20, 8, book, { granularity, observer: 'mse' });
      const masked = quantizeMatrix(w, 20, 8, book, { granularity, observer: 'mse' }, new Uint8Array(160).fill(1));
      expect(masked).toEqual(plain);
    }
  });
});
