import { tf } from '../tf.js';

/**
 * The backward pass, in software in the periphery: gradients of the batch's mean softmax
 * cross-entropy with respect to every layer's effective weights and biases, from the
 * activations the chip computed in the forward pass. The converters count as the identity
 * (straight through: the gradient of a rounded value is taken as the gradient of the
 * value), and each array counts as the effective weights it applies (effective-weights.ts),
 * IR drop included, so an error is propagated back through what the chip really does.
 * Hidden layers are sigmoid: its derivative is read from the activation, h (1 - h).
 */
export interface Gradients {
  /** Per layer, inputs x outputs row-major. */
  weights: Float32Array[];
  biases: Float32Array[];
  /** The batch's mean loss. */
  loss: number;
}

/**
 * `inputs[l]` is layer l's input as the chip computed it (images first), `logits` the
 * chip's output, `labels` one-hot; `effective[l]` the effective weights of layer l
 * (inputs x outputs), needed for every layer but the first.
 */
export function backward(
  inputs: readonly tf.Tensor2D[],
  logits: tf.Tensor2D,
  labels: tf.Tensor2D,
  effective: readonly (tf.Tensor2D | null)[],
): Gradients {
  const layers = inputs.length;
  const out = tf.tidy(() => {
    const batch = logits.shape[0];
    const logp = tf.logSoftmax(logits);
    const loss = tf.div(tf.neg(tf.sum(tf.mul(labels, logp))), batch) as tf.Scalar;
    let delta: tf.Tensor2D = tf.div(tf.sub(tf.exp(logp), labels), batch);
    const weights: tf.Tensor2D[] = new Array<tf.Tensor2D>(layers);
    const biases: tf.Tensor1D[] = new Array<tf.Tensor1D>(layers);
    for (let l = layers - 1; l >= 0; l--) {
      const h = inputs[l]!;
      // An explicit transpose: the wasm backend's matMul with transposeA is ten times slower.
      weights[l] = tf.matMul(tf.transpose(h), delta);
      biases[l] = tf.sum(delta, 0);
      if (l > 0) {
        const w = effective[l];
        if (!w) throw new Error(`backward: no effective weights for layer ${l}`);
        delta = tf.mul(tf.matMul(delta, w, false, true), tf.mul(h, tf.sub(1, h)));
      }
    }
    return { loss, weights, biases };
  });
  const grads: Gradients = {
    weights: out.weights.map((t) => t.dataSync() as Float32Array),
    biases: out.biases.map((t) => t.dataSync() as Float32Array),
    loss: out.loss.dataSync()[0]!,
  };
  out.loss.dispose();
  out.weights.forEach((t) => t.dispose());
  out.biases.forEach((t) => t.dispose());
  return grads;
}
