import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { UserError } from '../../model/problems.js';
import { loadDataset } from '../../nn/datasets.js';
import { finetuneForDesign } from '../../nn/finetune.js';
import { loadWeightsFile } from '../../nn/network.js';
import { GRANULARITIES, OBSERVERS, type Granularity, type Observer } from '../../nn/quantize.js';
import { trainedWeights } from '../../nn/train.js';
import { EXIT, requireFile, type Command } from '../command.js';
import {
  EXPORT_FORMAT_OPTION,
  exportWeights,
  interruptSignal,
  NETWORK_OPTIONS,
  networkFrom,
  recipeFrom,
  stderrProgress,
} from './train.js';

export const finetuneCommand: Command = {
  name: 'finetune',
  summary: "quantization-aware fine-tuning onto a design's device levels (straight-through estimator)",
  usage: 'FILE -o WEIGHTS [options]',
  maxPositionals: 1,
  options: {
    ...NETWORK_OPTIONS,
    weights: { type: 'string', description: 'start from these weights (default: cached default training)', value: 'W' },
    'ft-epochs': { type: 'integer', default: 2, min: 1, max: 1000, description: 'fine-tuning epochs', value: 'N' },
    'ft-lr': { type: 'number', default: 2e-4, description: 'fine-tuning learning rate', value: 'LR' },
    granularity: { type: 'string', choices: GRANULARITIES, default: 'per-channel', description: 'quantization scale' },
    observer: { type: 'string', choices: OBSERVERS, default: 'mse', description: 'quantization range observer' },
    output: {
      type: 'string',
      short: 'o',
      required: true,
      description: 'fine-tuned (on-level) weights: FILE (json) or FOLDER (tfjs); use with evaluate --weights',
      value: 'FILE',
    },
    format: EXPORT_FORMAT_OPTION,
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run({ options, positionals }, io) {
    const ftLr = options['ft-lr'] as number;
    if (!(ftLr > 0 && ftLr < 10)) throw new UserError(`--ft-lr ${ftLr} is not allowed, must be in (0, 10)`);
    const design = await loadDesign(path.resolve(io.cwd, requireFile(positionals, 'finetune')));
    const network = networkFrom(options);
    const recipe = recipeFrom(options);
    const dataset = options.dataset as 'mnist' | 'fashion';
    const stop = interruptSignal();
    const events = { onProgress: stderrProgress(io), signal: stop.signal };
    try {
      const start = options.weights
        ? await loadWeightsFile(path.resolve(io.cwd, String(options.weights)), network.activation)
        : (await trainedWeights(network, dataset, recipe, events)).weights;
      const data = await loadDataset(dataset);
      const quant = { granularity: options.granularity as Granularity, observer: options.observer as Observer };
      const r = await finetuneForDesign(
        design,
        start,
        quant,
        data,
        { ...recipe, epochs: options['ft-epochs'] as number, learningRate: ftLr },
        events,
      );
      const written = await exportWeights(path.resolve(io.cwd, String(options.output)), r.weights, String(options.format), {
        dataset,
        finetuned: true,
        quantization: quant,
      });
      const summary = { dataset, fp32: r.fp32, quantized: r.before, finetuned: r.after, history: r.history };
      io.stdout(
        options.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `${dataset}: fp32 ${(100 * r.fp32).toFixed(2)} %, quantized ${(100 * r.before).toFixed(2)} %, fine-tuned ${(100 * r.after).toFixed(2)} %; wrote ${written}\n`,
      );
      return EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};
