import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { describeFsError } from '../files/design-file.js';
import { nonRegularKind, readRegularFile } from '../files/regular-file.js';
import { describeJsonFault } from '../model/json-syntax.js';
import { MAX_LAYER_WIDTH } from '../model/layer-widths.js';
import { UserError } from '../model/problems.js';
import type { Activation, LayerWeights, NetworkSpec, Weights } from './network.js';

/**
 * Reading weights files: spinplan JSON (weightsToJson) or a TensorFlow.js model.json and
 * its binary shards. They are paths the user gave, so, as for designs, only regular files
 * are opened (a FIFO or /dev/zero is refused before it is read), each kind under a size
 * limit checked before reading, and no message quotes the file: pointed at a file that is
 * not weights (a password file), the error says where and what kind of fault, not its bytes.
 *
 * Limits, per kind:
 * - spinplan JSON: 256 MB, the design file limit. weightsToJson writes a float32 weight as
 *   a decimal of about 22 characters, so 256 MB holds about 11 M weights, a hundred times
 *   the papers' 784-128-10 network; a text much longer could not even become one string
 *   (V8 strings end near 512 MB), and a plain read of it died with an internal error.
 * - tfjs model.json: 16 MB. It holds the topology and the manifest, about 100 bytes a
 *   tensor, not the weights.
 * - tfjs shards: 256 MB for all shards of one model.json together, float32 at 4 bytes a
 *   weight: 67 M weights, twice what the largest legal design can host (2^26 physical
 *   cells, two per weight with differential mapping).
 */
export const MAX_WEIGHTS_JSON_BYTES = 256 * 1024 * 1024;
export const MAX_MODEL_JSON_BYTES = 16 * 1024 * 1024;
export const MAX_WEIGHT_SHARDS_BYTES = 256 * 1024 * 1024;

const WEIGHTS_KINDS = 'a weights file is the JSON of spinplan train or finetune, or a tfjs model.json';

/** A weights file: spinplan JSON, or a tfjs model.json (or its folder). */
export async function loadWeightsFile(file: string, activation?: Activation): Promise<Weights> {
  const act = activation ?? { kind: 'sigmoid' };
  if (!file.endsWith('.json')) {
    // A tfjs model folder; anything else is named by its kind, never opened.
    const info = await stat(file).catch((e: unknown) => {
      throw new UserError(`cannot read the weights: ${describeFsError(file, e)}`);
    });
    if (!info.isDirectory())
      throw new UserError(
        `${file} is ${nonRegularKind(info) ?? 'a file without the .json extension'}, not weights: give a spinplan weights .json file or a tfjs model folder (with model.json)`,
      );
    return weightsFromTfjs(file, act);
  }
  const bytes = await readWeightsPart(file, 'a weights file', MAX_WEIGHTS_JSON_BYTES);
  const text = bytes.toString('utf8');
  if (text.includes('"weightsManifest"')) {
    if (bytes.length > MAX_MODEL_JSON_BYTES)
      throw new UserError(`${file} is ${bytes.length} bytes, over the limit of ${MAX_MODEL_JSON_BYTES} for a tfjs model.json`);
    return weightsFromModelJson(file, text, act);
  }
  return weightsFromJson(text, file);
}

/** Weights from the text of a spinplan JSON weights file; `what` names it in messages. */
export function weightsFromJson(text: string, what: string): Weights {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UserError(`${what} ${describeJsonFault(text, WEIGHTS_KINDS)}`);
  }
  if (!isRecord(raw) || raw.format !== 'spinplan-weights')
    throw new UserError(`${what}: not a spinplan weights file (format must be "spinplan-weights"); ${WEIGHTS_KINDS}`);
  const network = raw.network;
  if (!isRecord(network) || !Array.isArray(network.layers) || !Array.isArray(raw.layers))
    throw new UserError(`${what}: missing network or layers`);
  const widths = network.layers;
  if (widths.length < 2 || !widths.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_LAYER_WIDTH))
    throw new UserError(`${what}: network.layers must be at least two whole numbers 1..${MAX_LAYER_WIDTH}, like [784, 128, 10]`);
  const spec: NetworkSpec = { layers: widths as number[], activation: activationOf(network.activation, what) };
  if (raw.layers.length !== widths.length - 1)
    throw new UserError(`${what}: ${raw.layers.length} layers for a ${spec.layers.join('-')} network`);
  const layers = raw.layers.map((l: unknown, i): LayerWeights => {
    const inputs = spec.layers[i]!;
    const outputs = spec.layers[i + 1]!;
    if (!isRecord(l)) throw new UserError(`${what}: layers[${i}] must be an object with inputs, outputs, weights and bias`);
    if (!Number.isInteger(l.inputs) || !Number.isInteger(l.outputs))
      throw new UserError(`${what}: layers[${i}].inputs and .outputs must be whole numbers`);
    if (l.inputs !== inputs || l.outputs !== outputs)
      throw new UserError(
        `${what}: layer ${i} is ${String(l.inputs)}x${String(l.outputs)}, the network says ${inputs}x${outputs}`,
      );
    return {
      inputs,
      outputs,
      weights: numbers(l.weights, inputs * outputs, `${what}: layers[${i}].weights`),
      bias: numbers(l.bias, outputs, `${what}: layers[${i}].bias`),
    };
  });
  return { network: spec, layers };
}

