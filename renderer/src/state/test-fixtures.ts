import type { AccuracyReport, SimulateResult } from '../../../core/api/contract.js';
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
