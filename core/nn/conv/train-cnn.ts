import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { readRegularText } from '../../files/regular-file.js';
import type { JobEvents } from '../../jobs/job.js';
import { Random } from '../../math/random.js';
import { UserError } from '../../model/problems.js';
import { cacheDir, stableHash } from '../cache.js';
import { imageBytes, loadDataset, subset, type Dataset, type DatasetSource } from '../datasets.js';
import { initTf, tf } from '../tf.js';
import type { EpochRecord, Recipe } from '../train.js';
import { batchLabels, epochAccuracies, trainEpochs } from '../train-epochs.js';
import { MAX_WEIGHTS_JSON_BYTES } from '../weights-file.js';
import { forward, modelInput, predictModel } from './forward.js';
import { isMatrix, type Model, type ModelNode } from './model.js';
import { modelFromJson, modelToJson } from './model-file.js';

/**
 * The small CNN of the examples and tests (`spinplan train --arch cnn`): two 3x3 'same'
 * convolutions (8 and 16 channels), each followed by ReLU and 2x2 max pooling, then one
 * dense layer to the classes. On MNIST: 9 x 8, 72 x 16 and 784 x 10 matrices, so each
 * convolution fits one 128 x 128 array. Trained in full precision with Adam on the
 * softmax cross-entropy, He-uniform initialisation and shuffles seeded from core/math/random.
 */
export const CNN_CHANNELS = [8, 16] as const;
export const CNN_RECIPE: Recipe = { epochs: 6, batchSize: 64, learningRate: 2e-3, seed: 1 };

export function smallCnn(shape: readonly [number, number, number], classes: number, seed: number): Model {
  const rng = Random.derive(seed, 'cnn-init');
  const he = (fanIn: number, n: number) => {
    const limit = Math.sqrt(6 / fanIn);
    return Float32Array.from({ length: n }, () => (2 * rng.uniform() - 1) * limit);
  };
  const [h, w, c] = shape;
  if (h % 4 !== 0 || w % 4 !== 0)
    throw new UserError(`the small CNN pools twice by 2: images of ${h}x${w} must be multiples of 4`);
  const nodes: ModelNode[] = [];
  let input = 'image';
  let cin = c;
  CNN_CHANNELS.forEach((cout, i) => {
    const k = 9 * cin;
    nodes.push(
      {
        op: 'conv',
        name: `conv${i + 1}`,
        input,
        kernel: [3, 3],
        stride: [1, 1],
        pads: [1, 1, 1, 1],
        inChannels: cin,
        outChannels: cout,
        weights: he(k, k * cout),
        bias: new Float32Array(cout),
      },
      { op: 'relu', name: `relu${i + 1}`, input: `conv${i + 1}` },
      { op: 'maxpool', name: `pool${i + 1}`, input: `relu${i + 1}`, kernel: [2, 2], stride: [2, 2], pads: [0, 0, 0, 0] },
    );
    input = `pool${i + 1}`;
    cin = cout;
  });
  const flat = (h / 4) * (w / 4) * cin;
  nodes.push(
    { op: 'flatten', name: 'flatten', input },
    {
      op: 'dense',
      name: 'dense',
      input: 'flatten',
      inputs: flat,
      outputs: classes,
      weights: he(flat, flat * classes),
      bias: new Float32Array(classes),
    },
  );
  return { name: 'cnn', input: { name: 'image', shape: [h, w, c], mean: [], std: [] }, nodes, output: 'dense', classes };
}

export interface CnnTrainResult {
  model: Model;
  history: EpochRecord[];
  backend: string;
}

