import type { SimulationResult } from '../vmm/simulate.js';
import type { SimulateResult } from './contract.js';

/** The drop map is downsampled to at most this many rows and columns for the wire. */
const MAX_DROP_EDGE = 256;

/**
 * A simulation reduced for transport and drawing (SimulateResult): the column currents
 * with both references, the drop map downsampled by the worst drop of each block, the
 * summary, warnings and read power.
 */
export function simulateView(raw: SimulationResult): SimulateResult {
  const { rows, columns } = raw;
  const drop = raw.voltageDrop;
  const dropRows = Math.min(rows, MAX_DROP_EDGE);
  const dropCols = Math.min(columns, MAX_DROP_EDGE);
  const reduced = new Array<number>(dropRows * dropCols).fill(0);
  for (let r = 0; r < rows; r++) {
    const rr = Math.floor((r * dropRows) / rows);
    for (let c = 0; c < columns; c++) {
      const i = rr * dropCols + Math.floor((c * dropCols) / columns);
      reduced[i] = Math.max(reduced[i]!, Math.abs(drop[r * columns + c]!));
    }
  }
  const worst = (errors: Float64Array) => errors.reduce((m, e) => Math.max(m, Math.abs(e)), 0);
  let min = Infinity;
  let max = -Infinity;
  let driven = 0;
  for (const v of raw.inputs) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    if (v !== 0) driven++;
  }
  return {
    arrayId: raw.arrayId,
    rows,
    columns,
    circuit: Array.from(raw.current),
    ideal: Array.from(raw.ideal),
    cells: Array.from(raw.cells),
    drop: reduced,
    dropRows,
    dropCols,
    inputs: { min, max, driven },
    summary: {
      maxDrop: raw.irDrop.worst,
      meanDrop: raw.irDrop.mean,
      worstColumnError: worst(raw.relativeError),
      worstArrayError: worst(raw.arrayError),
      delivered: raw.delivery.delivered,
      worstDelivered: raw.delivery.worst.delivered,
      cellsDeliver: raw.delivery.cells,
      solveMs: raw.solveSeconds * 1000,
    },
    nonlinear: raw.nonlinear ?? null,
    warnings: [...raw.warnings],
    power: raw.power,
  };
}
