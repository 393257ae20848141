import { checkCancelled, yieldToEventLoop, type JobEvents } from '../jobs/job.js';
import type { Dataset } from './datasets.js';
import { shuffledOrder } from './insitu/shuffle.js';
import { accuracyOf } from './network.js';
import { tf } from './tf.js';
import type { EpochRecord, Recipe } from './train.js';

/**
 * The epoch loop of both full-precision trainers (trainNetwork in train.ts, the CNN's
 * trainModel in core/nn/conv/train-cnn.ts), so a recipe means the same batches, the same
 * loss and the same progress for both: per epoch, the training images in the seed's
 * shuffled order (shuffledOrder, as the in-situ runs and their software reference read
 * them), mini-batches of recipe.batchSize through the trainer's optimizer `step` (which
 * returns the batch's mean loss), the running loss reported every 20 batches with a turn
 * of the event loop (so a job can be cancelled and its progress sent), then the epoch's
 * `accuracies` recorded and reported. What a step and the accuracies are is the trainer's.
 */
export async function trainEpochs(
  recipe: Recipe,
  n: number,
  events: JobEvents | undefined,
  step: (batch: Uint32Array) => tf.Scalar,
  accuracies: () => { trainAccuracy: number; testAccuracy: number },
): Promise<EpochRecord[]> {
  const history: EpochRecord[] = [];
  const batches = Math.ceil(n / recipe.batchSize);
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    const t0 = performance.now();
    const order = shuffledOrder(n, recipe.seed, epoch);
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      checkCancelled(events?.signal);
      const idx = order.subarray(b * recipe.batchSize, Math.min(n, (b + 1) * recipe.batchSize));
      const lossT = step(idx);
      lossSum += (await lossT.data())[0]! * idx.length;
      lossT.dispose();
      if (b % 20 === 0 || b === batches - 1) {
        events?.onProgress?.({
          stage: 'train',
          fraction: (epoch + (b + 1) / batches) / recipe.epochs,
          message: `epoch ${epoch + 1}/${recipe.epochs} batch ${b + 1}/${batches} loss ${(lossSum / Math.min(n, (b + 1) * recipe.batchSize)).toFixed(4)}`,
        });
        await yieldToEventLoop();
      }
    }
    const { trainAccuracy, testAccuracy } = accuracies();
    recordEpoch(
      history,
      { epoch: epoch + 1, loss: lossSum / n, trainAccuracy, testAccuracy, seconds: (performance.now() - t0) / 1000 },
      recipe.epochs,
      events,
    );
  }
  return history;
}

/** A finished epoch: into the history, and its figures as a progress message. */
function recordEpoch(history: EpochRecord[], record: EpochRecord, epochs: number, events?: JobEvents): void {
  history.push(record);
  const pct = (f: number) => `${(100 * f).toFixed(2)} %`;
  events?.onProgress?.({
    stage: 'train',
    fraction: record.epoch / epochs,
    message: `epoch ${record.epoch}/${epochs}: loss ${record.loss.toFixed(4)}, train ${pct(record.trainAccuracy)}, test ${pct(record.testAccuracy)}, ${record.seconds.toFixed(1)} s`,
  });
}

/** The one-hot labels of a batch of training images (call inside a tidy scope). */
export function batchLabels(labels: Uint8Array, batch: Uint32Array, classes: number): tf.Tensor2D {
  return tf.oneHot(
    tf.tensor1d(
      Array.from(batch, (i) => labels[i]!),
      'int32',
    ),
    classes,
  ) as tf.Tensor2D;
}

/**
 * An epoch's accuracies: on the first `trainCount` training images (a sample, so an epoch
 * is not dominated by scoring it) and on the test images, by the trainer's `predict`.
 */
export function epochAccuracies(
  data: Dataset,
  trainCount: number,
  predict: (images: Uint8Array, count: number) => Uint8Array,
): { trainAccuracy: number; testAccuracy: number } {
  const trainAccuracy = accuracyOf(predict(data.train.images, trainCount), data.train.labels.subarray(0, trainCount));
  const testAccuracy = accuracyOf(predict(data.test.images, data.test.count), data.test.labels);
  return { trainAccuracy, testAccuracy };
}
