import { tf } from '../tf.js';
import { isMatrix, matrixLayers, type MatrixLayer, type Model, type ModelNode } from './model.js';

/**
 * A model's forward pass as batched TensorFlow.js ops on NHWC tensors. In software a
 * convolution is tf.conv2d; on the hardware path (a `product` hook) every matrix layer's
 * input is unrolled into patches (im2col into one typed-array matrix, one row per output
 * pixel, (ky, kx, ci) order as the matrix's rows) and the hook multiplies the patch
 * matrix as the arrays would. Either way the bias and every other operator run digitally.
 */
export interface Params {
  /** Per matrix node: its matrix (conv as a [kh, kw, cin, cout] filter, dense [inputs, outputs]) and bias. */
  get(name: string): { w: tf.Tensor; b: tf.Tensor1D } | undefined;
}

export interface ForwardHooks {
  /**
   * The matrix product of a layer's input on the hardware; returns (N patches) x cols,
   * without the bias. `unroll(t)` turns the layer's input `x`, or an elementwise function
   * of it (the DAC's codes: converting each input value once, not once per patch it is
   * in), into the patch matrix (N x rows; a dense layer's input as it is).
   */
  product?: (layer: MatrixLayer, x: tf.Tensor, unroll: (t: tf.Tensor) => tf.Tensor2D) => tf.Tensor2D;
  /** Each matrix layer's input as the layer reads it (before im2col), for the DAC ranges and the input statistics. */
  onInput?: (layer: MatrixLayer, x: tf.Tensor) => void;
  /**
   * Convolutions as depth-1 3-D convolutions, for training: the wasm backend has no
   * Conv2DBackpropFilter kernel but has the 3-D one (same values, differentiable there).
   */
  differentiable?: boolean;
}

/** The model's matrices as tensors (the caller disposes them with disposeParams). */
export function paramTensors(
  model: Model,
  override?: ReadonlyMap<string, Float32Array>,
): Map<string, { w: tf.Tensor; b: tf.Tensor1D }> {
  const out = new Map<string, { w: tf.Tensor; b: tf.Tensor1D }>();
  for (const n of model.nodes) {
    if (!isMatrix(n)) continue;
    const w = override?.get(n.name) ?? n.weights;
    out.set(n.name, {
      w:
        n.op === 'conv'
          ? tf.tensor4d(w, [n.kernel[0], n.kernel[1], n.inChannels, n.outChannels])
          : tf.tensor2d(w, [n.inputs, n.outputs]),
      b: tf.tensor1d(n.bias),
    });
  }
  return out;
}

export function disposeParams(params: Map<string, { w: tf.Tensor; b: tf.Tensor1D }>): void {
  for (const p of params.values()) {
    p.w.dispose();
    p.b.dispose();
  }
}

/** Images [start, start + count) as an NHWC float tensor, pixels scaled to [0, 1] and normalised by the model's mean and std. */
export function modelInput(
  model: Model,
  images: Uint8Array,
  indices: ArrayLike<number> | { start: number; count: number },
): tf.Tensor4D {
  const [h, w, c] = model.input.shape;
  const px = h * w * c;
  const count = 'start' in indices ? indices.count : indices.length;
  const f = new Float32Array(count * px);
  const mean = model.input.mean;
  const std = model.input.std;
  for (let k = 0; k < count; k++) {
    const base = ('start' in indices ? indices.start + k : indices[k]!) * px;
    for (let p = 0; p < px; p++) {
      const ch = p % c;
      f[k * px + p] = (images[base + p]! / 255 - (mean[ch] ?? 0)) / (std[ch] ?? 1);
    }
  }
  return tf.tensor4d(f, [count, h, w, c]);
}

/**
 * im2col: the patches of an NHWC input for a kh x kw kernel at the given stride (the input
 * already padded), as (N oh ow) x (kh kw c), row order (ky, kx, ci), copied into one
 * typed-array matrix: each patch row is kh runs of kw c contiguous input values. (Strided
 * slices and a concat in TensorFlow.js took 6 s for 2000 MNIST images on wasm; this, 0.1 s.)
 */
export function im2col(
  x: tf.Tensor4D,
  kernel: readonly [number, number],
  stride: readonly [number, number],
): { rows: tf.Tensor2D; oh: number; ow: number } {
  const [n, h, w, c] = x.shape;
  const [kh, kw] = kernel;
  const [sy, sx] = stride;
  const oh = Math.floor((h - kh) / sy) + 1;
  const ow = Math.floor((w - kw) / sx) + 1;
  const src = x.dataSync() as Float32Array;
  const k = kh * kw * c;
  const run = kw * c;
  const out = new Float32Array(n * oh * ow * k);
  let at = 0;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ky = 0; ky < kh; ky++) {
          const from = ((b * h + oy * sy + ky) * w + ox * sx) * c;
          out.set(src.subarray(from, from + run), at);
          at += run;
        }
  return { rows: tf.tensor2d(out, [n * oh * ow, k]), oh, ow };
}

