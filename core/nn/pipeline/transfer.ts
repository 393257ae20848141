import type { Design } from '../../model/design.js';
import { findArray, physicalColumns } from '../../model/design.js';
import { extractTransfer, TransferStructures, type TransferMatrix } from '../../vmm/transfer.js';
import { checkMemory, type MemoryBudget } from '../../vmm/memory-estimate.js';

/**
 * The array stage of the pipeline: each array's effective transfer I = A V for its
 * programmed conductances, ideal (A = G) or from the circuit solver.
 */
export type { TransferMatrix };

export type TransferFn = (
  design: Design,
  arrayId: string,
  conductances?: Float64Array,
) => TransferMatrix | Promise<TransferMatrix>;

/**
 * No wires, no drivers, no sense resistance: A is the conductance matrix itself. What
 * the solver gives for a passive array with zero parasitics.
 */
export function idealTransfer(design: Design, arrayId: string, conductances?: Float64Array): TransferMatrix {
  const array = findArray(design, arrayId);
  if (!array) throw new Error(`no array ${arrayId}`);
  if (!conductances) throw new Error('idealTransfer needs the conductances');
  const rows = array.rows;
  const columns = physicalColumns(array);
  const a = new Float64Array(rows * columns);
  // Each row source delivers V_i sum_j G_ij: its row admittance is diagonal.
  const y = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < columns; j++) {
      a[j * rows + i] = conductances[i * columns + j]!;
      y[i * rows + i]! += conductances[i * columns + j]!;
    }
  return { rows, columns, a, y };
}

/**
 * The circuit solver's transfer extraction (core/vmm/transfer.ts), with the row admittance
 * for read power: the default for the circuit steps. With a budget, an extraction
 * estimated above it is refused before anything is built (see checkTransferMemory);
 * `onProgress` hears the share of the elimination done (core/vmm/transfer.ts). On a
 * machine with several cores the extraction runs on the process's worker pool
 * (core/jobs/transfer-pool.ts, SPINPLAN_SOLVER_THREADS), bit-identical to the serial one;
 * either way arrays of one structure after the first skip the symbolic work.
 */
export async function loadSolverTransfer(
  options: { memoryBudget?: MemoryBudget; onProgress?: (done: number, total: number) => void } = {},
): Promise<TransferFn | null> {
  const common = {
    rowAdmittance: true,
    ...(options.memoryBudget ? { memoryBudget: options.memoryBudget } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const { sharedTransferPool, solverThreads } = await import('../../jobs/transfer-pool.js');
  const threads = solverThreads();
  if (threads > 1) {
    const pool = sharedTransferPool(threads);
    return (design, arrayId, conductances) => pool.extract(design, arrayId, conductances, common);
  }
  const structures = new TransferStructures();
  return (design, arrayId, conductances) => extractTransfer(design, arrayId, conductances, { ...common, structures });
}

/**
 * Refuses a design whose transfer extraction would need more than the budget, for every
 * array that hosts a tile (the ones the circuit steps extract), with the message of
 * simulate and transfer (core/vmm/memory-estimate.ts). The estimate is arithmetic on the
 * arrays' sizes, so callers run it first, before loading data or training for minutes and
 * only then meeting the array that cannot be extracted. Without a budget nothing is checked.
 */
export function checkTransferMemory(
  design: Design,
  budget: MemoryBudget | undefined,
  options: { rowAdmittance?: boolean } = {},
): void {
  if (!budget) return;
  for (const array of design.arrays) if (array.tile) checkMemory(design, array.id, 'transfer', budget, options);
}

/**
 * The transfer cache, keyed by programmed state: a transfer function that remembers each
 * array's last matrix with the conductances it was extracted for, and returns it again
 * for the same conductances (compared by value). The calibration's target state, every
 * Monte Carlo draw of a variation-free device and a step that reads a chip again without
 * its gains then cost one extraction, not one each. On-chip training that reprograms a
 * few cells between reads misses only on the arrays it touched.
 */
export function memoTransfer(fn: TransferFn): TransferFn {
  const last = new Map<string, { g: Float64Array; t: TransferMatrix }>();
  return async (design, arrayId, conductances) => {
    const hit = last.get(arrayId);
    if (hit && conductances && sameValues(hit.g, conductances)) return hit.t;
    const t = await fn(design, arrayId, conductances);
    if (conductances) last.set(arrayId, { g: Float64Array.from(conductances), t });
    return t;
  };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
