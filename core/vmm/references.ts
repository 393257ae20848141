import type { Design } from '../model/design.js';
import type { ArrayCircuit } from './array-circuit.js';
import { CellBranch } from './cell-branch.js';
import { mtjLaw } from './mtj-law.js';

/**
 * What a simulated column current is measured against. Two references, because a cell
 * is more than its device:
 *  - G V: the devices' conductance alone times the row voltages, what the weights encode;
 *  - cells alone: each cell's own series branch (device, write-channel segment, access
 *    transistor) at its row voltage, with ideal wires, drivers, sense inputs and row
 *    transistors.
 * The circuit against the cells alone is what the array around the cells costs (IR drop
 * and the periphery); the cells alone against G V is what the cells' own series
 * resistance costs. A compound MTJ's channel segment or a 1T1R cell's transistor can take
 * a large share by itself, and mixing the two hid where a loss came from.
 */
export function cellOnlyCurrents(design: Design, circuit: ArrayCircuit, inputs: Float64Array, nonlinear: boolean): Float64Array {
  const { rows: R, columns: P, cells, template } = circuit.netlist;
  const rn = circuit.netlist.resistors.count;
  const out = new Float64Array(P);
  if (!nonlinear) {
    // Each cell's branch conductance (device + channel + access transistor in series), as the solver's cell edges hold it.
    for (let i = 0; i < R; i++) {
      const v = inputs[i]!;
      for (let j = 0; j < P; j++) out[j]! += circuit.edgeConductance[rn + i * P + j]! * v;
    }
    return out;
  }
  // The nonlinear cell (bias-dependent TMR, triode access transistor) between its row voltage and a grounded column.
  const tr = design.technology.transistor;
  const law = template.bias;
  const branch = new CellBranch({
    law: mtjLaw(law),
    channelOhms: template.channelOhms,
    access:
      template.accessOhms > 0
        ? { beta: tr.transconductance * tr.widthOverLength, vgt: tr.gateVoltage - tr.thresholdVoltage }
        : null,
  });
  for (let i = 0; i < R; i++) {
    const v = inputs[i]!;
    for (let j = 0; j < P; j++) {
      const level = cells.level[i * P + j]!;
      out[j]! += branch.current(law.gFixed[level]!, law.gBias[level]!, v, 0, v);
    }
  }
  return out;
}

/** A column delivering less than this share of its G V current is far from usable. */
export const FAR_FROM_USABLE = 0.5;
/** The array around the cells (wires, drivers, sense, row transistors) taking more than this share of a column's cells-alone current is worth a warning. */
export const ARRAY_LOSS_WARNING = 0.2;

export interface ColumnDelivery {
  /** Sum of the column currents over the sum of their G V (how much of the encoded current arrives overall). */
  delivered: number;
  /** The column that delivers the least of its own G V, and that share. */
  worst: { column: number; delivered: number };
  /** Sum of the cells-alone currents over the sum of G V: what the cells' own series parts leave. */
  cells: number;
  /** The largest loss of a column against its cells-alone current: what the wires and the periphery take. */
  arrayLoss: { column: number; loss: number };
}

export function columnDelivery(current: Float64Array, ideal: Float64Array, cells: Float64Array): ColumnDelivery {
  let sumI = 0;
  let sumIdeal = 0;
  let sumCells = 0;
  const worst = { column: -1, delivered: 1 };
  const arrayLoss = { column: -1, loss: 0 };
  for (let j = 0; j < ideal.length; j++) {
    const g = ideal[j]!;
    if (!(Math.abs(g) > 0)) continue;
    sumI += current[j]!;
    sumIdeal += g;
    sumCells += cells[j]!;
    const d = current[j]! / g;
    if (worst.column < 0 || d < worst.delivered) Object.assign(worst, { column: j, delivered: d });
    const loss = cells[j]! !== 0 ? 1 - current[j]! / cells[j]! : 0;
    if (loss > arrayLoss.loss) Object.assign(arrayLoss, { column: j, loss });
  }
  return {
    delivered: sumIdeal !== 0 ? sumI / sumIdeal : 1,
    worst: worst.column < 0 ? { column: 0, delivered: 1 } : worst,
    cells: sumIdeal !== 0 ? sumCells / sumIdeal : 1,
    arrayLoss: arrayLoss.column < 0 ? { column: 0, loss: 0 } : arrayLoss,
  };
}

const pct = (f: number) => `${(100 * f).toFixed(f < 0.1 ? 1 : 0)} %`;

/**
 * Warnings about an array that cannot work as a vector-matrix multiplier as laid out: a
 * column that delivers less than half of its G V current (with where the loss comes from,
 * and what helps), or wires and periphery that take more than a fifth of a column's
 * current on top of the cells' own resistance.
 */
export function deliveryWarnings(arrayId: string, rows: number, d: ColumnDelivery): string[] {
  const out: string[] = [];
  if (d.worst.delivered < FAR_FROM_USABLE) {
    const cellsShare = 1 - d.cells;
    const arrayShare = d.cells - d.delivered;
    const cause =
      cellsShare >= arrayShare
        ? `the cells' own series resistance (write-channel segment, access transistor) takes ${pct(cellsShare)} of it: use higher-resistance devices or cells without series parts`
        : `the wires, drivers, sense inputs and row transistors take ${pct(arrayShare)} of it (IR drop along ${rows} rows): use shorter arrays, lower-resistance wires or higher-resistance devices`;
    out.push(
      `${arrayId} is far from usable: column ${d.worst.column} delivers only ${pct(d.worst.delivered)} of its G*V current (${pct(d.delivered)} on average); ${cause}`,
    );
  }
  if (d.arrayLoss.loss > ARRAY_LOSS_WARNING && d.worst.delivered >= FAR_FROM_USABLE)
    out.push(
      `${arrayId}: the wires and the periphery take ${pct(d.arrayLoss.loss)} of column ${d.arrayLoss.column}'s current beyond what its cells' own resistance costs; an accuracy run's column gain calibration undoes only the part that is the same for every cell of a column`,
    );
  return out;
}
