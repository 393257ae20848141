import * as path from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { UserError } from '../model/problems.js';
import type { ParsedOptions } from './args.js';
import type { CliIo } from './command.js';
import { EXIT } from './command.js';
import type { DatasetSource } from '../nn/datasets.js';
import { describeModel } from '../nn/conv/model.js';
import { modelToJson } from '../nn/conv/model-file.js';
import { CNN_RECIPE, trainedCnn } from '../nn/conv/train-cnn.js';
import type { Recipe } from '../nn/train.js';

/**
 * `spinplan train --arch cnn`: the small CNN (core/nn/conv/train-cnn.ts) on MNIST,
 * Fashion-MNIST or the user's CIFAR-10 (--cifar DIR), cached like the dense trainings;
 * -o writes the spinplan model JSON that layout-network --model and evaluate --model read.
 */
export async function runTrainCnn(
  options: ParsedOptions,
  io: CliIo,
  recipe: Recipe,
  events: { onProgress: (p: { stage: string; fraction: number; message: string }) => void; signal: AbortSignal },
): Promise<number> {
  if (options.format === 'tfjs') throw new UserError('--arch cnn writes the spinplan model JSON only; leave out --format tfjs');
  const cifar = options.cifar as string | undefined;
  const source: DatasetSource = cifar ? { cifarDir: path.resolve(io.cwd, cifar) } : (options.dataset as 'mnist' | 'fashion');
  const result = await trainedCnn(source, recipe, events);
  let written: string | null = null;
  if (options.output) {
    written = path.resolve(io.cwd, String(options.output));
    await writeFileAtomic(
      written,
      modelToJson(result.model, { recipe, testAccuracy: result.testAccuracy, history: result.history }),
    );
  }
  const summary = {
    arch: 'cnn',
    model: describeModel(result.model),
    recipe,
    testAccuracy: result.testAccuracy,
    fromCache: result.fromCache,
    cacheFile: result.file,
    history: result.history,
  };
  if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const acc = result.testAccuracy === null ? 'unknown' : `${(100 * result.testAccuracy).toFixed(2)} %`;
    io.stdout(
      `${cifar ? 'cifar10' : String(options.dataset)} cnn ${summary.model}: test accuracy ${acc}${result.fromCache ? ' (cached)' : ''}\n`,
    );
    io.stdout(`model: ${result.file}${written ? ` and ${written}` : ''}\n`);
  }
  return EXIT.ok;
}

/** The CNN's recipe: its own defaults (CNN_RECIPE) where the command line gave none. */
export function cnnRecipe(options: ParsedOptions): Recipe {
  return {
    epochs: (options.epochs as number | undefined) ?? CNN_RECIPE.epochs,
    batchSize: (options['batch-size'] as number | undefined) ?? CNN_RECIPE.batchSize,
    learningRate: (options.lr as number | undefined) ?? CNN_RECIPE.learningRate,
    seed: options.seed as number,
  };
}
