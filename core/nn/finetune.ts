import type { JobEvents } from '../jobs/job.js';
import type { Design } from '../model/design.js';
import type { Dataset } from './datasets.js';
import { HardwarePipeline } from './pipeline/pipeline.js';
import { accuracyOf, predict, type Weights } from './network.js';
import { nearestIndex, quantizeMatrix, type Codebook, type QuantOptions } from './quantize.js';
import { initTf } from './tf.js';
import { trainNetwork, type EpochRecord, type Recipe } from './train.js';

/**
 * Quantization-aware fine-tuning: training continues from full-precision weights with
 * the forward pass on the quantized weights and the gradient passed straight through to
 * the full-precision shadow weights (STE). The scales are fixed from the starting
 * weights. The result's weights are the quantized ones, so mapping them onto the same
 * device puts them exactly on its levels.
 */
export interface FinetuneResult {
  /** Quantized (on-level) weights after fine-tuning; digital layers stay full precision. */
  weights: Weights;
  before: number;
  after: number;
  fp32: number;
  history: EpochRecord[];
}

/**
 * One codebook per layer (null = digital), e.g. from a design's mapping or one device for
 * every layer. `masks` (per layer, null = every weight hosted) marks the weights arrays
 * host in a partly hosted layer: only those are quantized (and choose the scales); the
 * others stay full precision, as they run digitally.
 */
export async function finetuneOnCodebooks(
  start: Weights,
  books: readonly (Codebook | null)[],
  quant: QuantOptions,
  data: Dataset,
  recipe: Recipe,
  events?: JobEvents,
  masks?: readonly (Uint8Array | null)[],
): Promise<FinetuneResult> {
  await initTf();
  const alphas = start.layers.map((l, i) =>
    books[i] ? quantizeMatrix(l.weights, l.inputs, l.outputs, books[i]!, quant, masks?.[i] ?? undefined).alpha : null,
  );
  const quantize = (layer: number, w: Float32Array): Float32Array | null => {
    const book = books[layer];
    const alpha = alphas[layer];
    if (!book || !alpha) return null;
    const outputs = alpha.length;
    const mask = masks?.[layer];
    const q = new Float32Array(w.length);
    for (let k = 0; k < w.length; k++) {
      if (mask && !mask[k]) {
        q[k] = w[k]!;
        continue;
      }
      const a = alpha[k % outputs]!;
      q[k] = a * book.values[nearestIndex(book.values, w[k]! / a)]!;
    }
    return q;
  };
  const quantized = (w: Weights): Weights => ({
    ...w,
    layers: w.layers.map((l, i) => ({ ...l, weights: quantize(i, l.weights) ?? l.weights })),
  });
  const test = (w: Weights) => accuracyOf(predict(w, data.test.images, data.test.count).predictions, data.test.labels);
  const fp32 = test(start);
  const before = test(quantized(start));
  const result = await trainNetwork(start.network, data, recipe, events, { init: start, quantize });
  const finalWeights = quantized(result.weights);
  return { weights: finalWeights, before, after: test(finalWeights), fp32, history: result.history };
}

/**
 * Fine-tunes for the devices and mappings a design assigns to each layer: onto the levels,
 * with the scales and hosted weights, that the hardware pipeline's map stage programs, so
 * the fine-tuned weights land on the chip exactly as trained. The training's forward pass
 * stays in software (the straight-through gradient needs the weights in the graph).
 */
export async function finetuneForDesign(
  design: Design,
  start: Weights,
  quant: QuantOptions,
  data: Dataset,
  recipe: Recipe,
  events?: JobEvents,
): Promise<FinetuneResult> {
  const pipeline = HardwarePipeline.create({
    design,
    weights: start,
    quant,
    seed: recipe.seed,
    test: data.test,
    calibration: { images: data.train.images, count: Math.min(1000, data.train.count) },
    circuit: null,
  });
  try {
    const { codebooks, masks } = pipeline.weightLevels();
    return await finetuneOnCodebooks(start, codebooks, quant, data, recipe, events, masks);
  } finally {
    pipeline.dispose();
  }
}
