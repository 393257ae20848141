import * as path from 'node:path';
import { ACCURACY_STEPS } from '../../api/accuracy-steps.js';
import { loadDesign } from '../../files/design-file.js';
import { UserError } from '../../model/problems.js';
import { evaluateDesign } from '../../nn/evaluate.js';
import { loadWeightsFile } from '../../nn/network.js';
import { ADC_RANGES } from '../../nn/converters/ranges.js';
import { GRANULARITIES, OBSERVERS } from '../../nn/quantize.js';
import { hardwareRunFromOptions, printReport } from '../evaluate-output.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { interruptSignal, NETWORK_OPTIONS, networkFrom, recipeFrom, stderrProgress } from './train.js';
import { READ_PULSE_OPTION, readPulseFrom } from './simulate.js';
import { designWithNeuronOptions, NEURON_OPTIONS } from '../neuron-options.js';
import { MODEL_OPTIONS, modelOptionsFrom } from '../model-options.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: `accuracy of a network mapped onto a design's arrays: ${ACCURACY_STEPS.map((s) => s.label).join(', ')}`,
  usage: 'FILE [options]',
  maxPositionals: 1,
  options: {
    ...NETWORK_OPTIONS,
    weights: {
      type: 'string',
      description: 'weights file (spinplan JSON or a tfjs model.json); default: cached default training',
      value: 'W',
    },
    idx: {
      type: 'string',
      description: 'use the official IDX files in DIR instead of --dataset (needs --weights)',
      value: 'DIR',
    },
    ...MODEL_OPTIONS,
    mc: { type: 'integer', default: 5, min: 1, max: 1000, description: 'Monte Carlo draws of device variation', value: 'N' },
    limit: { type: 'integer', min: 1, description: 'use the first K test images', value: 'K' },
    granularity: { type: 'string', choices: GRANULARITIES, default: 'per-channel', description: 'quantization scale' },
    observer: { type: 'string', choices: OBSERVERS, default: 'mse', description: 'quantization range observer' },
    clip: { type: 'number', min: 0, max: 100, description: 'min-max observer: clip |w| at this percentile', value: 'PCT' },
    'adc-range': {
      type: 'string',
      choices: ADC_RANGES,
      default: 'column',
      description: 'ADC range per physical column (trimmed TIA gain) or one per array',
    },
    'no-calibration': {
      type: 'boolean',
      description: 'skip the per-column gain calibration of the circuit and hardware steps (shows the raw IR-drop loss)',
    },
    'read-pulse': READ_PULSE_OPTION,
    ...NEURON_OPTIONS,
    json: { type: 'boolean', description: 'print the report as JSON' },
    output: { type: 'string', short: 'o', description: 'also write the JSON report to FILE', value: 'FILE' },
  },
  async run({ options, positionals }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'evaluate'));
    const model = modelOptionsFrom(options);
    if (model) return (await import('../evaluate-model-run.js')).runEvaluateModel(file, model, options, io);
    const network = networkFrom(options);
    const mc = options.mc as number;
    const limit = options.limit as number | undefined;
    const weightsFile = options.weights as string | undefined;
    const weights = weightsFile ? await loadWeightsFile(path.resolve(io.cwd, weightsFile), network.activation) : undefined;
    const design = designWithNeuronOptions(await loadDesign(file), weights?.network ?? network, options);
    const idx = options.idx as string | undefined;
    if (idx && !weights) throw new UserError('--idx needs --weights (no cached training exists for a custom dataset)');
    const stop = interruptSignal();
    try {
      const report = await evaluateDesign(
        design,
        {
          dataset: idx ? { idxDir: path.resolve(io.cwd, idx) } : (options.dataset as 'mnist' | 'fashion'),
          ...(weights ? { weights, weightsFile: path.resolve(io.cwd, weightsFile!) } : {}),
          network,
          recipe: recipeFrom(options),
          monteCarlo: mc,
          ...(limit !== undefined ? { limit } : {}),
          readPulse: readPulseFrom(options),
          ...hardwareRunFromOptions(options),
        },
        { onProgress: stderrProgress(io), signal: stop.signal },
      );
      await printReport(report, options, io);
      return EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};