function padded(x: tf.Tensor4D, pads: readonly [number, number, number, number], value = 0): tf.Tensor4D {
  if (pads.every((p) => p === 0)) return x;
  return tf.pad(
    x,
    [
      [0, 0],
      [pads[0], pads[2]],
      [pads[1], pads[3]],
      [0, 0],
    ],
    value,
  );
}

/**
 * Logits (or the output node's value) of a batch; call inside tf.tidy. Without a
 * `product` hook the matrix layers run in full precision on `params`.
 */
export function forward(
  model: Model,
  x: tf.Tensor4D,
  params: Params,
  hooks: ForwardHooks = {},
  layers = matrixLayers(model),
): tf.Tensor2D {
  const values = new Map<string, tf.Tensor>([[model.input.name, x]]);
  const byNode = new Map(layers.map((l) => [l.node.name, l]));
  const read = (name: string) => values.get(name)!;
  for (const n of model.nodes) values.set(n.name, apply(n, read, params, hooks, byNode));
  return read(model.output) as tf.Tensor2D;
}

function apply(
  n: ModelNode,
  read: (name: string) => tf.Tensor,
  params: Params,
  hooks: ForwardHooks,
  byNode: ReadonlyMap<string, MatrixLayer>,
): tf.Tensor {
  switch (n.op) {
    case 'conv': {
      const layer = byNode.get(n.name)!;
      const x = read(n.input) as tf.Tensor4D;
      hooks.onInput?.(layer, x);
      const p = params.get(n.name)!;
      const xp = padded(x, n.pads);
      if (hooks.differentiable) {
        const [b, h, w, c] = xp.shape;
        const f = tf.reshape(p.w, [1, n.kernel[0], n.kernel[1], n.inChannels, n.outChannels]) as tf.Tensor5D;
        const y = tf.conv3d(tf.reshape(xp, [b, 1, h, w, c]) as tf.Tensor5D, f, [1, n.stride[0], n.stride[1]], 'valid');
        return tf.add(tf.squeeze(y, [1]), p.b);
      }
      if (!hooks.product) return tf.add(tf.conv2d(xp, p.w as tf.Tensor4D, [n.stride[0], n.stride[1]], 'valid'), p.b);
      const [oh, ow] = [(xp.shape[1] - n.kernel[0]) / n.stride[0] + 1, (xp.shape[2] - n.kernel[1]) / n.stride[1] + 1].map(
        Math.floor,
      );
      const unroll = (t: tf.Tensor) => im2col(padded(t as tf.Tensor4D, n.pads), n.kernel, n.stride).rows;
      const y = hooks.product(layer, x, unroll);
      return tf.add(tf.reshape(y, [x.shape[0], oh!, ow!, n.outChannels]), p.b);
    }
    case 'dense': {
      const layer = byNode.get(n.name)!;
      const x = read(n.input) as tf.Tensor2D;
      hooks.onInput?.(layer, x);
      const p = params.get(n.name)!;
      return tf.add(hooks.product ? hooks.product(layer, x, (t) => t as tf.Tensor2D) : tf.matMul(x, p.w as tf.Tensor2D), p.b);
    }
    case 'maxpool':
      return tf.maxPool(
        padded(read(n.input) as tf.Tensor4D, n.pads, -3.4e38),
        [n.kernel[0], n.kernel[1]],
        [n.stride[0], n.stride[1]],
        'valid',
      );
    case 'avgpool':
      return tf.avgPool(read(n.input) as tf.Tensor4D, [n.kernel[0], n.kernel[1]], [n.stride[0], n.stride[1]], 'valid');
    case 'batchnorm':
      return tf.add(tf.mul(read(n.input), tf.tensor1d(n.scale)), tf.tensor1d(n.shift));
    case 'relu':
      return tf.relu(read(n.input));
    case 'sigmoid':
      return tf.sigmoid(read(n.input));
    case 'softmax':
      return tf.softmax(read(n.input) as tf.Tensor2D);
    case 'flatten': {
      // ONNX flattens channels first (NCHW): a dense layer imported after Flatten reads that order.
      const x = read(n.input);
      return x.rank === 4 ? tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [x.shape[0]!, -1]) : tf.reshape(x, [x.shape[0]!, -1]);
    }
    case 'add':
      return tf.add(read(n.inputs[0]), read(n.inputs[1]));
  }
}

/** Predictions and logits of `count` images in batches, in full precision (or with `override` matrices by node name). */
export function predictModel(
  model: Model,
  images: Uint8Array,
  count: number,
  options: { override?: ReadonlyMap<string, Float32Array>; batch?: number; hooks?: ForwardHooks } = {},
): { predictions: Uint8Array; logits: Float32Array } {
  const batch = options.batch ?? 500;
  const classes = model.classes;
  const predictions = new Uint8Array(count);
  const logits = new Float32Array(count * classes);
  const params = paramTensors(model, options.override);
  const layers = matrixLayers(model);
  try {
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const out = tf.tidy(() => forward(model, modelInput(model, images, { start, count: n }), params, options.hooks, layers));
      const data = out.dataSync();
      out.dispose();
      logits.set(data, start * classes);
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (data[r * classes + c]! > data[r * classes + best]!) best = c;
        predictions[start + r] = best;
      }
    }
  } finally {
    disposeParams(params);
  }
  return { predictions, logits };
}
