import type { Design } from '../model/design.js';
import { allocBlock, BLOCK_WIDTH, pcgSolveBlock } from '../solver/pcg-block.js';
import { EDGE_A_FIXED_B, EDGE_B_FIXED_A } from '../solver/system.js';
import { buildArrayCircuit, type ArrayCircuit } from './array-circuit.js';

export interface TransferMatrix {
  rows: number;
  columns: number;
  /** columns x rows, row-major: I_j = sum_i a[j*rows + i] * V_i, amps per volt of row input */
  a: Float64Array;
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
export function extractTransfer(design: Design, arrayId: string, conductances?: Float64Array): TransferMatrix {
  return transferOf(buildArrayCircuit(design, arrayId, conductances));
}

export function transferOf(circuit: ArrayCircuit): TransferMatrix {
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
  // Sense probes: (unknown or -1, column, g); probes straight from a source node go to `direct`.
  const out = new Float64Array(P * R);
  const probeU: number[] = [];
  const probeCol: number[] = [];
  const probeG: number[] = [];
  const { column, other, edge } = circuit.probes;
  for (let k = 0; k < column.length; k++) {
    const u = unknownOf[other[k]!]!;
    const ge = g[edge[k]!]!;
    if (u >= 0) {
      probeU.push(u);
      probeCol.push(column[k]!);
      probeG.push(ge);
    } else if (inputOfNode[other[k]!]! >= 0) out[column[k]! * R + inputOfNode[other[k]!]!]! += ge;
  }

  const adjoint = P < R;
  const count = adjoint ? P : R;
  const ws = allocBlock(n, BLOCK);
  const rhs = new Float64Array(n * BLOCK);
  const x = new Float64Array(n * BLOCK);
  const maxIterations = Math.max(200, 2 * Math.ceil(Math.sqrt(n)));
  for (let first = 0; first < count; first += BLOCK) {
    rhs.fill(0);
    // Right-hand side s of this block is row (or column) first + s.
    const [injU, injIdx, injG] = adjoint ? [probeU, probeCol, probeG] : [srcU, srcRow, srcG];
    for (let k = 0; k < injU.length; k++) {
      const s = injIdx[k]! - first;
      if (s >= 0 && s < BLOCK) rhs[injU[k]! * BLOCK + s]! += injG[k]!;
    }
    pcgSolveBlock(system, pcg.factor, ws, rhs, x, TRANSFER_TOLERANCE, maxIterations);
    const [readU, readIdx, readG] = adjoint ? [srcU, srcRow, srcG] : [probeU, probeCol, probeG];
    for (let k = 0; k < readU.length; k++) {
      const base = readU[k]! * BLOCK;
      const ge = readG[k]!;
      for (let s = 0; s < BLOCK && first + s < count; s++) {
        // Direct: x_i at a probe gives A[j][i]; adjoint: y_j at a source element gives A[j][i].
        const [j, i] = adjoint ? [first + s, readIdx[k]!] : [readIdx[k]!, first + s];
        out[j * R + i]! += ge * x[base + s]!;
      }
    }
  }
  return { rows: R, columns: P, a: out };
}
