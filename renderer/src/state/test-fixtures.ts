import type {
  AccuracyReport,
  SimulateResult,
  TrainOnChipOptions,
  TrainOnChipProgress,
  TrainOnChipResult,
} from '../../../core/api/contract.js';
import { deviceFromPreset } from '../../../core/api/devices.js';
import type { Design } from '../../../core/model/design.js';
import { applyDiff, placeArray } from '../../../core/model/edits/index.js';
import { emptyDesign } from './new-design.js';

/** Small documents and results for the state tests (imported by tests only). */

/** A design with `n` 8 x 4 passive arrays (arr_1, arr_2, ...) of one device, side by side. */
export function designWith(n: number): Design {
  let d = emptyDesign('fixture');
  const device = deviceFromPreset('sot-mtj-1.6nm', { id: 'dev_1', cells: 2 });
  for (let i = 0; i < n; i++) {
    d = applyDiff(d, placeArray(d, { topology: 'passive', device, rows: 8, cols: 4, x: 20 + 150 * i, y: 20 }).diff);
  }
  return d;
}

/** A simulation result of an array, as the engine reports it. */
export function simulation(arrayId: string, maxDrop = 0.002): SimulateResult {
  return {
    arrayId,
    rows: 1,
    columns: 2,
    circuit: [1e-6, 2e-6],
    ideal: [1.1e-6, 2.1e-6],
    cells: [1.05e-6, 2.05e-6],
    drop: [maxDrop, maxDrop / 2],
    dropRows: 1,
    dropCols: 2,
    inputs: { min: 0.1, max: 0.1, driven: 1 },
    summary: {
      maxDrop,
      meanDrop: maxDrop / 2,
      worstColumnError: 0.09,
      worstArrayError: 0.05,
      delivered: 0.94,
      worstDelivered: 0.91,
      cellsDeliver: 0.97,
      solveMs: 1,
    },
    nonlinear: null,
    warnings: [],
    power: { total: 1e-6, cells: 1e-6, rowWires: 0, columnWires: 0, drivers: 0, rowTransistors: 0, sense: 0 },
  };
}

/**
 * An accuracy report as the state reads it: by identity, and its raw part for pinning
 * (what the Accuracy tab draws of the rest is not the state's business, so it is left out).
 */
export function accuracyReport(hardware = 0.9): AccuracyReport {
  const spread = { mean: hardware, std: 0.01, draws: [hardware] };
  const raw = {
    dataset: 'mnist',
    testImages: 100,
    network: '784-16-10',
    monteCarlo: 1,
    accuracy: { fp32: 0.95, quantized: 0.94, variation: spread, circuit: null, hardware: spread },
  };
  return { dataset: 'mnist', testImages: 100, network: '784-16-10', monteCarlo: 1, raw } as unknown as AccuracyReport;
}

/** Training options of a tiny run (the tab's defaults are not the state's business). */
export const TRAINING_OPTIONS: TrainOnChipOptions = {
  dataset: 'mnist',
  layers: [784, 16, 10],
  rule: 'sgd',
  rounding: 'stochastic',
  epochs: 2,
  batch: 20,
  lr: 0.5,
  limit: 100,
  refreshTransfer: 5,
  seed: 1,
};

/** A design whose arrays host tiles of layer 0 (as layout-network assigns them), for trainings. */
export function hostingDesign(n: number): Design {
  const d = designWith(n);
  return { ...d, arrays: d.arrays.map((a, i) => ({ ...a, tile: { layer: 0, rowOffset: 8 * i, colOffset: 0 } })) };
}

/** Live progress of a training after `epochs` finished epochs (and `batch` of the next), as the engine reports it. */
export function trainingProgress(epochs: number, batch = 0, over: Partial<TrainOnChipProgress> = {}): TrainOnChipProgress {
  const perEpoch = Array.from({ length: epochs }, (_, i) => ({
    pulses: { set: 100 + i, reset: 10 + i },
    writeEnergy: 1e-9,
    writeTime: 1e-6,
  }));
  return {
    epoch: Math.min(epochs + 1, 2),
    epochs: 2,
    batch,
    batches: 5,
    loss: 2,
    accuracyPerEpoch: Array.from({ length: epochs }, (_, i) => 0.3 + 0.1 * i),
    software: [0.4, 0.5],
    perEpoch,
    epochSoFar: { pulses: { set: 7, reset: 3 }, writeEnergy: 1e-10, writeTime: 1e-7 },
    pulses: { set: 500, reset: 20 },
    writeEnergy: 3e-9,
    writeTime: 3e-6,
    etaSeconds: 2,
    ...over,
  };
}

/** A finished training of `design` whose trained copy holds every hosting cell at `level`. */
export function trainingResult(design: Design, level = 1, final = 0.42): TrainOnChipResult {
  const trained = {
    ...design,
    arrays: design.arrays.map((a) => (a.tile ? { ...a, states: { encoding: 'fill' as const, level } } : a)),
  };
  const epoch = (e: number) => ({
    epoch: e,
    accuracy: 0.3 + 0.1 * (e - 1),
    loss: 2,
    pulses: { set: 100 + e, reset: 10 + e },
    writeEnergy: 1e-9,
    writeTime: 1e-6,
    writeSteps: 4,
    halfSelected: 0,
    disturbed: 0,
    updates: { requested: 10, rounded: 2, saturated: 0 },
    refreshedPairs: 0,
    extractions: 1,
    seconds: 0.5,
  });
  const totals = {
    pulses: { set: 600, reset: 30 },
    writeEnergy: 4e-9,
    writeTime: 4e-6,
    writeSteps: 12,
    halfSelected: 0,
    disturbed: 0,
  };
  return {
    summary: {
      accuracy: { perEpoch: [0.3, 0.4], final, software: 0.5 },
      pulses: totals.pulses,
      writeEnergy: totals.writeEnergy,
      writeTime: totals.writeTime,
      epochs: [epoch(1), epoch(2)],
      initialization: { ...totals, pulses: { set: 400, reset: 0 } },
      total: totals,
      transfer: { refreshEvery: 5, extractions: 3, seconds: 1, extractedAt: [0, 5, 10] },
      software: { perEpoch: [0.4, 0.5], secondsPerEpoch: [0.1, 0.1], fromCache: true },
      options: TRAINING_OPTIONS,
      network: '784-16-10 sigmoid',
      parameters: {
        spinplan: '0.1.0',
        design: { name: design.chip.name, die: { width: design.chip.width, height: design.chip.height } },
        technology: design.technology,
        devices: {},
        arrays: {},
        network: {
          layers: [784, 16, 10],
          activation: 'sigmoid',
          weights: 'trained on the chip',
          training: {
            rule: 'sgd',
            rounding: 'stochastic',
            epochs: 2,
            batchSize: 20,
            learningRate: 0.5,
            seed: 1,
            refreshTransfer: 5,
          },
        },
        dataset: { name: 'mnist', testImages: 100, trainImages: 100 },
      },
      area: { arrays: 1e-8, die: 2e-8, utilisation: 0.5 },
      seconds: 3,
      notes: [],
    },
    design: trained,
  };
}
