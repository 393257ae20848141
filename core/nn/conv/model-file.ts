import { z } from 'zod';
import { describeFsError } from '../../files/design-file.js';
import { readRegularFile } from '../../files/regular-file.js';
import { describeJsonFault } from '../../model/json-syntax.js';
import { UserError } from '../../model/problems.js';
import type { Weights } from '../network.js';
import { MAX_WEIGHTS_JSON_BYTES, weightsFromJson } from '../weights-file.js';
import { inferShapes, type Model, type ModelNode } from './model.js';

/**
 * Model files: the spinplan model JSON (format "spinplan-model", what train --arch cnn
 * writes), a spinplan weights JSON of a dense network (read as dense and activation
 * nodes), or an ONNX file (core/nn/onnx, by the .onnx extension). Every boundary is
 * checked by zod and then by shape inference, so a wrong file is named with the field.
 */
export const MODEL_FORMAT = 'spinplan-model';
/** An ONNX file's limit: the largest design hosts 2^26 physical cells, 2^25 float32 weights differential = 128 MB; twice that. */
export const MAX_ONNX_BYTES = 256 * 1024 * 1024;

const count = z.number().int().min(1).max(1_000_000);
const pair = z.tuple([count, count]);
const pads = z.tuple([
  z.number().int().min(0).max(1000),
  z.number().int().min(0).max(1000),
  z.number().int().min(0).max(1000),
  z.number().int().min(0).max(1000),
]);
const floats = z.array(z.number().finite());
const name = z.string().min(1).max(200);

const NodeSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('conv'),
      name,
      input: name,
      kernel: pair,
      stride: pair,
      pads,
      inChannels: count,
      outChannels: count,
      weights: floats,
      bias: floats,
    })
    .strict(),
  z.object({ op: z.literal('dense'), name, input: name, inputs: count, outputs: count, weights: floats, bias: floats }).strict(),
  z.object({ op: z.enum(['maxpool', 'avgpool']), name, input: name, kernel: pair, stride: pair, pads }).strict(),
  z.object({ op: z.literal('batchnorm'), name, input: name, scale: floats, shift: floats }).strict(),
  z.object({ op: z.enum(['relu', 'sigmoid', 'softmax', 'flatten']), name, input: name }).strict(),
  z.object({ op: z.literal('add'), name, inputs: z.tuple([name, name]) }).strict(),
]);

const ModelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(1),
    name,
    input: z
      .object({
        name,
        shape: z.tuple([count, count, count]),
        mean: z.array(z.number().finite()),
        std: z.array(z.number().positive()),
      })
      .strict(),
    nodes: z.array(NodeSchema).min(1).max(10_000),
    output: name,
    classes: count,
  })
  .passthrough();

/** The model as JSON (weights as plain numbers), with extra fields (the training's record) beside it. */
export function modelToJson(model: Model, meta: Record<string, unknown> = {}): string {
  const nodes = model.nodes.map((n) => {
    const o: Record<string, unknown> = { ...n };
    for (const [k, v] of Object.entries(o)) if (v instanceof Float32Array) o[k] = Array.from(v);
    return o;
  });
  return JSON.stringify({ format: MODEL_FORMAT, version: 1, ...meta, ...model, nodes });
}

/** A model from the text of a spinplan model JSON; `what` names the file in messages. */
export function modelFromJson(text: string, what: string): Model {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(
      `${what} ${describeJsonFault(text, 'a model file is the JSON of spinplan train --arch cnn, a spinplan weights file, or an .onnx file')}`,
    );
  }
  if (typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === 'spinplan-weights') {
    // A dense network's inputs are a square grey image (784 = 28 x 28, as MNIST's).
    const w = weightsFromJson(text, what);
    const side = Math.round(Math.sqrt(w.layers[0]!.inputs));
    return modelFromWeights(w, side, side);
  }
  const parsed = ModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${what}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const p = parsed.data;
  const f = (a: number[]) => Float32Array.from(a);
  const nodes = p.nodes.map((n): ModelNode => {
    switch (n.op) {
      case 'conv':
      case 'dense':
        return { ...n, weights: f(n.weights), bias: f(n.bias) };
      case 'batchnorm':
        return { ...n, scale: f(n.scale), shift: f(n.shift) };
      default:
        return n;
    }
  });
  const model: Model = { name: p.name, input: p.input, nodes, output: p.output, classes: p.classes };
  inferShapes(model);
  return model;
}

/**
 * A dense network as a model: its input a height x width grey image (flattened), each
 * layer a dense node and the hidden activation after it. A device activation is not an
 * operator of the model graph and is refused.
 */
export function modelFromWeights(w: Weights, height: number, width: number): Model {
  const act = w.network.activation.kind;
  if (act === 'device')
    throw new UserError('a dense network with a device activation cannot be read as a model; use --weights with evaluate');
  if (height * width !== w.layers[0]!.inputs)
    throw new UserError(`the network's ${w.layers[0]!.inputs} inputs are not a ${height}x${width} image`);
  const nodes: ModelNode[] = [{ op: 'flatten', name: 'flat', input: 'image' }];
  let last = 'flat';
  w.layers.forEach((l, i) => {
    nodes.push({
      op: 'dense',
      name: `dense${i}`,
      input: last,
      inputs: l.inputs,
      outputs: l.outputs,
      weights: l.weights,
      bias: l.bias,
    });
    last = `dense${i}`;
    if (i < w.layers.length - 1) {
      nodes.push({ op: act, name: `${act}${i}`, input: last });
      last = `${act}${i}`;
    }
  });
  return {
    name: 'dense',
    input: { name: 'image', shape: [height, width, 1], mean: [0], std: [1] },
    nodes,
    output: last,
    classes: w.layers[w.layers.length - 1]!.outputs,
  };
}

/**
 * Whether a file is a model for the conv pipeline rather than dense weights: an .onnx
 * file, or a JSON file whose format is "spinplan-model" (looked for in its first 4 kB,
 * where modelToJson writes it).
 */
export async function isModelFile(file: string): Promise<boolean> {
  if (file.toLowerCase().endsWith('.onnx')) return true;
  const { open, stat } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  try {
    // A FIFO or a device is never opened (it could block); the weights reader refuses it by name.
    if (!(await stat(file)).isFile()) return false;
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return /"format"\s*:\s*"spinplan-model"/.test(head.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    // Unreadable: the weights reader names the fault.
    return false;
  }
}

/** A model file by its extension: .onnx through the ONNX import, else JSON. */
export async function loadModelFile(
  file: string,
  options: { mean?: number[]; std?: number[] } = {},
): Promise<{ model: Model; notes: string[] }> {
  if (file.toLowerCase().endsWith('.onnx')) {
    const bytes = await readPart(file, 'an ONNX model', MAX_ONNX_BYTES);
    const { importOnnx } = await import('../onnx/import.js');
    return importOnnx(bytes, file, options);
  }
  const text = (await readPart(file, 'a model file', MAX_WEIGHTS_JSON_BYTES)).toString('utf8');
  return { model: modelFromJson(text, file), notes: [] };
}

async function readPart(file: string, what: string, maxBytes: number): Promise<Buffer> {
  try {
    return await readRegularFile(file, { what, maxBytes });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read the model: ${describeFsError(file, e)}`);
  }
}
