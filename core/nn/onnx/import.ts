import onnxProto from 'onnx-proto';
import { UserError } from '../../model/problems.js';
import { outputShape, type Model, type ModelNode, type Shape } from '../conv/model.js';
import { attributes, initializerTable, longToNumber, type Attributes, type Initializer } from './tensors.js';

const { onnx } = onnxProto;

/**
 * ONNX models (what PyTorch and TensorFlow export) as a spinplan Model, read with the
 * maintained `onnx-proto` package (the ONNX protobuf schema compiled by protobufjs), no
 * parser of our own. Operators: Conv, Gemm, MatMul (with its bias Add), Relu, Sigmoid,
 * MaxPool, AveragePool, GlobalAveragePool, BatchNormalization, Add, Flatten (and Reshape
 * to [N, -1]), Softmax, and Identity/Dropout (no-ops at inference). Anything else is
 * refused naming the operator, the node's place and name, and what it reads. ONNX is
 * NCHW; the model is HWC, so every conv weight [cout, cin, kh, kw] is reordered into the
 * patch order of its unrolled matrix, and Flatten keeps ONNX's channel-first order (see
 * forward.ts), so a Gemm after it reads its weights unchanged.
 */
export const ONNX_OPERATORS = [
  'Conv',
  'Gemm',
  'MatMul',
  'Relu',
  'Sigmoid',
  'MaxPool',
  'AveragePool',
  'GlobalAveragePool',
  'BatchNormalization',
  'Add',
  'Flatten',
  'Reshape',
  'Softmax',
  'Identity',
  'Dropout',
] as const;

type OnnxNode = onnxProto.onnx.INodeProto;

interface Context {
  file: string;
  init: Map<string, Initializer>;
  nodes: ModelNode[];
  shapes: Map<string, Shape>;
  /** ONNX value names that are another value under a new name (Identity, Dropout, a folded bias Add). */
  alias: Map<string, string>;
  notes: string[];
}

export function importOnnx(
  bytes: Uint8Array,
  file: string,
  options: { mean?: number[]; std?: number[] } = {},
): { model: Model; notes: string[] } {
  let proto: InstanceType<typeof onnx.ModelProto>;
  try {
    proto = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new UserError(
      `${file}: not an ONNX model (${(e as Error).message}); give a .onnx file exported by PyTorch, TensorFlow or onnx`,
    );
  }
  const graph = proto.graph;
  const graphNodes = graph?.node ?? [];
  if (!graph || graphNodes.length === 0) throw new UserError(`${file}: the ONNX model has no graph nodes`);
  for (const o of proto.opsetImport)
    if (o.domain && o.domain !== 'ai.onnx')
      throw new UserError(`${file}: operator set "${o.domain}" is not supported, only the standard ONNX operators`);
  const init = initializerTable(graph.initializer ?? [], file);
  const inputs = (graph.input ?? []).filter((i) => !init.has(i.name ?? ''));
  if (inputs.length !== 1)
    throw new UserError(
      `${file}: the graph has ${inputs.length} data inputs (${inputs.map((i) => i.name).join(', ')}); one image input is supported`,
    );
  const input = { name: inputs[0]!.name ?? 'input', type: inputs[0]!.type };
  const dims = (input.type?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue !== undefined && d.dimValue !== null ? longToNumber(d.dimValue) : 0,
  );
  const ctx: Context = { file, init, nodes: [], shapes: new Map(), alias: new Map(), notes: [] };
  let shape: readonly [number, number, number];
  if (dims.length === 4 && dims.slice(1).every((d) => d > 0)) shape = [dims[2]!, dims[3]!, dims[1]!];
  else if (dims.length === 2 && dims[1]! > 0) {
    // A flat input (an MLP): a square grey image or a square colour one, flattened channels first.
    const f = dims[1]!;
    const grey = Math.round(Math.sqrt(f));
    const colour = Math.round(Math.sqrt(f / 3));
    if (grey * grey === f) shape = [grey, grey, 1];
    else if (3 * colour * colour === f) shape = [colour, colour, 3];
    else throw new UserError(`${file}: input ${input.name} has ${f} values, not a square grey or colour image`);
  } else
    throw new UserError(
      `${file}: input ${input.name} has shape [${dims.join(', ')}]; expected [N, C, H, W] with C, H, W fixed (or [N, F])`,
    );
  const channels = shape[2];
  const mean = options.mean ?? [0];
  const std = options.std ?? [1];
  for (const [what, v] of [
    ['mean', mean],
    ['std', std],
  ] as const)
    if (v.length !== 1 && v.length !== channels)
      throw new UserError(`--input-${what} has ${v.length} values; give 1 or one per channel (${channels})`);
  const perChannel = (v: readonly number[]) => Array.from({ length: channels }, (_, c) => v[v.length === 1 ? 0 : c]!);
  ctx.shapes.set(input.name, shape);
  if (dims.length === 2) push(ctx, { op: 'flatten', name: `${input.name}:flat`, input: input.name }, input.name);

  graphNodes.forEach((node, index) => convert(ctx, node, index));
  const outputName = graph.output?.[0]?.name;
  if (!outputName) throw new UserError(`${file}: the graph names no output`);
  const output = resolve(ctx, outputName);
  const out = ctx.shapes.get(output);
  if (!out || out.length !== 1)
    throw new UserError(`${file}: the output ${outputName} has shape [${out?.join(', ')}]; expected one score per class`);
  const model: Model = {
    name: graph.name || 'onnx',
    input: { name: input.name, shape, mean: perChannel(mean), std: perChannel(std) },
    nodes: ctx.nodes,
    output,
    classes: out[0]!,
  };
  return { model, notes: ctx.notes };
}

