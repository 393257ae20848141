import type { NeuronStage } from '../pipeline/neuron.js';
import { tf } from '../tf.js';

/**
 * The backward pass of training in the loop, in software: gradients of the batch's mean
 * softmax cross-entropy with respect to every layer's effective weights and biases, from
 * what the chip computed in the forward pass (each layer's input and each hidden layer's
 * pre-activation). The converters count as the identity (straight through), each layer
 * as the effective weights it applies (IR drop and calibration included), and each
 * neuron stage as its surrogate derivative (NeuronStage.surrogate: the activation's own,
 * or a stochastic neuron's expected output's). core/nn/insitu/backward.ts is the same
 * pass for sigmoid neurons read from their output; this one takes any neuron stage.
 */
export interface Gradients {
  /** Per layer, inputs x outputs row-major, with respect to the effective weights. */
  weights: Float32Array[];
  biases: Float32Array[];
  /** The batch's mean loss. */
  loss: number;
  /** Images of the batch the chip classified right. */
  correct: number;
}

/**
 * `inputs[l]` is layer l's input as the chip computed it (images first), `pre[l]` hidden
 * layer l's pre-activation, `logits` the chip's output, `labels` one-hot; `effective[l]`
 * the effective weights of layer l (inputs x outputs), needed for every layer but the first.
 */
export function surrogateBackward(
  trace: { inputs: readonly tf.Tensor2D[]; pre: readonly tf.Tensor2D[]; logits: tf.Tensor2D },
  labels: tf.Tensor2D,
  effective: readonly (tf.Tensor2D | null)[],
  neurons: NeuronStage,
): Gradients {
  const { inputs, pre, logits } = trace;
  const layers = inputs.length;
  const out = tf.tidy(() => {
    const batch = logits.shape[0];
    const logp = tf.logSoftmax(logits);
    const loss = tf.div(tf.neg(tf.sum(tf.mul(labels, logp))), batch) as tf.Scalar;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(labels, 1)), 'int32')) as tf.Scalar;
    let delta: tf.Tensor2D = tf.div(tf.sub(tf.exp(logp), labels), batch);
    const weights: tf.Tensor2D[] = new Array<tf.Tensor2D>(layers);
    const biases: tf.Tensor1D[] = new Array<tf.Tensor1D>(layers);
    for (let l = layers - 1; l >= 0; l--) {
      // An explicit transpose: the wasm backend's matMul with transposeA is ten times slower.
      weights[l] = tf.matMul(tf.transpose(inputs[l]!), delta);
      biases[l] = tf.sum(delta, 0);
      if (l > 0) {
        const w = effective[l];
        if (!w) throw new Error(`surrogateBackward: no effective weights for layer ${l}`);
        const z = pre[l - 1];
        if (!z) throw new Error(`surrogateBackward: no pre-activation of layer ${l - 1}`);
        delta = tf.mul(tf.matMul(delta, w, false, true), neurons.surrogate(z, l - 1));
      }
    }
    return { loss, correct, weights, biases };
  });
  const grads: Gradients = {
    weights: out.weights.map((t) => t.dataSync() as Float32Array),
    biases: out.biases.map((t) => t.dataSync() as Float32Array),
    loss: out.loss.dataSync()[0]!,
    correct: out.correct.dataSync()[0]!,
  };
  for (const t of [out.loss, out.correct, ...out.weights, ...out.biases]) t.dispose();
  return grads;
}
