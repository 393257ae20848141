import type { Design } from '../model/design.js';
import { findDevice } from '../model/design.js';
import { UserError } from '../model/problems.js';
import type { MemoryBudget } from '../vmm/memory-estimate.js';
import { DEFAULT_READ_PULSE } from '../vmm/read-power.js';
import type { AdcRange } from './converters/ranges.js';
import { loadDataset, subset, type Dataset, type DatasetSource } from './datasets.js';
import { checkTransferMemory, loadSolverTransfer, type TransferFn } from './pipeline/transfer.js';
import { DEFAULT_QUANT, type QuantOptions } from './quantize.js';

/**
 * What an accuracy run of a dense network (evaluateDesign, evaluate.ts) and of a model
 * (evaluateModel, core/nn/conv/evaluate-model.ts) settle the same way before their steps:
 * the options they share with one set of defaults, the checks made before any data is
 * loaded, the images, and the circuit solver. Written once so a default or a check cannot
 * differ between `spinplan evaluate` and `spinplan evaluate --model`.
 */
export interface AccuracyRunOptions {
  dataset: DatasetSource;
  /** Read pulse per array read, seconds (default 10 ns): the energy per inference is each layer's read power times it (times its reads). */
  readPulse?: number;
  /** Monte Carlo draws for the variation, circuit and hardware steps. */
  monteCarlo?: number;
  /** Test images used (the first K). */
  limit?: number;
  seed?: number;
  quant?: QuantOptions;
  /** Training images for the DAC and ADC ranges. */
  calibrationImages?: number;
  /** The circuit's transfer extraction; default core/vmm/transfer.ts when present. */
  transfer?: TransferFn;
  /** Loaded dataset (skips loading; tests). */
  loaded?: Dataset;
  /**
   * Per-column gain calibration of the circuit and hardware steps (default true): see
   * calibrateColumnGains. Off shows the raw, uncalibrated circuit.
   */
  calibrate?: boolean;
  /** ADC range per physical column (default) or one per array; see adcRange. */
  adcRange?: AdcRange;
  /**
   * What one transfer extraction may take (the CLI and the server pass the machine's, see
   * core/jobs/memory-budget.ts): a design whose hosting arrays would need more is refused
   * before the dataset is loaded or anything is trained. Only the built-in solver is checked.
   */
  memoryBudget?: MemoryBudget;
  /** The chip's cost with its periphery (core/ppa) in the report (default true; off for the benchmark of its cost). */
  ppa?: boolean;
}

/** The options' defaults, resolved in one place. */
export interface RunSettings {
  draws: number;
  seed: number;
  quant: QuantOptions;
  calibrate: boolean;
  adcRange: AdcRange;
  readPulse: number;
}

export function runSettings(options: AccuracyRunOptions): RunSettings {
  return {
    draws: options.monteCarlo ?? 5,
    seed: options.seed ?? 1,
    quant: options.quant ?? DEFAULT_QUANT,
    calibrate: options.calibrate ?? true,
    adcRange: options.adcRange ?? 'column',
    readPulse: options.readPulse ?? DEFAULT_READ_PULSE,
  };
}

/**
 * The checks that need nothing but the design, made first so a run that cannot succeed
 * fails before minutes of loading or training: arrays that host tiles, and (with the
 * built-in solver) the transfer extraction's memory against the budget, with the row
 * admittance the solver extracts and the pool's workers.
 */
export function checkRunDesign(design: Design, options: AccuracyRunOptions): void {
  checkHostsTiles(design);
  // loadSolverTransfer extracts the row admittance with every transfer (read energy).
  if (!options.transfer) checkTransferMemory(design, options.memoryBudget, { rowAdmittance: true });
}

/** The run's images: the dataset (or the one given), its first `limit` test images, and how many training images calibrate the converters. */
export async function runImages(
  options: AccuracyRunOptions,
): Promise<{ full: Dataset; data: Dataset; calibrationImages: number }> {
  const full = options.loaded ?? (await loadDataset(options.dataset));
  const data = subset(full, undefined, options.limit);
  return { full, data, calibrationImages: Math.min(options.calibrationImages ?? 1000, data.train.count) };
}

/** The transfer given, or the built-in solver's (null when it is not available); `onProgress` hears each extraction's progress. */
export async function runSolver(
  options: AccuracyRunOptions,
  onProgress?: (arrayId: string, done: number, total: number) => void,
): Promise<TransferFn | null> {
  return (
    options.transfer ?? (await loadSolverTransfer({ memoryBudget: options.memoryBudget, ...(onProgress ? { onProgress } : {}) }))
  );
}

/** Evaluation needs arrays that host tiles of the network's weights; say so clearly when none does. */
export function checkHostsTiles(design: Design): void {
  if (design.arrays.some((a) => a.tile)) return;
  const first = design.arrays[0];
  const device = first ? findDevice(design, first.device) : undefined;
  const preset = device?.preset ?? 'PRESET';
  const size = first ? `${first.rows}x${first.cols}` : '128x128';
  const what =
    design.arrays.length === 0
      ? 'has no arrays'
      : `has ${design.arrays.length} array(s), none of which hosts a tile of a network layer (their "tile" is empty)`;
  throw new UserError(
    `${design.chip.name} ${what}, so there is nothing to map the network onto; evaluate measures a network on the arrays that host its weights.\n` +
      `Create such a design with the same device and topology, e.g.\n` +
      `  spinplan layout-network --layers 784,128,10 --array-size ${size} --device ${preset} --topology ${first?.topology ?? 'passive'}${first ? ` --mapping ${first.mapping}` : ''} -o network.spinplan.json\n` +
      `(small arrays need many tiles: 784x128 on ${size} arrays is ${first ? Math.ceil(784 / first.rows) * Math.ceil(128 / first.cols) + Math.ceil(128 / first.rows) * Math.ceil(10 / first.cols) : '?'} arrays), then run spinplan evaluate on it.`,
  );
}

/**
 * A dense network's runs (evaluate without a model, training on the chip, training in the
 * loop) cannot read a layout of a model with conv layers, whose arrays hold unrolled
 * kernels: say so, and what maps it, before anything is loaded or trained.
 */
export function checkDenseLayout(design: Design, only: string): void {
  const conv = design.arrays.find((a) => a.tile?.kernel);
  const kernel = conv?.tile?.kernel;
  if (!conv || !kernel) return;
  throw new UserError(
    `${conv.id} holds the unrolled ${kernel.height}x${kernel.width}x${kernel.channels} kernel of layer ${conv.tile!.layer}: ` +
      `${design.chip.name} is laid out for a model with conv layers, and ${only}. ` +
      'Map the model with spinplan evaluate FILE --model M (in the Accuracy tab: the model as the weights file), or sweep it with spinplan sweep FILE --model M',
  );
}
