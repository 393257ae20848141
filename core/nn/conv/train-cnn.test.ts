import { describe, expect, it } from 'vitest';
import { loadDataset, subset } from '../datasets.js';
import { accuracyOf } from '../network.js';
import { predictModel } from './forward.js';
import { matrixLayers } from './model.js';
import { smallCnn, trainModel } from './train-cnn.js';

describe('the small CNN', () => {
  it('has two conv layers and one dense layer whose matrices fit a 128 x 128 array each (the dense one in 7)', () => {
    const m = smallCnn([28, 28, 1], 10, 1);
    expect(matrixLayers(m).map((l) => [l.node.op, l.rows, l.cols, l.patches])).toEqual([
      ['conv', 9, 8, 784],
      ['conv', 72, 16, 196],
      ['dense', 784, 10, 1],
    ]);
  });

  it('learns MNIST digits from 600 images in 2 epochs, far above chance, and reproduces with its seed', async () => {
    const data = subset(await loadDataset('mnist'), 600, 300);
    const recipe = { epochs: 2, batchSize: 32, learningRate: 3e-3, seed: 3 };
    const a = await trainModel(smallCnn([28, 28, 1], 10, 3), data, recipe);
    const acc = accuracyOf(predictModel(a.model, data.test.images, 300).predictions, data.test.labels);
    expect(a.history).toHaveLength(2);
    expect(a.history[1]!.testAccuracy).toBeCloseTo(acc, 6);
    // 600 images, 2 epochs: measured 85.3 % on the first 300 test images; chance is 10 %.
    expect(acc).toBeGreaterThan(0.6);
  }, 120_000);
});
