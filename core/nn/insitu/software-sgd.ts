import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { readRegularText } from '../../files/regular-file.js';
import { checkCancelled, yieldToEventLoop, type JobEvents } from '../../jobs/job.js';
import { Random } from '../../math/random.js';
import { cacheDir, stableHash } from '../cache.js';
import type { Dataset } from '../datasets.js';
import { accuracyOf, forwardLogits, imagesTensor, initWeights, predict, type NetworkSpec, type Weights } from '../network.js';
import { initTf, tf } from '../tf.js';
import { shuffledOrder } from './shuffle.js';

/**
 * The software reference of training on the chip: plain SGD (no momentum) of the same
 * network in full precision with TensorFlow.js's own gradients, from the same Glorot
 * initial weights, over the same shuffles, batch size, learning rate and epochs. The
 * in-situ run differs from it only by the hardware: the weights living in devices moved
 * by pulses, the arrays' transfer with IR drop, the converters.
 */
export interface SgdRecipe {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface SgdResult {
  /** Test accuracy after each epoch. */
  perEpoch: number[];
  final: number;
  /** Seconds per epoch (training and the test pass), as measured when it was trained. */
  secondsPerEpoch: number[];
  fromCache: boolean;
}

/** The initial weights of both trainings: Glorot-uniform from the seed's 'init' stream, zero biases. */
export function initialWeights(network: NetworkSpec, seed: number): Weights {
  const rng = Random.derive(seed, 'init');
  return initWeights(network, seed, () => rng.uniform());
}

/** Trains in software with SGD; test accuracy after every epoch. */
export async function trainSoftwareSgd(
  network: NetworkSpec,
  data: Dataset,
  recipe: SgdRecipe,
  events?: JobEvents,
): Promise<SgdResult> {
  await initTf();
  const pixels = data.rows * data.cols;
  const n = data.train.count;
  const start = initialWeights(network, recipe.seed);
  const vars = start.layers.map((l) => ({
    w: tf.variable(tf.tensor2d(l.weights, [l.inputs, l.outputs])),
    b: tf.variable(tf.tensor1d(l.bias)),
  }));
  const optimizer = tf.train.sgd(recipe.learningRate);
  const batches = Math.ceil(n / recipe.batchSize);
  const perEpoch: number[] = [];
  const secondsPerEpoch: number[] = [];
  try {
    for (let epoch = 0; epoch < recipe.epochs; epoch++) {
      const t0 = performance.now();
      const order = shuffledOrder(n, recipe.seed, epoch);
      for (let b = 0; b < batches; b++) {
        checkCancelled(events?.signal);
        const idx = order.subarray(b * recipe.batchSize, Math.min(n, (b + 1) * recipe.batchSize));
        tf.tidy(() => {
          const x = imagesTensor(data.train.images, pixels, idx);
          const labels = tf.oneHot(
            tf.tensor1d(
              Array.from(idx, (i) => data.train.labels[i]!),
              'int32',
            ),
            data.classes,
          );
          optimizer.minimize(() => {
            const layers = vars.map((v) => ({ w: v.w as tf.Tensor2D, b: v.b as tf.Tensor1D }));
            return tf.losses.softmaxCrossEntropy(labels, forwardLogits(x, network, layers)) as tf.Scalar;
          });
        });
        if (b % 50 === 0) {
          events?.onProgress?.({
            stage: 'software SGD reference',
            fraction: (epoch + (b + 1) / batches) / recipe.epochs,
            message: `epoch ${epoch + 1}/${recipe.epochs} batch ${b + 1}/${batches}`,
          });
          await yieldToEventLoop();
        }
      }
      const weights: Weights = {
        network,
        layers: start.layers.map((l, i) => ({
          ...l,
          weights: vars[i]!.w.dataSync() as Float32Array,
          bias: vars[i]!.b.dataSync() as Float32Array,
        })),
      };
      perEpoch.push(accuracyOf(predict(weights, data.test.images, data.test.count).predictions, data.test.labels));
      secondsPerEpoch.push((performance.now() - t0) / 1000);
      events?.onProgress?.({
        stage: 'software SGD reference',
        fraction: (epoch + 1) / recipe.epochs,
        message: `epoch ${epoch + 1}/${recipe.epochs}: test ${(100 * perEpoch[epoch]!).toFixed(2)} %`,
      });
    }
  } finally {
    for (const v of vars) {
      v.w.dispose();
      v.b.dispose();
    }
    optimizer.dispose();
  }
  return { perEpoch, final: perEpoch[perEpoch.length - 1] ?? 0, secondsPerEpoch, fromCache: false };
}

/**
 * The software reference from the cache when it was trained before (keyed by network,
 * dataset, the images used and the recipe), else trained now and cached.
 */
export async function cachedSoftwareSgd(
  network: NetworkSpec,
  data: Dataset,
  recipe: SgdRecipe,
  events?: JobEvents,
): Promise<SgdResult> {
  const key = stableHash({ network, dataset: data.name, train: data.train.count, test: data.test.count, recipe, v: 1 });
  const file = cacheDir('insitu', `sgd-${data.name}-${network.layers.join('-')}-${key}.json`);
  if (existsSync(file)) {
    try {
      const cached = JSON.parse(await readRegularText(file, { what: 'a training cache file', maxBytes: 1 << 20 })) as SgdResult;
      if (Array.isArray(cached.perEpoch) && cached.perEpoch.length === recipe.epochs) return { ...cached, fromCache: true };
    } catch {
      /* corrupt cache entry: train again */
    }
  }
  const result = await trainSoftwareSgd(network, data, recipe, events);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ ...result, recipe }));
  return result;
}