/** A list of `count` finite numbers as float32; the message names the entry, not its text. */
function numbers(value: unknown, count: number, where: string): Float32Array {
  if (!Array.isArray(value) || value.length !== count) throw new UserError(`${where} must hold ${count} numbers`);
  const out = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const v: unknown = value[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`${where}[${k}] is not a finite number`);
    out[k] = v;
  }
  return out;
}

function activationOf(value: unknown, what: string): Activation {
  const kind = isRecord(value) ? value.kind : undefined;
  if (kind === 'sigmoid' || kind === 'relu') return { kind };
  if (kind === 'device' && isRecord(value)) {
    const c = value.coefficients;
    const inputMax = value.inputMax;
    if (Array.isArray(c) && c.length >= 1 && c.every((x) => typeof x === 'number' && Number.isFinite(x)))
      if (typeof inputMax === 'number' && Number.isFinite(inputMax) && inputMax > 0)
        return { kind, coefficients: c as number[], inputMax };
    throw new UserError(`${what}: network.activation of kind "device" needs coefficients (numbers) and inputMax (above 0)`);
  }
  throw new UserError(`${what}: network.activation.kind must be "sigmoid", "relu" or "device"`);
}

const MANIFEST = z.array(
  z.object({
    paths: z.array(z.string()),
    weights: z.array(
      z.object({
        name: z.string(),
        shape: z.array(
          z
            .number()
            .int()
            .min(0)
            .max(2 ** 31),
        ),
        dtype: z.string(),
      }),
    ),
  }),
);

/**
 * Weights from a tfjs LayersModel folder or model.json (dense layers in order: kernel
 * [inputs, outputs] then bias, float32). The activation is given by the caller.
 */
export async function weightsFromTfjs(modelJson: string, activation: Activation): Promise<Weights> {
  const file = modelJson.endsWith('.json') ? modelJson : path.join(modelJson, 'model.json');
  const text = (await readWeightsPart(file, 'a tfjs model.json', MAX_MODEL_JSON_BYTES)).toString('utf8');
  return weightsFromModelJson(file, text, activation);
}

async function weightsFromModelJson(file: string, text: string, activation: Activation): Promise<Weights> {
  let model: unknown;
  try {
    model = JSON.parse(text);
  } catch {
    throw new UserError(`${file} ${describeJsonFault(text, WEIGHTS_KINDS)}`);
  }
  if (!isRecord(model) || model.weightsManifest === undefined)
    throw new UserError(`${file}: no weightsManifest; is this a tfjs model.json?`);
  const manifest = MANIFEST.safeParse(model.weightsManifest);
  if (!manifest.success) {
    const issue = manifest.error.issues[0]!;
    throw new UserError(`${file}: weightsManifest.${issue.path.join('.')}: ${issue.message}`);
  }
  const folder = path.dirname(file);
  let budget = MAX_WEIGHT_SHARDS_BYTES;
  const tensors: { shape: number[]; data: Float32Array }[] = [];
  for (const [g, group] of manifest.data.entries()) {
    const buffers: Buffer[] = [];
    for (const [k, p] of group.paths.entries()) {
      const shard = path.resolve(folder, p);
      // tfjs names shards relative to model.json; a path out of its folder would read any file.
      const relative = path.relative(folder, shard);
      if (path.isAbsolute(p) || relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
        throw new UserError(
          `${file}: weightsManifest.${g}.paths.${k} is not a file in the model's folder; tfjs weight files sit beside model.json`,
        );
      const bytes = await readWeightsPart(
        shard,
        `a weight file of ${file} (its weight files hold ${MAX_WEIGHT_SHARDS_BYTES} bytes at most together)`,
        budget,
      );
      budget -= bytes.length;
      buffers.push(bytes);
    }
    const all = Buffer.concat(buffers);
    const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
    let at = 0;
    for (const [w, spec] of group.weights.entries()) {
      if (spec.dtype !== 'float32')
        throw new UserError(`${file}: weightsManifest.${g}.weights.${w} is not float32; only float32 weights are supported`);
      const n = spec.shape.reduce((a, b) => a * b, 1);
      if (at + 4 * n > all.length) throw new UserError(`${file}: weight files are shorter than the manifest says`);
      const data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(at + 4 * i, true);
      at += 4 * n;
      tensors.push({ shape: spec.shape, data });
    }
  }
  const layers: LayerWeights[] = [];
  for (let i = 0; i < tensors.length; i++) {
    const k = tensors[i]!;
    if (k.shape.length !== 2) continue;
    const b = tensors[i + 1];
    const [inputs, outputs] = k.shape as [number, number];
    const bias = b && b.shape.length === 1 && b.shape[0] === outputs ? b.data : new Float32Array(outputs);
    layers.push({ inputs, outputs, weights: k.data, bias });
  }
  if (layers.length === 0) throw new UserError(`${file}: no dense kernels found`);
  for (let i = 1; i < layers.length; i++) {
    if (layers[i]!.inputs !== layers[i - 1]!.outputs) throw new UserError(`${file}: dense layers ${i - 1} and ${i} do not chain`);
  }
  return { network: { layers: [layers[0]!.inputs, ...layers.map((l) => l.outputs)], activation }, layers };
}

/** A regular file's bytes under the limit; every refusal and file system error as a UserError naming the path. */
async function readWeightsPart(file: string, what: string, maxBytes: number): Promise<Buffer> {
  try {
    return await readRegularFile(file, { what, maxBytes });
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${what}: ${describeFsError(file, e)}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
