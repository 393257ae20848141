import { UserError } from '../../model/problems.js';

/**
 * A feed-forward model as a graph of operators in topological order: what `spinplan
 * train --arch cnn` trains, what an ONNX file is imported into (core/nn/onnx), and what
 * the layout and the hardware run. Feature maps are height x width x channels (HWC, as
 * TensorFlow.js keeps them); a vector is one dimension.
 *
 * Only `conv` and `dense` hold weight matrices, and only they are mapped onto arrays: a
 * convolution unrolled the standard way, its kernel height x width x input channels as
 * the matrix's rows (row index (ky * kw + kx) * cin + ci, the order of an im2col patch)
 * and its output channels as columns; a dense layer inputs x outputs. Every other
 * operator runs digitally (pooling, batch norm not folded into a matrix, residual adds,
 * activations, flatten, softmax) and reports say so.
 */
export type Shape = readonly number[];

export interface ConvNode {
  op: 'conv';
  name: string;
  input: string;
  kernel: readonly [number, number];
  stride: readonly [number, number];
  /** Zero padding: top, left, bottom, right. */
  pads: readonly [number, number, number, number];
  inChannels: number;
  outChannels: number;
  /** (kh * kw * inChannels) x outChannels, row-major, rows in patch order (ky, kx, ci). */
  weights: Float32Array;
  bias: Float32Array;
}

export interface DenseNode {
  op: 'dense';
  name: string;
  input: string;
  inputs: number;
  outputs: number;
  /** inputs x outputs, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface PoolNode {
  op: 'maxpool' | 'avgpool';
  name: string;
  input: string;
  kernel: readonly [number, number];
  stride: readonly [number, number];
  /** Max pooling pads with -infinity; average pooling takes no padding (see the ONNX import). */
  pads: readonly [number, number, number, number];
}

/** A batch norm left digital (one that follows no conv or dense layer it could fold into): y = x scale + shift per channel. */
export interface BatchNormNode {
  op: 'batchnorm';
  name: string;
  input: string;
  scale: Float32Array;
  shift: Float32Array;
}

export type ModelNode =
  | ConvNode
  | DenseNode
  | PoolNode
  | BatchNormNode
  | { op: 'relu' | 'sigmoid' | 'softmax' | 'flatten'; name: string; input: string }
  | { op: 'add'; name: string; inputs: readonly [string, string] };

export type MatrixNode = ConvNode | DenseNode;

export interface Model {
  name: string;
  /** The input's name and shape (height, width, channels); pixels are scaled to [0, 1], then (x - mean[c]) / std[c]. */
  input: { name: string; shape: readonly [number, number, number]; mean: readonly number[]; std: readonly number[] };
  nodes: ModelNode[];
  /** The node whose value is the logits (or the softmax of them; argmax is the same). */
  output: string;
  classes: number;
}

/** The names a node reads. */
export function nodeInputs(n: ModelNode): readonly string[] {
  return n.op === 'add' ? n.inputs : [n.input];
}

export function isMatrix(n: ModelNode): n is MatrixNode {
  return n.op === 'conv' || n.op === 'dense';
}

/** A mappable layer: its place among the matrix layers is the design's tile layer index. */
export interface MatrixLayer {
  /** Index among the model's conv and dense nodes, in graph order: the `layer` of a tile. */
  layer: number;
  node: MatrixNode;
  /** Matrix rows (kh kw cin, or inputs) and columns (output channels, or outputs). */
  rows: number;
  cols: number;
  /** How many times one inference reads the matrix: output height x width for a conv, 1 for dense. */
  patches: number;
}

export function matrixLayers(model: Model): MatrixLayer[] {
  const shapes = inferShapes(model);
  return model.nodes.filter(isMatrix).map((node, layer) => {
    const out = shapes.get(node.name)!;
    return node.op === 'conv'
      ? {
          layer,
          node,
          rows: node.kernel[0] * node.kernel[1] * node.inChannels,
          cols: node.outChannels,
          patches: out[0]! * out[1]!,
        }
      : { layer, node, rows: node.inputs, cols: node.outputs, patches: 1 };
  });
}

function poolOut(size: number, k: number, s: number, padA: number, padB: number): number {
  return Math.floor((size + padA + padB - k) / s) + 1;
}

/**
 * Every node's output shape, checking that each operator fits its input: a UserError
 * names the node, what it expected and what it got.
 */
