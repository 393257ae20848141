import * as path from 'node:path';
import { DEFAULT_LAYER_WIDTHS } from '../model/layer-widths.js';
import { UserError } from '../model/problems.js';
import { tf } from './tf.js';

/**
 * A fully connected network: layer sizes (inputs first), a hidden activation, softmax
 * output. Weight matrices are inputs x outputs, row-major (rows = inputs, as on an array).
 */
export type Activation =
  | { kind: 'sigmoid' }
  | { kind: 'relu' }
  /**
   * A device's response, e.g. the domain-wall neuron's ReLU-like normalised conductance vs
   * normalised current: y = p(clip(x, 0, inputMax)) - p(0), p(x) = sum c_k x^k.
   */
  | { kind: 'device'; coefficients: number[]; inputMax: number };

export interface NetworkSpec {
  layers: number[];
  activation: Activation;
}

export interface LayerWeights {
  inputs: number;
  outputs: number;
  /** inputs x outputs, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface Weights {
  network: NetworkSpec;
  layers: LayerWeights[];
}

/**
 * An illustrative DW-neuron curve (soft onset, near-linear above, saturating at 1 for a
 * normalised input of 1): monotone on [0, 1]. Replace with a fitted curve via --activation-poly.
 */
export const DW_NEURON: Activation = { kind: 'device', coefficients: [0, 0.2, 1.6, -0.8], inputMax: 1 };

export const DEFAULT_NETWORK: NetworkSpec = { layers: [...DEFAULT_LAYER_WIDTHS], activation: { kind: 'sigmoid' } };

export function parseActivation(kind: string, poly?: string, inputMax = 1): Activation {
  switch (kind) {
    case 'sigmoid':
    case 'relu':
      return { kind };
    case 'dw-neuron':
      return DW_NEURON;
    case 'device': {
      if (!poly) throw new UserError('--activation device needs --activation-poly c0,c1,c2,...');
      const coefficients = poly.split(',').map(Number);
      if (coefficients.some((c) => !Number.isFinite(c)))
        throw new UserError(`--activation-poly ${JSON.stringify(poly)} must be numbers separated by commas`);
      return { kind: 'device', coefficients, inputMax };
    }
    default:
      throw new UserError(`activation ${JSON.stringify(kind)} is not known, must be sigmoid, relu, dw-neuron or device`);
  }
}

export function describeNetwork(n: NetworkSpec): string {
  const act = n.activation.kind === 'device' ? `device poly [${n.activation.coefficients.join(', ')}]` : n.activation.kind;
  return `${n.layers.join('-')} ${act}`;
}

/** Hidden activation as tfjs ops. */
export function activate(x: tf.Tensor2D, a: Activation): tf.Tensor2D {
  switch (a.kind) {
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'relu':
      return tf.relu(x);
    case 'device': {
      const c = tf.clipByValue(x, 0, a.inputMax);
      // Horner: p(c) - p(0) = c (c1 + c (c2 + ...)).
      let acc: tf.Tensor2D = tf.fill(x.shape, a.coefficients[a.coefficients.length - 1] ?? 0) as tf.Tensor2D;
      for (let k = a.coefficients.length - 2; k >= 1; k--) acc = tf.add(tf.mul(acc, c), a.coefficients[k]!);
      return a.coefficients.length >= 2 ? tf.mul(acc, c) : tf.zerosLike(x);
    }
  }
}

/** Glorot-uniform weights and zero biases from a seeded stream. */
export function initWeights(network: NetworkSpec, seed: number, uniform: () => number): Weights {
  void seed;
  const layers: LayerWeights[] = [];
  for (let l = 0; l + 1 < network.layers.length; l++) {
    const inputs = network.layers[l]!;
    const outputs = network.layers[l + 1]!;
    const limit = Math.sqrt(6 / (inputs + outputs));
    const weights = new Float32Array(inputs * outputs);
    for (let i = 0; i < weights.length; i++) weights[i] = (2 * uniform() - 1) * limit;
    layers.push({ inputs, outputs, weights, bias: new Float32Array(outputs) });
  }
  return { network, layers };
}

/** Pixels 0..255 of images [start, start+n) as a float tensor in [0, 1]. */
export function imagesTensor(
  images: Uint8Array,
  pixels: number,
  indices: ArrayLike<number> | { start: number; count: number },
): tf.Tensor2D {
  if ('start' in indices) {
    const slice = images.subarray(indices.start * pixels, (indices.start + indices.count) * pixels);
    const f = new Float32Array(slice.length);
    for (let i = 0; i < slice.length; i++) f[i] = slice[i]! / 255;
    return tf.tensor2d(f, [indices.count, pixels]);
  }
  const f = new Float32Array(indices.length * pixels);
  for (let k = 0; k < indices.length; k++) {
    const base = indices[k]! * pixels;
    for (let p = 0; p < pixels; p++) f[k * pixels + p] = images[base + p]! / 255;
  }
  return tf.tensor2d(f, [indices.length, pixels]);
}

/** Full-precision logits of a batch, with the given (possibly quantized) weight matrices. */
export function forwardLogits(
  x: tf.Tensor2D,
  network: NetworkSpec,
  layers: readonly { w: tf.Tensor2D; b: tf.Tensor1D }[],
): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, l) => {
    const z = tf.add(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
    h = l === layers.length - 1 ? z : activate(z, network.activation);
  });
  return h;
}

