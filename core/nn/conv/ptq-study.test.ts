import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../devices/device-model-of.js';
import { loadDataset, subset } from '../datasets.js';
import { levelsDevice, PTQ_COLUMNS, ptqRows } from './ptq-study.js';
import { smallCnn, trainModel } from './train-cnn.js';

describe('study ptq-granularity', () => {
  it('gives the device the level count asked for, without variation', () => {
    const d = levelsDevice(4);
    expect(deviceModel(d).levels).toHaveLength(4);
    expect(d.kind === 'multilevel' && [d.variation.d2d, d.variation.ctc]).toEqual([0, 0]);
  });

  it('measures fp32 and the four schemes per level count on a CNN; more levels and per-channel scales lose less', async () => {
    const data = subset(await loadDataset('mnist'), 600, 300);
    const { model } = await trainModel(smallCnn([28, 28, 1], 10, 3), data, {
      epochs: 2,
      batchSize: 32,
      learningRate: 3e-3,
      seed: 3,
    });
    const rows = await ptqRows(model, data, { seed: 1, mapping: 'differential', levels: [2, 16] });
    expect(rows.map((r) => r.length)).toEqual([PTQ_COLUMNS.length, PTQ_COLUMNS.length]);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['mnist', 2],
      ['mnist', 16],
    ]);
    const [two, sixteen] = rows as [number[], number[]];
    const fp32 = sixteen[2]!;
    // Columns: fp32, per-tensor minmax, per-tensor mse, per-channel minmax, per-channel mse.
    expect(fp32 - sixteen[6]!).toBeLessThan(0.03);
    expect(two[3]!).toBeLessThan(sixteen[6]!);
    // Measured (600 training images, 2 epochs, 300 test images): 2 levels per-tensor min-max 60.3 %, per-channel 73.7 / 69.3 %.
    expect(two[3]!).toBeLessThan(Math.max(two[5]!, two[6]!));
  }, 180_000);
});
