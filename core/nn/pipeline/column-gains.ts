import type { Design } from '../../model/design.js';
import type { MappingPlan } from '../mapping.js';
import type { ProgrammedState } from './programmed-state.js';
import { planTransfers, type TransferFn } from './transfer.js';

/**
 * Per-column gain calibration, as a chip's controller does it once per array and
 * programmed state: with every used row driven at V_read, the column current expected
 * from the target conductances is V_read sum_i G_target_ij; the one the circuit delivers
 * is V_read sum_i A_ji, with A the transfer matrix of the array programmed to those same
 * targets (IR drop, driver, transistor and sense resistance). Their ratio is the column's
 * gain, divided out digitally after the ADC (the ADC still sees the raw current).
 *
 * Why this and not a least-squares fit over calibration images: the all-rows vector is
 * data-free and exact for the uniform part of the loss (a column whose every cell loses
 * the same fraction is corrected exactly), it is one read per column on silicon, and it
 * does not fit the network's input statistics, so what remains (cells of one column
 * losing different fractions, mostly rows far from the sense amplifier along the column
 * wire) is the honest non-uniform IR-drop cost. Why the targets and not the varied
 * conductances: the gains are a property of the layout and the programmed state; using
 * the drawn devices would also divide out each column's mean device variation and hide
 * part of the variation step's cost inside the circuit step.
 * Gains are 1 for an ideal transfer. Physical columns whose expected current is zero keep gain 1.
 */
export type ColumnGains = Map<string, Float64Array>;

export async function calibrateColumnGains(
  design: Design,
  plan: MappingPlan,
  transfer: TransferFn,
  targets: ProgrammedState,
): Promise<ColumnGains> {
  const gains: ColumnGains = new Map();
  const transfers = await planTransfers(design, transfer, plan, targets);
  for (const layer of plan.layers) {
    if (!layer.hardware) continue;
    for (const ap of layer.hardware.arrays) {
      const g = targets.conductances(ap.array.id);
      const t = transfers.get(ap.array.id)!;
      const pc = ap.physicalColumns;
      const out = new Float64Array(pc).fill(1);
      for (let j = 0; j < pc; j++) {
        let expected = 0;
        let measured = 0;
        for (let i = 0; i < ap.usedRows; i++) {
          expected += g[i * pc + j]!;
          measured += t.a[j * t.rows + i]!;
        }
        if (expected > 0 && measured > 0) out[j] = expected / measured;
      }
      gains.set(ap.array.id, out);
    }
  }
  return gains;
}

/** Smallest and largest gain over all columns (for the report). */
export function gainRange(gains: ColumnGains): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const g of gains.values())
    for (const v of g) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  return { min, max };
}
