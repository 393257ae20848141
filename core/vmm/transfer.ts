import type { Design } from '../model/design.js';
import { lineMatrix, namedSingular, portSchur, SchurWorkspace } from '../solver/schur.js';
import { buildArrayCircuit, type ArrayCircuit } from './array-circuit.js';
import { checkMemory, type MemoryBudget } from './memory-estimate.js';
import { transferFromPorts, transferPlan, type TransferPlan, type TransferStructures } from './transfer-plan.js';

export { TransferStructures } from './transfer-plan.js';

export interface TransferMatrix {
  rows: number;
  columns: number;
  /** columns x rows, row-major: I_j = sum_i a[j*rows + i] * V_i, amps per volt of row input */
  a: Float64Array;
  /**
   * With `rowAdmittance`: rows x rows, row-major, the current each row source delivers,
   * I_src_k = sum_i y[k*rows + i] * V_i. The read power of an input is V^T Y V.
   */
  y?: Float64Array;
}

export interface TransferOptions {
  /** Also the row admittance Y (for read power); it comes with the same elimination. */
  rowAdmittance?: boolean;
  /** Refuse (a UserError with the estimate) before building anything when the extraction would need more. */
  memoryBudget?: MemoryBudget;
  /**
   * Called as the elimination goes, with the share of its work done as done / total
   * (thousandths; the last call is total / total): a 1024 x 1024 array takes tens of
   * seconds, and this is how a job says how far along it is.
   */
  onProgress?: (done: number, total: number) => void;
  /** The structure of the last array extracted, reused when this one has the same (transfer-plan.ts). */
  structures?: TransferStructures;
}

/**
 * The effective transfer matrix of an array with all its parasitics: I = A V exactly, for
 * every input V, since the circuit is linear. The row sources and the sense nodes are the
 * circuit's ports; eliminating every other node (solver/schur.ts) leaves the currents the
 * ports take for any port voltages, K_tot, and A and Y are blocks of it. A direct
 * elimination, exact to rounding, in place of one iterative solve per row: 512 x 512 in a
 * few single solves' time instead of about 230 (docs/architecture.md, the solver).
 * `conductances` (siemens, one per device, rows x physical columns) replaces the levels.
 */
export function extractTransfer(
  design: Design,
  arrayId: string,
  conductances?: Float64Array,
  options: TransferOptions = {},
): TransferMatrix {
  checkMemory(design, arrayId, 'transfer', options.memoryBudget, options);
  const circuit = buildArrayCircuit(design, arrayId, conductances, options.structures?.pattern);
  return transferOf(circuit, options, options.structures?.planFor(circuit, options));
}

/** Progress is reported in thousandths of the elimination's work. */
const PROGRESS_STEPS = 1000;

export function transferOf(
  circuit: ArrayCircuit,
  options: TransferOptions = {},
  plan: TransferPlan = transferPlan(circuit, options),
): TransferMatrix {
  const { system } = circuit;
  const { couplings, tree, cost } = plan;
  const workspace = new SchurWorkspace(system.pattern.n + couplings.ports, cost);
  let done = 0;
  let reported = 0;
  const onProgress = options.onProgress;
  const onNode = onProgress
    ? (t: number) => {
        done += cost.work[t]!;
        const step = Math.floor((PROGRESS_STEPS * done) / cost.total);
        if (step > reported && step < PROGRESS_STEPS) onProgress((reported = step), PROGRESS_STEPS);
      }
    : undefined;
  let k: Float64Array;
  try {
    k = portSchur(lineMatrix(system), couplings, tree, { workspace, ...(onNode ? { onNode } : {}) });
  } catch (e) {
    throw namedSingular(e, system);
  }
  const t = transferFromPorts(circuit, plan, k, options);
  onProgress?.(PROGRESS_STEPS, PROGRESS_STEPS);
  return t;
}
