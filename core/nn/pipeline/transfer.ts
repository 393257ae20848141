import type { Design } from '../../model/design.js';
import { findArray, physicalColumns } from '../../model/design.js';
import { extractTransfer, TransferStructures, type TransferMatrix } from '../../vmm/transfer.js';
import { solverThreads } from '../../jobs/solver-threads.js';
import { checkMemory, type MemoryBudget } from '../../vmm/memory-estimate.js';
import type { MappingPlan } from '../mapping.js';
import type { ProgrammedState } from './programmed-state.js';

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
  options: { memoryBudget?: MemoryBudget; onProgress?: (arrayId: string, done: number, total: number) => void } = {},
): Promise<TransferFn | null> {
  const { onProgress } = options;
  // Per array: extractions asked for together run side by side on the pool.
  const common = (arrayId: string) => ({
    rowAdmittance: true,
    ...(options.memoryBudget ? { memoryBudget: options.memoryBudget } : {}),
    ...(onProgress ? { onProgress: (done: number, total: number) => onProgress(arrayId, done, total) } : {}),
  });
  const { sharedTransferPool } = await import('../../jobs/transfer-pool.js');
  const threads = solverThreads();
  if (threads > 1) {
    const pool = sharedTransferPool(threads);
    return (design, arrayId, conductances) => pool.extract(design, arrayId, conductances, common(arrayId));
  }
  const structures = new TransferStructures();
  return (design, arrayId, conductances) => extractTransfer(design, arrayId, conductances, { ...common(arrayId), structures });
}

/**
 * The transfers of several arrays, asked for together and keyed by array.
 * On the transfer pool, arrays asked for together overlap, so the second core works while
 * one array's last fronts near the root run (the MNIST example's 7 arrays on 2 workers:
 * 1.76-1.81 times one core together, 1.63-1.70 one at a time; `npm run bench --
 * transfer-pool`). The serial solver still runs them one after another. Callers ask for a
 * whole chip's arrays at once: the pipeline's cache (memoTransfer) keeps every array's
 * matrix anyway, so holding them together costs no more memory.
 */
export async function transfersTogether(
  design: Design,
  transfer: TransferFn,
  requests: readonly { arrayId: string; conductances: Float64Array }[],
): Promise<Map<string, TransferMatrix>> {
  const got = await Promise.all(requests.map((r) => transfer(design, r.arrayId, r.conductances)));
  return new Map(got.map((t, k) => [requests[k]!.arrayId, t]));
}

/** The transfer of every array that hosts a tile of `plan`, at `state`'s conductances, asked for together. */
export function planTransfers(
  design: Design,
  transfer: TransferFn,
  plan: MappingPlan,
  state: ProgrammedState,
): Promise<Map<string, TransferMatrix>> {
  const hosted = plan.layers.flatMap((lp) => lp.hardware?.arrays ?? []);
  return transfersTogether(
    design,
    transfer,
    hosted.map((ap) => ({ arrayId: ap.array.id, conductances: state.conductances(ap.array.id) })),
  );
}

/**
 * Refuses a design whose transfer extraction would need more than the budget, for every
 * array that hosts a tile (the ones the circuit steps extract), with the message of
 * simulate and transfer (core/vmm/memory-estimate.ts). The estimate is arithmetic on the
 * arrays' sizes, so callers run it first, before loading data or training for minutes and
 * only then meeting the array that cannot be extracted. It counts the solver threads
 * (SPINPLAN_SOLVER_THREADS) as the pool's own check does. Without a budget nothing is checked.
 */
export function checkTransferMemory(
  design: Design,
  budget: MemoryBudget | undefined,
  options: { rowAdmittance?: boolean; workers?: number } = {},
): void {
  if (!budget) return;
  // The workers of the pool loadSolverTransfer hands the extractions to, each with its own fronts.
  const o = { ...options, workers: options.workers ?? solverThreads() };
  for (const array of design.arrays) if (array.tile) checkMemory(design, array.id, 'transfer', budget, o);
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