export function inferShapes(model: Model): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[model.input.name, model.input.shape]]);
  for (const n of model.nodes) {
    if (shapes.has(n.name)) throw new UserError(`two nodes produce ${n.name}; every value needs its own name`);
    shapes.set(n.name, outputShape(n, shapes));
  }
  const last = shapes.get(model.output);
  if (!last) throw new UserError(`the model's output ${model.output} is produced by no node`);
  if (last.length !== 1 || last[0] !== model.classes)
    throw new UserError(`the model's output ${model.output} has shape [${last.join(', ')}], expected ${model.classes} classes`);
  return shapes;
}

/** One node's output shape from its inputs' (a UserError when it does not fit them). */
export function outputShape(n: ModelNode, shapes: ReadonlyMap<string, Shape>): Shape {
  const get = (node: ModelNode, name: string): Shape => {
    const s = shapes.get(name);
    if (!s) throw new UserError(`${node.op} node ${node.name} reads ${name}, which no earlier node produces`);
    return s;
  };
  let out: Shape;
  switch (n.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      const s = get(n, n.input);
      if (s.length !== 3)
        throw new UserError(`${n.op} node ${n.name} needs a feature map (height, width, channels), got shape [${s.join(', ')}]`);
      const [h, w, c] = s as [number, number, number];
      const [kh, kw] = n.kernel;
      const [sy, sx] = n.stride;
      const oh = poolOut(h, kh, sy, n.pads[0], n.pads[2]);
      const ow = poolOut(w, kw, sx, n.pads[1], n.pads[3]);
      if (!(oh >= 1 && ow >= 1))
        throw new UserError(`${n.op} node ${n.name}: a ${kh}x${kw} kernel does not fit its ${h}x${w} input`);
      if (n.op === 'conv') {
        if (c !== n.inChannels)
          throw new UserError(`conv node ${n.name} expects ${n.inChannels} input channels, its input ${n.input} has ${c}`);
        if (n.weights.length !== kh * kw * n.inChannels * n.outChannels || n.bias.length !== n.outChannels)
          throw new UserError(
            `conv node ${n.name}: weights or bias of the wrong size for ${kh}x${kw}x${n.inChannels} -> ${n.outChannels}`,
          );
        out = [oh, ow, n.outChannels];
      } else out = [oh, ow, c];
      break;
    }
    case 'dense': {
      const s = get(n, n.input);
      if (s.length !== 1 || s[0] !== n.inputs)
        throw new UserError(
          `dense node ${n.name} expects a vector of ${n.inputs}, its input ${n.input} has shape [${s.join(', ')}]`,
        );
      if (n.weights.length !== n.inputs * n.outputs || n.bias.length !== n.outputs)
        throw new UserError(`dense node ${n.name}: weights or bias of the wrong size for ${n.inputs} -> ${n.outputs}`);
      out = [n.outputs];
      break;
    }
    case 'batchnorm': {
      const s = get(n, n.input);
      const c = s[s.length - 1]!;
      if (n.scale.length !== c || n.shift.length !== c)
        throw new UserError(`batchnorm node ${n.name} has ${n.scale.length} channels, its input ${n.input} has ${c}`);
      out = s;
      break;
    }
    case 'flatten':
      out = [get(n, n.input).reduce((a, b) => a * b, 1)];
      break;
    case 'add': {
      const a = get(n, n.inputs[0]);
      const b = get(n, n.inputs[1]);
      if (a.join() !== b.join())
        throw new UserError(`add node ${n.name} adds shapes [${a.join(', ')}] and [${b.join(', ')}]; they must be equal`);
      out = a;
      break;
    }
    default:
      out = get(n, n.input);
  }
  return out;
}

/** A one-line description: `conv3x3x1->8 relu maxpool2 conv3x3x8->16 ... dense784->10`. */
export function describeModel(model: Model): string {
  return model.nodes
    .map((n) => {
      switch (n.op) {
        case 'conv':
          return `conv${n.kernel[0]}x${n.kernel[1]}x${n.inChannels}->${n.outChannels}${n.stride[0] > 1 ? `/${n.stride[0]}` : ''}`;
        case 'dense':
          return `dense${n.inputs}->${n.outputs}`;
        case 'maxpool':
        case 'avgpool':
          return `${n.op}${n.kernel[0]}`;
        default:
          return n.op;
      }
    })
    .join(' ');
}

/** Which operators run digitally, with their count: `relu x3, maxpool x2, flatten x1`. */
export function digitalOperators(model: Model): string {
  const counts = new Map<string, number>();
  for (const n of model.nodes) if (!isMatrix(n)) counts.set(n.op, (counts.get(n.op) ?? 0) + 1);
  return [...counts].map(([op, c]) => `${op} x${c}`).join(', ');
}