export function weightTensors(
  layers: readonly LayerWeights[],
  override?: readonly (Float32Array | null)[],
): { w: tf.Tensor2D; b: tf.Tensor1D }[] {
  return layers.map((l, i) => ({ w: tf.tensor2d(override?.[i] ?? l.weights, [l.inputs, l.outputs]), b: tf.tensor1d(l.bias) }));
}

/** Predicted class and logits for every image of a split, in batches. */
export function predict(
  weights: Weights,
  images: Uint8Array,
  count: number,
  override?: readonly (Float32Array | null)[],
  batch = 2000,
): { predictions: Uint8Array; logits: Float32Array } {
  const pixels = weights.layers[0]!.inputs;
  const classes = weights.layers[weights.layers.length - 1]!.outputs;
  const predictions = new Uint8Array(count);
  const logits = new Float32Array(count * classes);
  const tensors = weightTensors(weights.layers, override);
  try {
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const out = tf.tidy(() => forwardLogits(imagesTensor(images, pixels, { start, count: n }), weights.network, tensors));
      const data = out.dataSync();
      out.dispose();
      logits.set(data, start * classes);
      argmaxRows(data, n, classes, predictions, start);
    }
  } finally {
    for (const t of tensors) {
      t.w.dispose();
      t.b.dispose();
    }
  }
  return { predictions, logits };
}

export function argmaxRows(data: ArrayLike<number>, n: number, classes: number, out: Uint8Array, offset: number): void {
  for (let r = 0; r < n; r++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < classes; c++) {
      const v = data[r * classes + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[offset + r] = best;
  }
}

export function accuracyOf(predictions: Uint8Array, labels: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < predictions.length; i++) if (predictions[i] === labels[i]) ok++;
  return predictions.length === 0 ? 0 : ok / predictions.length;
}

// ---------------------------------------------------------------- weights files

// Reading them (user paths: regular files only, size limits, no quoting) is weights-file.ts.
export { loadWeightsFile, weightsFromJson, weightsFromTfjs } from './weights-file.js';

/** JSON weights file: { format: "spinplan-weights", version: 1, network, layers: [{inputs, outputs, weights: [...], bias: [...]}] }. */
export function weightsToJson(w: Weights, meta: Record<string, unknown> = {}): string {
  return JSON.stringify({
    format: 'spinplan-weights',
    version: 1,
    ...meta,
    network: w.network,
    layers: w.layers.map((l) => ({
      inputs: l.inputs,
      outputs: l.outputs,
      weights: Array.from(l.weights),
      bias: Array.from(l.bias),
    })),
  });
}

/**
 * Exports weights in the TensorFlow.js LayersModel format: FOLDER/model.json (a Sequential
 * of Dense layers, hidden activation, softmax output) and FOLDER/weights.bin (float32,
 * kernels [inputs, outputs] then biases), loadable by tf.loadLayersModel and by
 * weightsFromTfjs. Keras has no polynomial activation: a device activation is written as
 * 'linear' with the curve in userDefinedMetadata.spinplan (and read back by the caller's --activation).
 */
export async function saveWeightsTfjs(
  w: Weights,
  folder: string,
  meta: Record<string, unknown> = {},
): Promise<{ modelJson: string; weightsBin: string }> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const act = w.network.activation;
  const hidden = act.kind === 'device' ? 'linear' : act.kind;
  const model = tf.sequential();
  w.layers.forEach((l, i) => {
    model.add(
      tf.layers.dense({
        units: l.outputs,
        activation: i === w.layers.length - 1 ? 'softmax' : hidden,
        ...(i === 0 ? { inputShape: [l.inputs] } : {}),
        name: `dense_${i}`,
      }),
    );
  });
  try {
    const tensors = w.layers.flatMap((l) => [tf.tensor2d(l.weights, [l.inputs, l.outputs]), tf.tensor1d(l.bias)]);
    model.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
    model.setUserDefinedMetadata({ spinplan: { network: w.network, ...meta } });
    let artifacts: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const a = artifacts as tf.io.ModelArtifacts | null;
    if (!a?.weightSpecs || !a.weightData) throw new Error('tfjs did not produce weights');
    const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData];
    const bin = Buffer.concat(parts.map((p) => Buffer.from(p)));
    const json = {
      format: 'layers-model',
      generatedBy: `spinplan (TensorFlow.js ${tf.version_core})`,
      convertedBy: null,
      modelTopology: a.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      userDefinedMetadata: a.userDefinedMetadata,
    };
    await mkdir(folder, { recursive: true });
    const modelJson = path.join(folder, 'model.json');
    const weightsBin = path.join(folder, 'weights.bin');
    await writeFile(weightsBin, bin);
    await writeFile(modelJson, `${JSON.stringify(json)}\n`);
    return { modelJson, weightsBin };
  } finally {
    model.dispose();
  }
}
