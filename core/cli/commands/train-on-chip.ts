import * as path from 'node:path';
import { PULSE_STEPS, ROUNDINGS, UPDATE_RULES, type TrainOnChipOptions, type TrainOnChipSummary } from '../../api/contract.js';
import { trainedCopyName } from '../../api/train-on-chip-contract.js';
import { loadDesign, saveDesign } from '../../files/design-file.js';
import { memoryBudget } from '../../jobs/memory-budget.js';
import { layerWidthsOption } from '../../model/layer-widths.js';
import { engineering } from '../../model/units.js';
import { UserError } from '../../model/problems.js';
import { DATASET_NAMES } from '../../nn/datasets.js';
import { runTrainOnChip } from '../../nn/insitu/run.js';
import { EXIT, requireFile, type Command } from '../command.js';
import { interruptSignal, SEED_RANGE, stderrProgress } from './train.js';

/** Images in a training split (MNIST and Fashion-MNIST): what one epoch's updates are counted from without --limit. */
const TRAIN_IMAGES = 60_000;

export const trainOnChipCommand: Command = {
  name: 'train-on-chip',
  summary: "train a network in situ on a design's arrays: updates as SET/RESET pulses, forward through the chip with IR drop",
  usage: 'FILE -o TRAINED.spinplan.json [options]',
  maxPositionals: 1,
  options: {
    dataset: { type: 'string', choices: DATASET_NAMES, default: 'mnist', description: 'dataset' },
    layers: { type: 'string', default: '784,128,10', description: 'layer sizes (sigmoid hidden layers)', value: 'N,N,...' },
    rule: {
      type: 'string',
      choices: UPDATE_RULES,
      default: 'sgd',
      description: 'SGD (|dW| / step pulses) or Manhattan (one pulse of the sign)',
    },
    rounding: {
      type: 'string',
      choices: ROUNDINGS,
      default: 'stochastic',
      description: 'SGD: how |dW| / step becomes whole pulses',
    },
    'pulse-step': {
      type: 'string',
      choices: PULSE_STEPS,
      default: 'datasheet',
      description: "the step: the device's datasheet mean (one for all cells) or each device's own at its state (idealized)",
    },
    epochs: { type: 'integer', default: 5, min: 1, max: 1000, description: 'training epochs', value: 'E' },
    batch: { type: 'integer', default: 64, min: 1, max: 60_000, description: 'images per update', value: 'B' },
    lr: { type: 'number', default: 0.5, description: 'learning rate (plain SGD)', value: 'R' },
    limit: {
      type: 'integer',
      min: 1,
      max: 60_000,
      description: 'train on the first K training images, test on the first K test images',
      value: 'K',
    },
    'refresh-transfer': {
      type: 'integer',
      min: 0,
      max: 10_000_000,
      description: 'updates between exact transfer extractions (0: only at the start and the end; default: once per epoch)',
      value: 'N',
    },
    seed: { type: 'integer', default: 1, ...SEED_RANGE, description: 'seed (devices, pulses, shuffles)', value: 'S' },
    json: { type: 'boolean', description: 'print the result as JSON' },
    output: { type: 'string', short: 'o', required: true, description: 'the trained design (a copy of FILE)', value: 'FILE' },
  },
  async run({ options, positionals }, io) {
    const file = path.resolve(io.cwd, requireFile(positionals, 'train-on-chip'));
    const output = path.resolve(io.cwd, String(options.output));
    if (output === file)
      throw new UserError(
        `-o ${String(options.output)} is FILE itself; the trained design is written as a copy, give another name`,
      );
    const lr = options.lr as number;
    if (!(lr > 0 && lr < 10)) throw new UserError(`--lr ${lr} is not allowed, must be in (0, 10)`);
    const limit = options.limit as number | undefined;
    const batch = options.batch as number;
    const refresh = options['refresh-transfer'] as number | undefined;
    const request: TrainOnChipOptions = {
      dataset: options.dataset === 'fashion' ? 'fashion-mnist' : 'mnist',
      layers: layerWidthsOption(String(options.layers)),
      rule: options.rule as TrainOnChipOptions['rule'],
      rounding: options.rounding as TrainOnChipOptions['rounding'],
      pulseStep: options['pulse-step'] as NonNullable<TrainOnChipOptions['pulseStep']>,
      epochs: options.epochs as number,
      batch,
      lr,
      ...(limit !== undefined ? { limit } : {}),
      refreshTransfer: refresh ?? Math.ceil(Math.min(limit ?? TRAIN_IMAGES, TRAIN_IMAGES) / batch),
      seed: options.seed as number,
    };
    const design = await loadDesign(file);
    const stop = interruptSignal();
    try {
      const result = await runTrainOnChip(
        design,
        request,
        { memoryBudget: memoryBudget() },
        { onProgress: stderrProgress(io), signal: stop.signal },
      );
      const { design: trained } = result;
      await saveDesign(output, { ...trained, chip: { ...trained.chip, name: trainedCopyName(trained.chip.name) } });
      io.stdout(
        options.json
          ? `${JSON.stringify(jsonSummary(result.summary, String(options.output)), null, 2)}\n`
          : text(result.summary, String(options.output)),
      );
      return EXIT.ok;
    } finally {
      stop.dispose();
    }
  },
};

/** The summary with the headline fields first. */
function jsonSummary(s: TrainOnChipSummary, output: string): Record<string, unknown> {
  const { accuracy, pulses, writeEnergy, writeTime, ...rest } = s;
  return { accuracy, pulses, writeEnergy, writeTime, ...rest, output };
}

function text(s: TrainOnChipSummary, output: string): string {
  const pct = (a: number) => `${(100 * a).toFixed(2)} %`;
  const lines = s.epochs.map(
    (e) =>
      `epoch ${e.epoch}: test ${pct(e.accuracy)}, loss ${e.loss.toFixed(4)}, ${e.pulses.set} SET + ${e.pulses.reset} RESET pulses, ${engineering(e.writeEnergy, 'J')}, write time ${engineering(e.writeTime, 's')}${e.disturbed ? `, ${e.disturbed} disturbed` : ''}, ${e.seconds.toFixed(1)} s`,
  );
  lines.push(
    `final (exact transfer): ${pct(s.accuracy.final)}; software SGD of the same network and recipe: ${pct(s.accuracy.software)}`,
    `written in total (initial weights included): ${s.pulses.set} SET + ${s.pulses.reset} RESET pulses, ${engineering(s.writeEnergy, 'J')}, write time ${engineering(s.writeTime, 's')}`,
    `transfer extracted ${s.transfer.extractions} times (${s.transfer.seconds.toFixed(1)} s)${s.transfer.refreshEvery > 0 ? `, every ${s.transfer.refreshEvery} updates` : ', at the start and the end'}`,
    ...s.notes,
    `wrote ${output}`,
  );
  return `${lines.join('\n')}\n`;
}