/** Trains a model's matrices and biases (every other operator has no parameters). */
export async function trainModel(
  start: Model,
  dataset: Dataset,
  recipe: Recipe,
  events?: JobEvents,
  options: { testLimit?: number } = {},
): Promise<CnnTrainResult> {
  const backend = await initTf();
  const [h, w, c] = start.input.shape;
  if (imageBytes(dataset) !== h * w * c || dataset.rows !== h)
    throw new UserError(
      `the model reads ${h}x${w}x${c} images, ${dataset.name} has ${dataset.rows}x${dataset.cols}x${dataset.channels ?? 1}`,
    );
  const data = subset(dataset, recipe.trainLimit, options.testLimit);
  const n = data.train.count;
  const vars = new Map<string, { w: tf.Variable; b: tf.Variable<tf.Rank.R1> }>();
  for (const node of start.nodes) {
    if (!isMatrix(node)) continue;
    const shape =
      node.op === 'conv' ? [node.kernel[0], node.kernel[1], node.inChannels, node.outChannels] : [node.inputs, node.outputs];
    vars.set(node.name, { w: tf.variable(tf.tensor(node.weights, shape)), b: tf.variable(tf.tensor1d(node.bias)) });
  }
  const optimizer = tf.train.adam(recipe.learningRate);
  const current = (): Model => ({
    ...start,
    nodes: start.nodes.map((node) => {
      const v = isMatrix(node) ? vars.get(node.name) : undefined;
      return v && isMatrix(node)
        ? { ...node, weights: v.w.dataSync() as Float32Array, bias: v.b.dataSync() as Float32Array }
        : node;
    }),
  });
  const step = (idx: Uint32Array): tf.Scalar =>
    tf.tidy(() => {
      const x = modelInput(start, data.train.images, idx);
      const labels = batchLabels(data.train.labels, idx, start.classes);
      return optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, forward(start, x, vars, { differentiable: true })) as tf.Scalar,
        true,
      )!;
    });
  const accuracies = () => {
    const m = current();
    return epochAccuracies(data, Math.min(n, 2000), (images, count) => predictModel(m, images, count).predictions);
  };
  try {
    const history = await trainEpochs(recipe, n, events, step, accuracies);
    return { model: current(), history, backend };
  } finally {
    for (const v of vars.values()) {
      v.w.dispose();
      v.b.dispose();
    }
    optimizer.dispose();
  }
}

export interface CachedModel {
  model: Model;
  fromCache: boolean;
  file: string;
  testAccuracy: number | null;
  history: EpochRecord[];
}

/** The small CNN trained on a dataset with a recipe: from the cache, else trained now and cached. */
export async function trainedCnn(source: DatasetSource, recipe: Recipe = CNN_RECIPE, events?: JobEvents): Promise<CachedModel> {
  await initTf();
  const dataset = await loadDataset(source);
  const shape = [dataset.rows, dataset.cols, dataset.channels ?? 1] as const;
  const key = stableHash({
    arch: 'cnn',
    channels: CNN_CHANNELS,
    dataset: dataset.name,
    shape,
    train: dataset.train.count,
    recipe,
    v: 1,
  });
  const file = cacheDir('weights', `${dataset.name}-cnn-${key}.json`);
  if (existsSync(file)) {
    try {
      const text = await readRegularText(file, { what: 'a model cache file', maxBytes: MAX_WEIGHTS_JSON_BYTES });
      const meta = JSON.parse(text) as { testAccuracy?: number; history?: EpochRecord[] };
      return {
        model: modelFromJson(text, file),
        fromCache: true,
        file,
        testAccuracy: meta.testAccuracy ?? null,
        history: meta.history ?? [],
      };
    } catch {
      /* corrupt cache entry: retrain */
    }
  }
  const result = await trainModel(smallCnn(shape, dataset.classes, recipe.seed), dataset, recipe, events);
  const testAccuracy = result.history[result.history.length - 1]?.testAccuracy ?? null;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(
    file,
    modelToJson(result.model, { dataset: dataset.name, recipe, testAccuracy, history: result.history, backend: result.backend }),
  );
  return { model: result.model, fromCache: false, file, testAccuracy, history: result.history };
}
