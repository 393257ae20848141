import { activate, type Activation } from '../network.js';
import { tf } from '../tf.js';

/**
 * The neuron stage: what turns a hidden layer's pre-activation (digital sums plus bias)
 * into the next layer's input. The network's activation, computed digitally, or a device
 * neuron (core/nn/neurons: stochastic SOT bars with their own curves and sampling).
 */
export interface NeuronStage {
  activate(z: tf.Tensor2D, layer: number): tf.Tensor2D;
  /**
   * The derivative the backward pass of training in the loop takes through this stage,
   * dh/dz at the pre-activation z: the activation's own, or, for a stochastic neuron, that
   * of its expected output (a binary sample has no useful derivative).
   */
  surrogate(z: tf.Tensor2D, layer: number): tf.Tensor2D;
}

/** The network's own activation on every hidden layer. */
export function networkNeurons(activation: Activation): NeuronStage {
  return { activate: (z) => activate(z, activation), surrogate: (z) => activationDerivative(z, activation) };
}

/** d activate(z) / dz, elementwise. */
export function activationDerivative(z: tf.Tensor2D, a: Activation): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    switch (a.kind) {
      case 'sigmoid': {
        const s = tf.sigmoid(z);
        return tf.mul(s, tf.sub(1, s));
      }
      case 'relu':
        return tf.cast(tf.greater(z, 0), 'float32') as tf.Tensor2D;
      case 'device': {
        // p'(c) inside (0, inputMax), 0 where the clip holds the input.
        const c = tf.clipByValue(z, 0, a.inputMax);
        const n = a.coefficients.length;
        let acc: tf.Tensor2D = tf.fill(z.shape, n >= 2 ? (n - 1) * a.coefficients[n - 1]! : 0) as tf.Tensor2D;
        for (let k = n - 2; k >= 1; k--) acc = tf.add(tf.mul(acc, c), k * a.coefficients[k]!);
        const inside = tf.logicalAnd(tf.greater(z, 0), tf.less(z, a.inputMax));
        return tf.mul(acc, tf.cast(inside, 'float32')) as tf.Tensor2D;
      }
    }
  });
}
