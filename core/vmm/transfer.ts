import type { Design } from '../model/design.js';
import { allocBlock, BLOCK_WIDTH, pcgSolveBlock } from '../solver/pcg-block.js';
import { EDGE_A_FIXED_B, EDGE_B_FIXED_A } from '../solver/system.js';
import { buildArrayCircuit, type ArrayCircuit } from './array-circuit.js';
import { checkMemory, type MemoryBudget } from './memory-estimate.js';

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
  /** Also the row admittance Y (for read power); costs `rows` solves when there are fewer columns than rows. */
  rowAdmittance?: boolean;
  /** Refuse (a UserError with the estimate) before building anything when the extraction would need more. */
  memoryBudget?: MemoryBudget;
  /**
   * Called after each block of right-hand sides with the solves done and the solves the
   * extraction needs: a large array takes seconds to minutes, and this is how a job says
   * how far along it is.
   */
  onProgress?: (done: number, total: number) => void;
}

/** Right-hand sides solved together; 4 keeps the interleaved vectors in cache and hides the Thomas recurrence latency. */
const BLOCK = BLOCK_WIDTH;
/** Relative residual per right-hand side: A V matches a direct solve to ~1e-8 at 256 x 256, far below device variation. */
const TRANSFER_TOLERANCE = 1e-9;

/**
 * The effective transfer matrix of an array with all its parasitics: I = A V exactly, for
 * every input V, since the circuit is linear. With G the nodal matrix, B the injections of
 * the row sources and S the sense probes, A = S G^-1 B (+ direct source-to-sense paths).
 * G is symmetric, so min(rows, columns) solves suffice: G X = B (one per row), or the
 * adjoint G Y = S^T (one per column) when there are fewer columns than rows.
 * `conductances` (siemens, one per device, rows x physical columns) replaces the levels.
 */
export function extractTransfer(
  design: Design,
  arrayId: string,
  conductances?: Float64Array,
  options: TransferOptions = {},
): TransferMatrix {
  checkMemory(design, arrayId, 'transfer', options.memoryBudget, options);
  return transferOf(buildArrayCircuit(design, arrayId, conductances), options);
}

export function transferOf(circuit: ArrayCircuit, options: TransferOptions = {}): TransferMatrix {
  const { rows: R, columns: P } = circuit.netlist;
  const { pattern, system, pcg, edgeConductance: g, inputOfNode } = circuit;
  const { a, b } = circuit.graph;
  const { unknownOf, edgeType, n } = pattern;

  // Row sources: (unknown, row, g) for every element from a source node into the network.
  const srcU: number[] = [];
  const srcRow: number[] = [];
  const srcG: number[] = [];
  for (let e = 0; e < circuit.graph.edgeCount; e++) {
    const t = edgeType[e];
    if (t !== EDGE_A_FIXED_B && t !== EDGE_B_FIXED_A) continue;
    const fixedNode = t === EDGE_A_FIXED_B ? b[e]! : a[e]!;
    const row = inputOfNode[fixedNode]!;
    if (row < 0) continue;
    srcU.push(unknownOf[t === EDGE_A_FIXED_B ? a[e]! : b[e]!]!);
    srcRow.push(row);
    srcG.push(g[e]!);
  }
  // Sense probes: (unknown or -1, column, g); probes straight from a source node go to `out` (and `y`) directly.
  const out = new Float64Array(P * R);
  const y = options.rowAdmittance ? new Float64Array(R * R) : undefined;
  const probeU: number[] = [];
  const probeCol: number[] = [];
  const probeG: number[] = [];
  const { column, other, edge } = circuit.probes;
  for (let k = 0; k < column.length; k++) {
    const u = unknownOf[other[k]!]!;
    const ge = g[edge[k]!]!;
    const row = inputOfNode[other[k]!]!;
    if (u >= 0) {
      probeU.push(u);
      probeCol.push(column[k]!);
      probeG.push(ge);
    } else if (row >= 0) {
      out[column[k]! * R + row]! += ge;
      if (y) y[row * R + row]! += ge;
    }
  }
  // A source element from row k into the network delivers g (V_k - x): its V_k part is diagonal.
  if (y) for (let k = 0; k < srcU.length; k++) y[srcRow[k]! * R + srcRow[k]!]! += srcG[k]!;

  const ws = allocBlock(n, BLOCK);
  const rhs = new Float64Array(n * BLOCK);
  const x = new Float64Array(n * BLOCK);
  const maxIterations = Math.max(200, 2 * Math.ceil(Math.sqrt(n)));
  const adjoint = P < R;
  const totalSolves = (!adjoint || y ? R : 0) + (adjoint ? P : 0);
  let solved = 0;
  /** Solves G X = the injections of elements (u, index, g) for index = 0..count-1, BLOCK at a time; `read` takes each block. */
  const solveEach = (injU: number[], injIdx: number[], injG: number[], count: number, read: (first: number) => void) => {
    for (let first = 0; first < count; first += BLOCK) {
      rhs.fill(0);
      for (let k = 0; k < injU.length; k++) {
        const s = injIdx[k]! - first;
        if (s >= 0 && s < BLOCK) rhs[injU[k]! * BLOCK + s]! += injG[k]!;
      }
      pcgSolveBlock(system, pcg.factor, ws, rhs, x, TRANSFER_TOLERANCE, maxIterations);
      read(first);
      solved += Math.min(BLOCK, count - first);
      options.onProgress?.(solved, totalSolves);
    }
  };
  /** For each element (unknown, index, g) and each solved right-hand side r: target[at(index, r)] += sign * g * x(unknown, r). */
  const gather = (
    target: Float64Array,
    readU: number[],
    readIdx: number[],
    readG: number[],
    first: number,
    count: number,
    at: (idx: number, s: number) => number,
    sign: number,
  ) => {
    for (let k = 0; k < readU.length; k++) {
      const base = readU[k]! * BLOCK;
      const ge = sign * readG[k]!;
      for (let s = 0; s < BLOCK && first + s < count; s++) target[at(readIdx[k]!, first + s)]! += ge * x[base + s]!;
    }
  };

  // Direct: one solve per row input; x at a probe gives A[j][i], x at a source element gives -Y[k][i] / g.
  if (!adjoint || y)
    solveEach(srcU, srcRow, srcG, R, (first) => {
      if (!adjoint) gather(out, probeU, probeCol, probeG, first, R, (j, i) => j * R + i, 1);
      if (y) gather(y, srcU, srcRow, srcG, first, R, (k, i) => k * R + i, -1);
    });
  // Adjoint (G is symmetric): one solve per column; y_j at a source element of row i gives A[j][i].
  if (adjoint)
    solveEach(probeU, probeCol, probeG, P, (first) => gather(out, srcU, srcRow, srcG, first, P, (i, j) => j * R + i, 1));
  return { rows: R, columns: P, a: out, ...(y ? { y } : {}) };
}
