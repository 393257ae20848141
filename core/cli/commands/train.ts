import * as path from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { EXIT, type Command } from '../command.js';
import { stderrProgress } from '../progress.js';
import { layerWidthsOption } from '../../model/layer-widths.js';
import { UserError } from '../../model/problems.js';
import type { OptionSpec, OptionSpecs, ParsedOptions } from '../args.js';
import { DATASET_NAMES } from '../../nn/datasets.js';
import {
  describeNetwork,
  parseActivation,
  saveWeightsTfjs,
  weightsToJson,
  type NetworkSpec,
  type Weights,
} from '../../nn/network.js';
import { DEFAULT_RECIPE, trainedWeights, type Recipe } from '../../nn/train.js';

// ---------------------------------------------------------------- shared by the network commands
/** Seeds are taken modulo 2^32 by the random streams: a negative seed or one beyond would repeat another's draws. */
export const SEED_RANGE = { min: 0, max: 2 ** 32 - 1 } as const;

/** Options shared by train, evaluate, finetune and study. */
export const NETWORK_OPTIONS: OptionSpecs = {
  dataset: { type: 'string', choices: DATASET_NAMES, default: 'mnist', description: 'dataset' },
  layers: { type: 'string', default: '784,128,10', description: 'layer sizes', value: 'N,N,...' },
  activation: {
    type: 'string',
    choices: ['sigmoid', 'relu', 'dw-neuron', 'device'],
    default: 'sigmoid',
    description: 'hidden activation',
  },
  'activation-poly': {
    type: 'string',
    description: 'device activation: polynomial coefficients c0,c1,... on [0, 1]',
    value: 'C,C,...',
  },
  epochs: { type: 'integer', default: DEFAULT_RECIPE.epochs, min: 1, max: 1000, description: 'training epochs' },
  'batch-size': { type: 'integer', default: DEFAULT_RECIPE.batchSize, min: 1, max: 60000, description: 'training batch size' },
  lr: { type: 'number', default: DEFAULT_RECIPE.learningRate, description: 'Adam learning rate' },
  seed: { type: 'integer', default: 1, ...SEED_RANGE, description: 'seed (training and Monte Carlo)', value: 'S' },
};

export function networkFrom(options: ParsedOptions): NetworkSpec {
  return {
    layers: layerWidthsOption(String(options.layers)),
    activation: parseActivation(String(options.activation), options['activation-poly'] as string | undefined),
  };
}

export function recipeFrom(options: ParsedOptions): Recipe {
  const recipe: Recipe = {
    epochs: options.epochs as number,
    batchSize: options['batch-size'] as number,
    learningRate: options.lr as number,
    seed: options.seed as number,
  };
  return checkRate(recipe);
}

/** --epochs and --batch-size are held to their range by the option specs; the rate's range is open. */
function checkRate(recipe: Recipe): Recipe {
  if (!(recipe.learningRate > 0 && recipe.learningRate < 10))
    throw new UserError(`--lr ${recipe.learningRate} is not allowed, must be in (0, 10)`);
  return recipe;
}

export const EXPORT_FORMAT_OPTION = {
  type: 'string',
  choices: ['json', 'tfjs'],
  default: 'json',
  description:
    'format of -o: json (one spinplan weights file) or tfjs (FOLDER/model.json + weights.bin, a TensorFlow.js LayersModel)',
} as const;

/** Writes weights as spinplan JSON (FILE) or the tfjs format (FOLDER, or the folder of a model.json path); returns what was written. */
export async function exportWeights(
  out: string,
  weights: Weights,
  format: string,
  meta: Record<string, unknown>,
): Promise<string> {
  if (format === 'tfjs') {
    const folder = out.endsWith('model.json') ? path.dirname(out) : out;
    const r = await saveWeightsTfjs(weights, folder, meta);
    return `${r.modelJson} + weights.bin`;
  }
  await writeFileAtomic(out, weightsToJson(weights, meta));
  return out;
}

/** Progress on stderr (shared by every long command, core/cli/progress.ts). */
export { stderrProgress };

/** Ctrl-C stops the job at its next checkpoint instead of killing mid-write. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onInt = () => controller.abort();
  process.once('SIGINT', onInt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInt) };
}

function withoutDefault(name: string, description: string): OptionSpec {
  const { default: _default, ...spec } = NETWORK_OPTIONS[name]!;
  return { ...spec, description };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a network in full precision (cached by network, dataset, recipe and seed)',
  usage: '[options]',
  maxPositionals: 0,
  options: {
    ...NETWORK_OPTIONS,
    // No defaults here: each architecture has its own recipe (dense: DEFAULT_RECIPE, cnn: CNN_RECIPE).
    epochs: withoutDefault('epochs', `training epochs (default ${DEFAULT_RECIPE.epochs}, cnn 6)`),
    'batch-size': withoutDefault('batch-size', `training batch size (default ${DEFAULT_RECIPE.batchSize})`),
    lr: withoutDefault('lr', `Adam learning rate (default ${DEFAULT_RECIPE.learningRate}, cnn 0.002)`),
    arch: {
      type: 'string',
      choices: ['dense', 'cnn'],
      default: 'dense',
      description:
        'dense: the --layers network; cnn: the small CNN (two 3x3 conv layers of 8 and 16 channels, each ReLU and 2x2 max pooling, one dense layer)',
    },
    cifar: { type: 'string', description: '--arch cnn: train on CIFAR-10 from the binary batches in DIR', value: 'DIR' },
    output: { type: 'string', short: 'o', description: 'also export the weights to FILE (json) or FOLDER (tfjs)', value: 'FILE' },
    format: EXPORT_FORMAT_OPTION,
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run({ options }, io) {
    if (options.arch === 'cnn') {
      const { cnnRecipe, runTrainCnn } = await import('../train-cnn.js');
      const stop = interruptSignal();
      try {
        return await runTrainCnn(options, io, checkRate(cnnRecipe(options)), {
          onProgress: stderrProgress(io),
          signal: stop.signal,
        });
      } finally {
        stop.dispose();
      }
    }
    if (options.cifar) throw new UserError('--cifar needs --arch cnn (a dense network is trained on MNIST or Fashion-MNIST)');
    const network = networkFrom(options);
    const recipe = recipeFrom({
      ...options,
      epochs: options.epochs ?? DEFAULT_RECIPE.epochs,
      'batch-size': options['batch-size'] ?? DEFAULT_RECIPE.batchSize,
      lr: options.lr ?? DEFAULT_RECIPE.learningRate,
    });
    const dataset = options.dataset as 'mnist' | 'fashion';
    const stop = interruptSignal();
    try {
      const result = await trainedWeights(network, dataset, recipe, { onProgress: stderrProgress(io), signal: stop.signal });
      let written: string | null = null;
      if (options.output) {
        written = await exportWeights(path.resolve(io.cwd, String(options.output)), result.weights, String(options.format), {
          dataset,
          recipe,
          testAccuracy: result.testAccuracy,
        });
      }
      const summary = {
        dataset,
        network: describeNetwork(network),
        recipe,
        testAccuracy: result.testAccuracy,
        fromCache: result.fromCache,
        cacheFile: result.file,
        history: result.history,
      };
      if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        io.stdout(
          `${dataset} ${describeNetwork(network)}: test accuracy ${result.testAccuracy === null ? 'unknown' : `${(100 * result.testAccuracy).toFixed(2)} %`}${result.fromCache ? ' (cached)' : ''}\n`,
        );
        io.stdout(`weights: ${result.file}${written ? ` and ${written}` : ''}\n`);
      }
      return EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};