function resolve(ctx: Context, name: string): string {
  let n = name;
  while (ctx.alias.has(n)) n = ctx.alias.get(n)!;
  return n;
}

function push(ctx: Context, node: ModelNode, onnxOutput: string): void {
  ctx.shapes.set(node.name, outputShape(node, ctx.shapes));
  ctx.nodes.push(node);
  if (onnxOutput !== node.name) ctx.alias.set(onnxOutput, node.name);
}

function place(node: OnnxNode, index: number): string {
  return `node ${index}${node.name ? ` "${node.name}"` : ''} (${node.opType}, reading ${(node.input ?? []).filter((i) => i).join(', ') || 'nothing'})`;
}

function convert(ctx: Context, node: OnnxNode, index: number): void {
  const where = `${ctx.file}: ${place(node, index)}`;
  const a = attributes(node.attribute ?? []);
  const inputs = node.input ?? [];
  const out = node.output?.[0];
  if (!out) throw new UserError(`${where}: has no output`);
  const data = (k: number) => {
    const name = inputs[k];
    if (!name) throw new UserError(`${where}: input ${k} is missing`);
    if (ctx.init.has(name)) throw new UserError(`${where}: input ${k} (${name}) is a constant; a data input is expected`);
    const r = resolve(ctx, name);
    if (!ctx.shapes.has(r)) throw new UserError(`${where}: reads ${name}, which no earlier node produces`);
    return r;
  };
  const weight = (k: number, what: string): Initializer | null => {
    const name = inputs[k];
    if (!name) return null;
    const t = ctx.init.get(name);
    if (!t)
      throw new UserError(
        `${where}: its ${what} (${name}) is computed in the graph; only constant (initializer) ${what}s are supported`,
      );
    return t;
  };
  const name = out;
  switch (node.opType) {
    case 'Conv':
      return push(ctx, convNode(where, out, a, data(0), weight(1, 'weight')!, weight(2, 'bias'), ctx.shapes), out);
    case 'Gemm':
      return push(ctx, gemmNode(where, a, data(0), name, weight(1, 'weight')!, weight(2, 'bias')), out);
    case 'MatMul': {
      const w = weight(1, 'weight')!;
      if (w.dims.length !== 2)
        throw new UserError(`${where}: the weight has shape [${w.dims.join(', ')}], expected [inputs, outputs]`);
      const [k, n] = w.dims as [number, number];
      return push(
        ctx,
        {
          op: 'dense',
          name,
          input: data(0),
          inputs: k,
          outputs: n,
          weights: Float32Array.from(w.data),
          bias: new Float32Array(n),
        },
        out,
      );
    }
    case 'Add':
      return addNode(ctx, where, inputs, out);
    case 'Relu':
      return push(ctx, { op: 'relu', name, input: data(0) }, out);
    case 'Sigmoid':
      return push(ctx, { op: 'sigmoid', name, input: data(0) }, out);
    case 'Softmax': {
      const rank = ctx.shapes.get(data(0))!.length;
      const axis = a.int('axis', -1);
      if (rank !== 1 || (axis !== -1 && axis !== 1))
        throw new UserError(`${where}: Softmax over axis ${axis} of a ${rank + 1}-D value; only over the classes of [N, K]`);
      return push(ctx, { op: 'softmax', name, input: data(0) }, out);
    }
    case 'Flatten': {
      const axis = a.int('axis', 1);
      if (axis !== 1) throw new UserError(`${where}: Flatten with axis ${axis}; only axis 1 (keep the batch) is supported`);
      return push(ctx, { op: 'flatten', name, input: data(0) }, out);
    }
    case 'Reshape': {
      const target = weight(1, 'shape');
      const s = target ? Array.from(target.data) : [];
      if (s.length !== 2 || !(s[1] === -1 || s[1] === ctx.shapes.get(data(0))!.reduce((x, y) => x * y, 1)))
        throw new UserError(`${where}: Reshape to [${s.join(', ')}]; only a flatten to [N, -1] is supported`);
      return push(ctx, { op: 'flatten', name, input: data(0) }, out);
    }
    case 'MaxPool':
    case 'AveragePool':
      return push(ctx, poolNode(where, node.opType, a, data(0), name, ctx.shapes), out);
    case 'GlobalAveragePool': {
      const s = ctx.shapes.get(data(0))!;
      if (s.length !== 3) throw new UserError(`${where}: needs a feature map`);
      return push(ctx, { op: 'avgpool', name, input: data(0), kernel: [s[0]!, s[1]!], stride: [1, 1], pads: [0, 0, 0, 0] }, out);
    }
    case 'BatchNormalization': {
      const [scale, bias, mean, variance] = [1, 2, 3, 4].map((k) => weight(k, 'batch norm parameter')!);
      const eps = a.float('epsilon', 1e-5);
      const c = scale!.data.length;
      const s = new Float32Array(c);
      const t = new Float32Array(c);
      for (let i = 0; i < c; i++) {
        s[i] = scale!.data[i]! / Math.sqrt(variance!.data[i]! + eps);
        t[i] = bias!.data[i]! - mean!.data[i]! * s[i]!;
      }
      return push(ctx, { op: 'batchnorm', name, input: data(0), scale: s, shift: t }, out);
    }
    case 'Identity':
    case 'Dropout':
      ctx.alias.set(out, data(0));
      return;
    default:
      throw new UserError(`${where}: operator ${node.opType} is not supported; spinplan imports ${ONNX_OPERATORS.join(', ')}`);
  }
}

