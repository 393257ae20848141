import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { forwardLogits, initWeights } from '../network.js';
import { initTf, tf } from '../tf.js';
import { backward } from './backward.js';

beforeAll(async () => {
  await initTf();
});

describe('the backward pass', () => {
  it("equals TensorFlow.js's own gradients of the mean softmax cross-entropy of a sigmoid network", () => {
    const rng = new Random(4);
    const network = { layers: [12, 7, 5, 3], activation: { kind: 'sigmoid' as const } };
    const w = initWeights(network, 4, () => rng.uniform());
    for (const l of w.layers) for (let k = 0; k < l.bias.length; k++) l.bias[k] = rng.uniform() - 0.5;
    const x = tf.tensor2d(
      Float32Array.from({ length: 6 * 12 }, () => rng.uniform()),
      [6, 12],
    );
    const labels = tf.oneHot(tf.tensor1d([0, 2, 1, 1, 0, 2], 'int32'), 3) as tf.Tensor2D;
    const vars = w.layers.map((l) => ({ w: tf.tensor2d(l.weights, [l.inputs, l.outputs]), b: tf.tensor1d(l.bias) }));
    const loss = (...p: tf.Tensor[]) =>
      tf.losses.softmaxCrossEntropy(
        labels,
        forwardLogits(
          x,
          network,
          vars.map((_, i) => ({ w: p[2 * i] as tf.Tensor2D, b: p[2 * i + 1] as tf.Tensor1D })),
        ),
      ) as tf.Scalar;
    const expected = tf.grads(loss)(vars.flatMap((v) => [v.w, v.b]));

    // The activations as a chip would hand them over: each layer's input.
    const inputs: tf.Tensor2D[] = [x];
    let h: tf.Tensor2D = x;
    vars.forEach((v, l) => {
      const z = tf.add(tf.matMul(h, v.w), v.b) as tf.Tensor2D;
      h = l === vars.length - 1 ? z : tf.sigmoid(z);
      if (l < vars.length - 1) inputs.push(h);
    });
    const g = backward(inputs, h, labels, [null, ...vars.slice(1).map((v) => v.w)]);
    expect(g.loss).toBeCloseTo(loss(...vars.flatMap((v) => [v.w, v.b])).dataSync()[0]!, 6);
    vars.forEach((_, l) => {
      const ew = expected[2 * l]!.dataSync();
      const eb = expected[2 * l + 1]!.dataSync();
      g.weights[l]!.forEach((v, k) => expect(v).toBeCloseTo(ew[k]!, 6));
      g.biases[l]!.forEach((v, k) => expect(v).toBeCloseTo(eb[k]!, 6));
    });
  });
});
