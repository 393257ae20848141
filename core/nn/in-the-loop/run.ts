import { timedEvents } from '../../jobs/eta.js';
import { subProgress, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import type { MemoryBudget } from '../../vmm/memory-estimate.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { loadWeightsFile, type NetworkSpec, type Weights } from '../network.js';
import { checkTransferMemory, type TransferFn } from '../pipeline/transfer.js';
import { planMapping } from '../mapping.js';
import { checkNetworkFits, trainedWeights, type Recipe } from '../train.js';
import type { EvaluateReport } from '../../api/accuracy-report.js';
import { evaluateDesign, type EvaluateOptions } from '../evaluate.js';
import { checkDenseLayout, checkHostsTiles } from '../evaluate-setup.js';
import { inTheLoopReport, trainInTheLoop, type InTheLoopOptions, type InTheLoopResult } from './train-in-the-loop.js';

/**
 * A whole run of training in the loop as the CLI and a job start it: the checks that need
 * no data first (the design hosts tiles of the network, every hosting array's extraction
 * fits the memory budget), then the dataset, the start weights (a file, or the cached
 * software training of the network and recipe, trained now if missing), and the training.
 */
export interface InTheLoopRun extends Omit<InTheLoopOptions, 'epochs'> {
  dataset: 'mnist' | 'fashion';
  network: NetworkSpec;
  /** The software training the start weights come from when no file is given. */
  recipe: Recipe;
  /** Epochs in the loop. */
  epochs: number;
  /** Start from this weights file instead of the cached software training. */
  weightsFile?: string;
  /** Test images (the first K); default all. */
  limit?: number;
  /** Training images (the first N); default all. */
  trainLimit?: number;
}

export interface InTheLoopDeps {
  /** Default: the circuit solver (core/vmm/transfer.ts); null reads the arrays with ideal wires. */
  circuit?: TransferFn | null;
  memoryBudget?: MemoryBudget;
  /** The dataset, already loaded (tests). */
  loaded?: Dataset;
  /** The start weights, already at hand (tests). */
  start?: Weights;
}

export async function runInTheLoop(
  design: Design,
  o: InTheLoopRun,
  deps: InTheLoopDeps = {},
  events?: JobEvents,
): Promise<InTheLoopResult> {
  checkHostsTiles(design);
  checkDenseLayout(design, 'training in the loop trains dense networks only');
  if (deps.circuit === undefined) checkTransferMemory(design, deps.memoryBudget);
  const timed = timedEvents(events);
  const full = deps.loaded ?? (await loadDataset(o.dataset));
  const data = subset(full, o.trainLimit, o.limit);
  checkNetworkFits(o.network, data);
  const start =
    deps.start ??
    (o.weightsFile
      ? await loadWeightsFile(o.weightsFile, o.network.activation)
      : (await trainedWeights(o.network, o.dataset, o.recipe, subProgress(timed, 0, 0.05, 'software training:'))).weights);
  // Tiles outside the network's layers and overlapping tiles are refused before any extraction.
  planMapping(design, start, o.quant);
  timed.restartEstimate();
  const circuit = deps.circuit === undefined ? await solverTransfer(deps.memoryBudget) : deps.circuit;
  return trainInTheLoop(design, start, data, o, circuit, subProgress(timed, 0.05, 0.95));
}

/** The circuit solver's transfer without the row admittance (training reads no read power, and it can cost a solve per row). */
async function solverTransfer(memoryBudget: MemoryBudget | undefined): Promise<TransferFn> {
  const { extractTransfer } = await import('../../vmm/transfer.js');
  return (design, arrayId, conductances) => extractTransfer(design, arrayId, conductances, { memoryBudget });
}

/**
 * Training in the loop, then the trained weights through evaluate's breakdown (what the
 * Accuracy tab's "Train in the loop" shows): every step of ACCURACY_STEPS on the weights the
 * loop wrote, whose parameters say how they were made, with the loop's own comparison
 * (software, open loop, in the loop; the chip trained on and fresh draws) attached.
 */
export async function evaluateInTheLoop(
  design: Design,
  o: InTheLoopRun,
  evaluate: Pick<EvaluateOptions, 'calibrationImages' | 'memoryBudget' | 'transfer'>,
  deps: InTheLoopDeps = {},
  events?: JobEvents,
): Promise<EvaluateReport> {
  const r = await runInTheLoop(design, o, deps, subProgress(events, 0, 0.85));
  const report = await evaluateDesign(
    design,
    {
      dataset: o.dataset,
      ...(deps.loaded ? { loaded: deps.loaded } : {}),
      weights: r.weights,
      weightsOrigin: {
        how: `trained in the loop (${o.mode}, ${o.epochs} epoch${o.epochs === 1 ? '' : 's'}, rate ${o.learningRate}) from ${o.weightsFile ? `file ${o.weightsFile}` : deps.start ? 'the weights given' : `the network trained ${o.recipe.epochs} epochs`}`,
        // The software training the loop started from (none for a weights file).
        ...(o.weightsFile || deps.start ? {} : { recipe: o.recipe }),
      },
      ...(o.limit !== undefined ? { limit: o.limit } : {}),
      monteCarlo: o.freshDraws,
      seed: o.seed,
      quant: o.quant,
      adcRange: o.adcRange,
      ...evaluate,
    },
    subProgress(events, 0.85, 0.15, 'the trained weights:'),
  );
  return { ...report, inTheLoop: inTheLoopReport(r) };
}
