import type { TrainOnChipOptions, TrainOnChipProgress, TrainOnChipResult } from '../../api/contract.js';
import { timedEvents } from '../../jobs/eta.js';
import { subProgress, type JobEvents } from '../../jobs/job.js';
import type { Design } from '../../model/design.js';
import type { MemoryBudget } from '../../vmm/memory-estimate.js';
import { loadDataset, subset, type Dataset } from '../datasets.js';
import { checkDenseLayout, checkHostsTiles } from '../evaluate-setup.js';
import { layoutArea } from '../evaluate-report.js';
import { describeNetwork, type NetworkSpec } from '../network.js';
import { checkTransferMemory, type TransferFn } from '../pipeline/transfer.js';
import { checkNetworkFits } from '../train.js';
import type { PulseModelOf } from './device-arrays.js';
import { planInSitu } from './insitu-plan.js';
import { cachedSoftwareSgd } from './software-sgd.js';
import { trainingParameters } from './run-parameters.js';
import { trainOnChip, type InSituProgress } from './train-on-chip.js';
import { trainedDesign } from './trained-design.js';

/**
 * A whole train-on-chip run as the CLI and the job worker start it: the checks that need
 * no data first (the design hosts the network's layers, as evaluate checks; every hosting
 * array's transfer extraction fits the memory budget), then the software reference (SGD
 * of the same network and recipe, cached), the in-situ training, and the design copy with
 * the trained states.
 */
export interface RunDeps {
  /** Default: the device's pulse model (core/devices/pulse). */
  pulseModel?: PulseModelOf;
  /** Default: the circuit solver's transfer; null reads the arrays with ideal wires. */
  circuit?: TransferFn | null;
  memoryBudget?: MemoryBudget;
  /** The dataset, already loaded (tests); else loaded by name. */
  loaded?: Dataset;
  /** Weight range of each hosted layer in Glorot limits (see insitu-plan.ts). */
  weightScale?: number;
}

export interface RunEvents extends JobEvents {
  /** The live detail of the training (train-on-chip.ts), with the software reference's accuracy per epoch. */
  onDetail?(detail: TrainOnChipProgress): void;
}

export async function runTrainOnChip(
  design: Design,
  options: TrainOnChipOptions,
  deps: RunDeps = {},
  events?: RunEvents,
): Promise<TrainOnChipResult> {
  const t0 = performance.now();
  const network: NetworkSpec = { layers: options.layers, activation: { kind: 'sigmoid' } };
  checkHostsTiles(design);
  checkDenseLayout(design, 'training on the chip trains dense networks only');
  // Tiles outside the network's layers and overlapping tiles are refused here, before any data is read.
  planInSitu(design, network, deps.weightScale);
  if (deps.circuit === undefined) checkTransferMemory(design, deps.memoryBudget);
  const full = deps.loaded ?? (await loadDataset(options.dataset === 'fashion-mnist' ? 'fashion' : 'mnist'));
  const data = subset(full, options.limit, options.limit);
  checkNetworkFits(network, data);
  const circuit = deps.circuit === undefined ? await solverTransfer(deps.memoryBudget) : deps.circuit;
  const pulseModel = deps.pulseModel ?? (await import('../../devices/pulse/pulse-model-of.js')).pulseModel;

  const recipe = { epochs: options.epochs, batchSize: options.batch, learningRate: options.lr, seed: options.seed };
  const timed = timedEvents(events);
  const software = await cachedSoftwareSgd(network, data, recipe, subProgress(timed, 0, 0.1));
  // A cached reference takes a moment: the time left is judged by the training's own pace.
  if (software.fromCache) timed.restartEstimate();
  const inner = subProgress(timed, 0.1, 0.9);
  const pulseStep = options.pulseStep ?? 'datasheet';
  const run = await trainOnChip(
    design,
    {
      data,
      network,
      rule: options.rule === 'manhattan' ? { rule: 'manhattan' } : { rule: 'sgd', rounding: options.rounding },
      epochs: options.epochs,
      batchSize: options.batch,
      learningRate: options.lr,
      seed: options.seed,
      refreshTransfer: options.refreshTransfer,
      circuit,
      pulseModel,
      pulseStep,
      ...(deps.weightScale !== undefined ? { weightScale: deps.weightScale } : {}),
    },
    {
      ...inner,
      ...(events?.onDetail ? { onDetail: (d: InSituProgress) => events.onDetail!({ ...d, software: software.perEpoch }) } : {}),
    },
  );
  return {
    summary: {
      accuracy: { perEpoch: run.perEpoch, final: run.final, software: software.final },
      pulses: run.total.pulses,
      writeEnergy: run.total.writeEnergy,
      writeTime: run.total.writeTime,
      epochs: run.epochs,
      initialization: run.initialization,
      total: run.total,
      transfer: run.transfer,
      software: { perEpoch: software.perEpoch, secondsPerEpoch: software.secondsPerEpoch, fromCache: software.fromCache },
      // The step as run, always written: a summary without it was made before the choice existed (each device's own).
      options: { ...options, pulseStep },
      network: describeNetwork(network),
      parameters: trainingParameters(design, options, network, data),
      area: layoutArea(design),
      seconds: (performance.now() - t0) / 1000,
      notes: run.notes,
    },
    design: trainedDesign(design, run.levels),
  };
}

/** The circuit solver's transfer without the row admittance (training reads no read power, and it can cost a solve per row). */
async function solverTransfer(memoryBudget: MemoryBudget | undefined): Promise<TransferFn> {
  const { extractTransfer } = await import('../../vmm/transfer.js');
  return (design, arrayId, conductances) => extractTransfer(design, arrayId, conductances, { memoryBudget });
}
