import type { ColumnGains } from '../pipeline/column-gains.js';
import type { DeviceArray } from './device-arrays.js';
import type { TransferTracker } from './transfer-tracker.js';

/**
 * The weights one layer of the chip applies, inputs x outputs row-major, as the backward
 * pass sees them: a hosted weight is what the readout makes of the array's transfer, its
 * column scale times the gain-corrected current difference per volt,
 *   W_eff[i, o] = perSiemens[o] * (gain+ A+_i - gain- A-_i)   (differential)
 *   W_eff[i, o] = perSiemens[o] * (gain A_i - gain_ref A_ref,i) (reference),
 * which with ideal wires is the pair's conductance difference in weight units and with IR
 * drop is what the array really delivers; a weight no array hosts is its digital value.
 */
export function effectiveWeights(
  inputs: number,
  outputs: number,
  arrays: readonly DeviceArray[],
  tracker: TransferTracker,
  gains: ColumnGains | null,
  digital: Float32Array | null,
): Float32Array {
  const w = digital ? Float32Array.from(digital) : new Float32Array(inputs * outputs);
  for (const a of arrays) {
    const { plan } = a;
    // Entry (i, j) of the cells' layout is A_ji.
    const cells = tracker.cells(plan.array.id);
    const pc = plan.physicalColumns;
    const gain = gains?.get(plan.array.id);
    const gj = (p: number) => gain?.[p] ?? 1;
    for (let c = 0; c < plan.usedCols; c++) {
      const [p, q] = a.mapping === 'differential' ? [2 * c, 2 * c + 1] : [c, plan.array.cols];
      const gp = gj(p);
      const gq = gj(q);
      const s = a.perSiemens[c]!;
      for (let r = 0; r < plan.usedRows; r++)
        w[(plan.rowOffset + r) * outputs + plan.colOffset + c] = s * (gp * cells[r * pc + p]! - gq * cells[r * pc + q]!);
    }
  }
  return w;
}
