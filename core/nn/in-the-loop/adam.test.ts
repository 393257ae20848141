import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../tf.js';
import { Adam } from './adam.js';

/** Adam on typed arrays against TensorFlow.js's own (the oracle): the same parameters after a few steps of the same gradients. */
beforeAll(async () => {
  await initTf();
});

describe('Adam', () => {
  it('follows tf.train.adam step for step', () => {
    const start = [0.5, -1.25, 2, 0];
    const grads = [
      [0.1, -0.3, 2, 0],
      [0.05, 0.2, -1, 1e-3],
      [-0.4, 0.1, 0.5, -2],
    ];
    const p = Float32Array.from(start);
    const adam = new Adam([p], 0.01);
    const v = tf.variable(tf.tensor1d(start));
    const reference = tf.train.adam(0.01);
    for (const g of grads) {
      adam.step([Float32Array.from(g)]);
      reference.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]);
    }
    const expected = v.dataSync();
    for (let i = 0; i < start.length; i++) expect(p[i]).toBeCloseTo(expected[i]!, 6);
    expect(Array.from(p)).not.toEqual(start);
    v.dispose();
    reference.dispose();
  });

  it('refuses a gradient of another length', () => {
    expect(() => new Adam([new Float32Array(3)], 0.1).step([new Float32Array(2)])).toThrow(/2 entries, the parameter 3/);
  });
});