/** Explicit pads [top, left, bottom, right] from ONNX's pads or auto_pad (SAME_UPPER puts the extra one at the end). */
function padsOf(
  where: string,
  a: Attributes,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  inShape: Shape,
): [number, number, number, number] {
  const auto = a.string('auto_pad', 'NOTSET');
  if (auto === 'NOTSET') {
    const p = a.ints('pads', [0, 0, 0, 0]);
    if (p.length !== 4) throw new UserError(`${where}: pads ${JSON.stringify(p)} is not [top, left, bottom, right]`);
    return [p[0]!, p[1]!, p[2]!, p[3]!];
  }
  if (auto === 'VALID') return [0, 0, 0, 0];
  if (auto !== 'SAME_UPPER' && auto !== 'SAME_LOWER') throw new UserError(`${where}: auto_pad ${auto} is not known`);
  const total = [0, 1].map((d) => Math.max(0, (Math.ceil(inShape[d]! / stride[d]!) - 1) * stride[d]! + kernel[d]! - inShape[d]!));
  const small = total.map((t) => Math.floor(t / 2));
  const big = total.map((t, d) => t - small[d]!);
  return auto === 'SAME_UPPER' ? [small[0]!, small[1]!, big[0]!, big[1]!] : [big[0]!, big[1]!, small[0]!, small[1]!];
}

function convNode(
  where: string,
  name: string,
  a: Attributes,
  input: string,
  w: Initializer,
  b: Initializer | null,
  shapes: ReadonlyMap<string, Shape>,
): ModelNode {
  if (w.dims.length !== 4)
    throw new UserError(`${where}: a ${w.dims.length}-D weight; only 2-D convolutions ([cout, cin, kh, kw]) are supported`);
  const group = a.int('group', 1);
  if (group !== 1)
    throw new UserError(`${where}: group ${group} (grouped or depthwise convolution) is not supported; only group 1`);
  const dil = a.ints('dilations', [1, 1]);
  if (dil.some((d) => d !== 1)) throw new UserError(`${where}: dilations [${dil.join(', ')}] are not supported; only 1`);
  const [cout, cin, kh, kw] = w.dims as [number, number, number, number];
  const stride = a.ints('strides', [1, 1]) as unknown as [number, number];
  const kernel: [number, number] = [kh, kw];
  const weights = new Float32Array(kh * kw * cin * cout);
  // [cout, cin, ky, kx] -> row (ky * kw + kx) * cin + ci, column co.
  for (let co = 0; co < cout; co++)
    for (let ci = 0; ci < cin; ci++)
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++)
          weights[((ky * kw + kx) * cin + ci) * cout + co] = w.data[((co * cin + ci) * kh + ky) * kw + kx]!;
  return {
    op: 'conv',
    name,
    input,
    kernel,
    stride: [stride[0]!, stride[1]!],
    pads: padsOf(where, a, kernel, stride, shapes.get(input)!),
    inChannels: cin,
    outChannels: cout,
    weights,
    bias: b ? Float32Array.from(b.data) : new Float32Array(cout),
  };
}

