import { describe, expect, it } from 'vitest';
import { PINNED_RUN } from './contract.js';
import { compareRows, type ComparableReport } from './compare.js';
import { allRecorded, comparedParameterRows, comparedRows, comparedTestSetWarning, ON_CHIP_ROW } from './compare-runs.js';
import type { ComparableTraining } from './compare-training.js';

const report: ComparableReport = {
  dataset: 'mnist',
  testImages: 100,
  network: '784-16-10 sigmoid',
  monteCarlo: 1,
  accuracy: {
    fp32: 0.81,
    quantized: 0.8,
    variation: { mean: 0.79, std: 0 },
    circuit: { mean: 0.7, std: 0 },
    hardware: { mean: 0.6512, std: 0 },
  },
  area: { arrays: 0.1e-6, die: 0.2e-6, utilisation: 0.5 },
  parameters: { network: { layers: [784, 16, 10], weights: 'trained' }, technology: { wire: 2.5 } },
};

const training: ComparableTraining = {
  dataset: 'mnist',
  testImages: 100,
  network: '784-16-10 sigmoid',
  rule: 'sgd',
  rounding: 'stochastic',
  epochs: 3,
  batch: 20,
  lr: 0.5,
  accuracy: { perEpoch: [0.21, 0.38, 0.32], final: 0.3345, software: 0.48 },
  pulses: { set: 7226, reset: 210 },
  writeEnergy: 1.9e-6,
  writeTime: 135.2e-6,
  area: { arrays: 0.1e-6, die: 0.2e-6, utilisation: 0.5 },
  parameters: { network: { layers: [784, 16, 10], weights: 'trained on the chip' }, technology: { wire: 2.5 } },
};

describe('pinned runs of both kinds side by side', () => {
  it('compares accuracy runs alone exactly as compare.ts does', () => {
    expect(comparedRows([{ report }, { report }], 10e-9)).toEqual(compareRows([report, report], 10e-9));
  });

  it('puts a training beside an accuracy run: the accuracy on the chip of both, what only one has as "-"', () => {
    const rows = comparedRows([{ report }, { training }]);
    const get = (label: string) => rows.find((r) => r.label === label)?.values;
    expect(get(ON_CHIP_ROW)).toEqual(['65.12 % ± 0.00', '33.45 %']);
    expect(get('weights')).toEqual(['trained in software, mapped', 'trained on the chip (SGD, stochastic)']);
    expect(get('software SGD, same recipe')).toEqual(['-', '48.00 %']);
    expect(get('accuracy per epoch')).toEqual(['-', '21.0, 38.0, 32.0 %']);
    const long = { ...training, accuracy: { ...training.accuracy, perEpoch: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.655] } };
    expect(comparedRows([{ report }, { training: long }]).find((r) => r.label === 'accuracy per epoch')!.values[1]).toBe(
      '10.0 → 65.5 % (7 epochs)',
    );
    expect(get('write pulses (SET + RESET)')).toEqual(['-', '7226 + 210']);
    expect(get('write energy')).toEqual(['-', '1.9 µJ']);
    expect(get('write time')).toEqual(['-', '135 µs']);
    expect(get('fp32')).toEqual(['81.00 %', '-']);
    expect(get('array area')).toEqual(['0.100 mm²', '0.100 mm²']);
    expect(get('test set')).toEqual(['mnist, 100', 'mnist, 100']);
    // Shared rows first, the breakdown, then the accuracy on the chip and the training's own rows, area last.
    expect(rows.map((r) => r.label).slice(0, 3)).toEqual(['test set', 'network', 'weights']);
    expect(rows.findIndex((r) => r.label === ON_CHIP_ROW)).toBe(rows.findIndex((r) => r.label === '+ ADC/DAC') + 1);
    expect(rows.at(-1)!.label).toBe('read energy / inference');
  });

  it('lists what differs from both kinds of parameters, and warns of different test sets', () => {
    expect(comparedParameterRows([{ report }, { training }])).toEqual([
      { label: 'network.weights', values: ['trained', 'trained on the chip'] },
    ]);
    expect(comparedTestSetWarning([{ report }, { training }])).toBeNull();
    expect(comparedTestSetWarning([{ report }, { training: { ...training, testImages: 50 } }])).toMatch(/different test sets/);
    expect(allRecorded([{ report }, { training }])).toBe(true);
    expect(allRecorded([{ report: { ...report, parameters: undefined } }, { training }])).toBe(false);
  });

  it('keeps a pinned training in the recovery state, and refuses one that is not', () => {
    expect(PINNED_RUN.safeParse({ label: 'a', design: 'd', training }).success).toBe(true);
    expect(PINNED_RUN.safeParse({ label: 'a', design: 'd', report }).success).toBe(true);
    expect(PINNED_RUN.safeParse({ label: 'a', design: 'd', training: { ...training, pulses: 3 } }).success).toBe(false);
    expect(PINNED_RUN.safeParse({ label: 'a', design: 'd', report, training }).success).toBe(false);
  });
});
