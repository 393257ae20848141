import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../math/random.js';
import { forwardLogits, initWeights, type Activation } from '../network.js';
import { networkNeurons } from '../pipeline/neuron.js';
import { initTf, tf } from '../tf.js';
import { surrogateBackward } from './surrogate-backward.js';

/**
 * With the network's own activation as the neuron stage and the software's weights as the
 * effective weights, the surrogate backward pass is plain backpropagation: its gradients
 * equal TensorFlow.js's automatic differentiation of the same loss (the oracle), for each
 * activation the network may have.
 */
beforeAll(async () => {
  await initTf();
});

const ACTIVATIONS: Activation[] = [
  { kind: 'sigmoid' },
  { kind: 'relu' },
  { kind: 'device', coefficients: [0, 0.2, 1.6, -0.8], inputMax: 1 },
];

describe('surrogateBackward', () => {
  for (const activation of ACTIVATIONS)
    it(`equals automatic differentiation for a ${activation.kind} network`, () => {
      const network = { layers: [6, 5, 4, 3], activation };
      const rng = Random.derive(3, 'backward');
      const w = initWeights(network, 3, () => rng.uniform());
      const x = tf.tensor2d(
        Array.from({ length: 4 * 6 }, () => rng.uniform()),
        [4, 6],
      );
      const labels = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3) as tf.Tensor2D;
      const layers = w.layers.map((l) => ({ w: tf.tensor2d(l.weights, [l.inputs, l.outputs]), b: tf.tensor1d(l.bias) }));

      // The forward pass the chip would trace: each layer's input and each hidden pre-activation.
      const inputs: tf.Tensor2D[] = [];
      const pre: tf.Tensor2D[] = [];
      let h = x;
      layers.forEach((l, i) => {
        inputs.push(h);
        const z = tf.add(tf.matMul(h, l.w), l.b) as tf.Tensor2D;
        if (i < layers.length - 1) {
          pre.push(z);
          h = networkNeurons(activation).activate(z, i);
        } else h = z;
      });
      const grads = surrogateBackward(
        { inputs, pre, logits: h },
        labels,
        layers.map((l) => l.w),
        networkNeurons(activation),
      );

      const loss = (...ws: tf.Tensor[]) =>
        tf.losses.softmaxCrossEntropy(
          labels,
          forwardLogits(
            x,
            network,
            layers.map((l, i) => ({ w: ws[i] as tf.Tensor2D, b: l.b })),
          ),
        ) as tf.Scalar;
      const expected = tf.grads(loss)(layers.map((l) => l.w));
      expected.forEach((g, i) => {
        const want = g.dataSync();
        const got = grads.weights[i]!;
        for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 5);
      });
      expect(grads.loss).toBeCloseTo(loss(...layers.map((l) => l.w)).dataSync()[0]!, 5);
      tf.dispose([x, labels, h, ...inputs, ...pre, ...expected, ...layers.flatMap((l) => [l.w, l.b])]);
    });
});
