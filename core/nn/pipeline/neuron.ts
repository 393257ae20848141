import { activate, type Activation } from '../network.js';
import type { tf } from '../tf.js';

/**
 * The neuron stage: what turns a hidden layer's pre-activation (digital sums plus bias)
 * into the next layer's input. Today the network's activation, computed digitally; a
 * stochastic or device neuron (hardware in the loop) is another implementation.
 */
export interface NeuronStage {
  activate(z: tf.Tensor2D, layer: number): tf.Tensor2D;
}

/** The network's own activation on every hidden layer. */
export function networkNeurons(activation: Activation): NeuronStage {
  return { activate: (z) => activate(z, activation) };
}