function gemmNode(where: string, a: Attributes, input: string, name: string, w: Initializer, c: Initializer | null): ModelNode {
  if (a.int('transA', 0) !== 0) throw new UserError(`${where}: transA 1 is not supported`);
  if (w.dims.length !== 2) throw new UserError(`${where}: the weight has shape [${w.dims.join(', ')}], expected 2-D`);
  const transB = a.int('transB', 0) === 1;
  const alpha = a.float('alpha', 1);
  const beta = a.float('beta', 1);
  const [inputs, outputs] = (transB ? [w.dims[1], w.dims[0]] : w.dims) as [number, number];
  const weights = new Float32Array(inputs * outputs);
  for (let i = 0; i < inputs; i++)
    for (let o = 0; o < outputs; o++) weights[i * outputs + o] = alpha * w.data[transB ? o * inputs + i : i * outputs + o]!;
  const bias = new Float32Array(outputs);
  if (c) {
    if (c.data.length !== outputs && c.data.length !== 1)
      throw new UserError(`${where}: the bias has ${c.data.length} values for ${outputs} outputs`);
    for (let o = 0; o < outputs; o++) bias[o] = beta * c.data[c.data.length === 1 ? 0 : o]!;
  }
  return { op: 'dense', name, input, inputs, outputs, weights, bias };
}

function poolNode(
  where: string,
  op: 'MaxPool' | 'AveragePool',
  a: Attributes,
  input: string,
  name: string,
  shapes: ReadonlyMap<string, Shape>,
): ModelNode {
  const k = a.ints('kernel_shape', []);
  if (k.length !== 2) throw new UserError(`${where}: kernel_shape [${k.join(', ')}]; only 2-D pooling is supported`);
  if (a.int('ceil_mode', 0) !== 0) throw new UserError(`${where}: ceil_mode 1 is not supported`);
  if (a.ints('dilations', [1, 1]).some((d) => d !== 1)) throw new UserError(`${where}: dilated pooling is not supported`);
  const kernel: [number, number] = [k[0]!, k[1]!];
  const s = a.ints('strides', [1, 1]);
  const stride: [number, number] = [s[0]!, s[1]!];
  const pads = padsOf(where, a, kernel, stride, shapes.get(input)!);
  if (op === 'AveragePool' && pads.some((p) => p !== 0))
    throw new UserError(
      `${where}: AveragePool with padding is not supported (the averages at the border depend on count_include_pad)`,
    );
  return { op: op === 'MaxPool' ? 'maxpool' : 'avgpool', name, input, kernel, stride, pads };
}

/** Add of two values (a residual), or of a constant bias right after a MatMul (folded into it). */
function addNode(ctx: Context, where: string, inputs: readonly string[], out: string): void {
  const [x, y] = [inputs[0] ?? '', inputs[1] ?? ''];
  const constant = ctx.init.has(x) ? x : ctx.init.has(y) ? y : null;
  if (!constant) {
    const [p, q] = [resolve(ctx, x), resolve(ctx, y)];
    for (const v of [p, q]) if (!ctx.shapes.has(v)) throw new UserError(`${where}: reads ${v}, which no earlier node produces`);
    return push(ctx, { op: 'add', name: out, inputs: [p, q] }, out);
  }
  const source = resolve(ctx, constant === x ? y : x);
  const last = ctx.nodes[ctx.nodes.length - 1];
  const bias = ctx.init.get(constant)!.data;
  if (!last || last.name !== source || (last.op !== 'dense' && last.op !== 'conv'))
    throw new UserError(
      `${where}: adds a constant to a value that is not a MatMul, Gemm or Conv output; only a layer's bias can be a constant`,
    );
  const cols = last.op === 'dense' ? last.outputs : last.outChannels;
  if (bias.length !== cols && bias.length !== 1)
    throw new UserError(`${where}: a bias of ${bias.length} values for ${cols} outputs`);
  const b = Float32Array.from(last.bias);
  for (let o = 0; o < cols; o++) b[o]! += bias[bias.length === 1 ? 0 : o]!;
  ctx.nodes[ctx.nodes.length - 1] = { ...last, bias: b };
  ctx.alias.set(out, last.name);
  ctx.notes.push(`${where.slice(ctx.file.length + 2)}: the constant added to ${source} is its bias, folded into it`);
}
