import * as path from 'node:path';
import { loadDesign } from '../../files/design-file.js';
import { checkDenseLayout } from '../../nn/evaluate-setup.js';
import { UserError } from '../../model/problems.js';
import { loadDataset, subset } from '../../nn/datasets.js';
import { finetuneForDesign } from '../../nn/finetune.js';
import { loadWeightsFile } from '../../nn/network.js';
import { GRANULARITIES, OBSERVERS, type Granularity, type Observer } from '../../nn/quantize.js';
import { trainedWeights } from '../../nn/train.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { IN_THE_LOOP_MODE_LINES } from '../../api/accuracy-run-options.js';
import { LOOP_MODES, type LoopMode } from '../../nn/in-the-loop/cell-writer.js';
import { runInTheLoop, type InTheLoopRun } from '../../nn/in-the-loop/run.js';
import { LOOP_LEARNING_RATE } from '../../nn/in-the-loop/train-in-the-loop.js';
import { ADC_RANGES, type AdcRange } from '../../nn/converters/ranges.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { inTheLoopJson, inTheLoopText } from '../in-the-loop-output.js';
import { designWithNeuronOptions, NEURON_OPTIONS } from '../neuron-options.js';
import {
  EXPORT_FORMAT_OPTION,
  exportWeights,
  interruptSignal,
  NETWORK_OPTIONS,
  networkFrom,
  recipeFrom,
  stderrProgress,
} from './train.js';

/** Fine-tuning rates: quantization-aware in software starts from trained weights and moves little; in the loop the weights must follow a circuit's distortion. */
const QAT_LR = 2e-4;
const LOOP_LR = LOOP_LEARNING_RATE;

export const finetuneCommand: Command = {
  name: 'finetune',
  summary:
    "fine-tuning onto a design's device levels: quantization-aware in software, or with the chip in the loop (--in-the-loop circuit|chip)",
  usage: 'FILE -o WEIGHTS [options]',
  maxPositionals: 1,
  options: {
    ...NETWORK_OPTIONS,
    weights: { type: 'string', description: 'start from these weights (default: cached default training)', value: 'W' },
    'ft-epochs': { type: 'integer', default: 2, min: 1, max: 1000, description: 'fine-tuning epochs', value: 'N' },
    'ft-lr': {
      type: 'number',
      description: `fine-tuning learning rate (default ${QAT_LR}, in the loop ${LOOP_LR})`,
      value: 'LR',
    },
    'in-the-loop': {
      type: 'string',
      choices: LOOP_MODES,
      description: `forward pass on the simulated chip, backward in software: ${LOOP_MODES.map((m) => `${m} (${IN_THE_LOOP_MODE_LINES[m]})`).join('; ')}`,
    },
    mc: {
      type: 'integer',
      default: 3,
      min: 1,
      max: 1000,
      description: 'in the loop: fresh Monte Carlo draws (other chips) the weights are also measured on',
      value: 'N',
    },
    limit: { type: 'integer', min: 1, description: 'use the first K test images', value: 'K' },
    'train-limit': { type: 'integer', min: 1, description: 'fine-tune on the first N training images', value: 'N' },
    'refresh-transfer': {
      type: 'integer',
      default: 0,
      min: 0,
      description: 'in the loop: batches between exact transfer extractions (0: at the end of each epoch)',
      value: 'N',
    },
    'adc-range': {
      type: 'string',
      choices: ADC_RANGES,
      default: 'column',
      description: 'in the loop: ADC range per physical column or one per array',
    },
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
    ...NEURON_OPTIONS,
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run({ options, positionals }, io) {
    const loop = options['in-the-loop'] as LoopMode | undefined;
    const ftLr = (options['ft-lr'] as number | undefined) ?? (loop ? LOOP_LR : QAT_LR);
    if (!(ftLr > 0 && ftLr < 10)) throw new UserError(`--ft-lr ${ftLr} is not allowed, must be in (0, 10)`);
    const given = await loadDesign(path.resolve(io.cwd, requireFile(positionals, 'finetune')));
    const file = options.weights
      ? await loadWeightsFile(path.resolve(io.cwd, String(options.weights)), networkFrom(options).activation)
      : null;
    // A weights file says its own network (its depth sets how many hidden layers have neurons).
    const network = file?.network ?? networkFrom(options);
    const design = designWithNeuronOptions(given, network, options);
    // Before any training: a layout of a model with conv layers is refused with what maps it.
    checkDenseLayout(design, loop ? 'training in the loop trains dense networks only' : 'fine-tuning trains dense networks only');
    const recipe = recipeFrom(options);
    const dataset = options.dataset as 'mnist' | 'fashion';
    const stop = interruptSignal();
    const events = { onProgress: stderrProgress(io), signal: stop.signal };
    try {
      if (loop) {
        const run: InTheLoopRun = {
          dataset,
          network,
          recipe,
          mode: loop,
          epochs: options['ft-epochs'] as number,
          batchSize: recipe.batchSize,
          learningRate: ftLr,
          seed: recipe.seed,
          quant: { granularity: options.granularity as Granularity, observer: options.observer as Observer },
          freshDraws: options.mc as number,
          calibrationImages: 1000,
          refreshEvery: options['refresh-transfer'] as number,
          adcRange: options['adc-range'] as AdcRange,
          ...(options.weights ? { weightsFile: path.resolve(io.cwd, String(options.weights)) } : {}),
          ...(options.limit !== undefined ? { limit: options.limit as number } : {}),
          ...(options['train-limit'] !== undefined ? { trainLimit: options['train-limit'] as number } : {}),
        };
        const r = await runInTheLoop(design, run, { memoryBudget: memoryBudget(), ...(file ? { start: file } : {}) }, events);
        const written = await exportWeights(path.resolve(io.cwd, String(options.output)), r.weights, String(options.format), {
          dataset,
          finetuned: true,
          inTheLoop: loop,
          quantization: run.quant,
        });
        if (options.json) io.stdout(inTheLoopJson(r, run, written));
        else inTheLoopText(r, run, written, io);
        return EXIT.ok;
      }
      const start = file ?? (await trainedWeights(network, dataset, recipe, events)).weights;
      const limit = options.limit as number | undefined;
      const data = subset(await loadDataset(dataset), options['train-limit'] as number | undefined, limit);
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
