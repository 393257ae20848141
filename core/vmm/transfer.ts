import type { Design } from '../model/design.js';
import { nodePlaces } from '../netlist/netlist.js';
import { dissect, type EliminationTree } from '../solver/dissection.js';
import { eliminationCost, portSchur, SchurWorkspace, type FrontUpdate, type PortCouplings } from '../solver/schur.js';
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
  return transferOf(buildArrayCircuit(design, arrayId, conductances), options);
}

/**
 * What the elimination needs besides the circuit: the ports (row sources and column sense
 * nodes), each unknown's elements to them, and the nested dissection of the unknowns by
 * their place on the grid. Deterministic: a worker that builds the plan of the same
 * circuit with the same options gets the same tree, so its subtree updates fit the caller's.
 */
export interface TransferPlan {
  couplings: PortCouplings;
  tree: EliminationTree;
  /** Whether the sources are the square ports (see transferPlan). */
  sourcesSquare: boolean;
  /** Port of row i's source, of column j's sense node. */
  sourcePort: Int32Array;
  sensePort: Int32Array;
  /** Node -> its column if it is a sense node, else -1 (circuit.inputOfNode has the sources). */
  columnOfNode: Int32Array;
}

/**
 * The sources are the square ports when the row admittance (source to source) is wanted
 * or there are at least as many columns as rows; otherwise the sense nodes, so the larger
 * side never makes a square block nobody reads.
 */
export function transferPlan(circuit: ArrayCircuit, options: Pick<TransferOptions, 'rowAdmittance'> = {}): TransferPlan {
  const { rows: R, columns: P, inputNode, senseNode } = circuit.netlist;
  const { pattern, system } = circuit;
  const { a, b, edgeCount } = circuit.graph;
  const { unknownOf, edgeType, n } = pattern;
  const sourcesSquare = options.rowAdmittance || P >= R;
  const sourcePort = Int32Array.from({ length: R }, (_, i) => (sourcesSquare ? i : P + i));
  const sensePort = Int32Array.from({ length: P }, (_, j) => (sourcesSquare ? R + j : j));
  const portOfNode = new Int32Array(circuit.graph.nodeCount).fill(-1);
  const columnOfNode = new Int32Array(circuit.graph.nodeCount).fill(-1);
  for (let i = 0; i < R; i++) portOfNode[inputNode[i]!] = sourcePort[i]!;
  for (let j = 0; j < P; j++) {
    portOfNode[senseNode[j]!] = sensePort[j]!;
    columnOfNode[senseNode[j]!] = j;
  }
  const ptr = new Int32Array(n + 1);
  const portEnd = (e: number): number => {
    const t = edgeType[e];
    if (t === EDGE_A_FIXED_B) return portOfNode[b[e]!]!;
    if (t === EDGE_B_FIXED_A) return portOfNode[a[e]!]!;
    return -1;
  };
  const unknownEnd = (e: number): number => unknownOf[edgeType[e] === EDGE_A_FIXED_B ? a[e]! : b[e]!]!;
  for (let e = 0; e < edgeCount; e++) if (portEnd(e) >= 0) ptr[unknownEnd(e) + 1]!++;
  for (let u = 0; u < n; u++) ptr[u + 1]! += ptr[u]!;
  const port = new Int32Array(ptr[n]!);
  const g = new Float64Array(ptr[n]!);
  const fill = ptr.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    const p = portEnd(e);
    if (p < 0) continue;
    const at = fill[unknownEnd(e)]!++;
    port[at] = p;
    g[at] = system.g[e]!;
  }
  const places = nodePlaces(circuit.netlist);
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    x[u] = places.x[pattern.nodeOfUnknown[u]!]!;
    y[u] = places.y[pattern.nodeOfUnknown[u]!]!;
  }
  return {
    couplings: { ports: R + P, squarePorts: sourcesSquare ? R : P, ptr, port, g },
    tree: dissect(pattern, system.sub, x, y),
    sourcesSquare,
    sourcePort,
    sensePort,
    columnOfNode,
  };
}

/** Progress is reported in thousandths of the elimination's work. */
const PROGRESS_STEPS = 1000;

export function transferOf(
  circuit: ArrayCircuit,
  options: TransferOptions = {},
  plan = transferPlan(circuit, options),
  given?: ReadonlyMap<number, FrontUpdate>,
): TransferMatrix {
  const { system } = circuit;
  const { couplings, tree } = plan;
  const cost = eliminationCost(system, couplings, tree);
  const workspace = new SchurWorkspace(system.pattern.n + couplings.ports, cost);
  let done = 0;
  let reported = 0;
  const onProgress = options.onProgress;
  const onNode = onProgress
    ? (t: number) => {
        if (given?.has(t)) for (let k = tree.firstNode[t]!; k <= t; k++) done += cost.work[k]!;
        else done += cost.work[t]!;
        const step = Math.floor((PROGRESS_STEPS * done) / cost.total);
        if (step > reported && step < PROGRESS_STEPS) onProgress((reported = step), PROGRESS_STEPS);
      }
    : undefined;
  const k = portSchur(system, couplings, tree, { workspace, ...(given ? { given } : {}), ...(onNode ? { onNode } : {}) });
  const t = transferFromPorts(circuit, plan, k, options);
  onProgress?.(PROGRESS_STEPS, PROGRESS_STEPS);
  return t;
}

/**
 * Reads the transfer off the ports' Schur update K (portSchur) and the elements at the
 * ports: the current a port takes from the network is K_tot V with K_tot = G_pp + K, so
 * a sense node's current is A[j][i] = -K_tot[sense j][source i] and a source's
 * Y[k][i] = K_tot[source k][source i].
 */
export function transferFromPorts(
  circuit: ArrayCircuit,
  plan: TransferPlan,
  k: Float64Array,
  options: TransferOptions = {},
): TransferMatrix {
  const { rows: R, columns: P } = circuit.netlist;
  const nsq = plan.couplings.squarePorts;
  const { sourcePort, sensePort, sourcesSquare, columnOfNode } = plan;
  const rowOfNode = circuit.inputOfNode;
  const out = new Float64Array(P * R);
  for (let j = 0; j < P; j++)
    for (let i = 0; i < R; i++)
      out[j * R + i] = sourcesSquare ? -k[sensePort[j]! * nsq + sourcePort[i]!]! : -k[sourcePort[i]! * nsq + sensePort[j]!]!;
  const y = options.rowAdmittance ? new Float64Array(R * R) : undefined;
  if (y) for (let r = 0; r < R; r++) for (let i = 0; i < R; i++) y[r * R + i] = k[sourcePort[r]! * nsq + sourcePort[i]!]!;
  // G_pp: an element at a source adds to its diagonal of Y; one between a source and a
  // sense node is a direct path (-G_pp into A); one between two sources couples them.
  const { a, b, edgeCount } = circuit.graph;
  const g = circuit.edgeConductance;
  for (let e = 0; e < edgeCount; e++) {
    const ia = rowOfNode[a[e]!]!;
    const ib = rowOfNode[b[e]!]!;
    if (ia >= 0 && ia === ib) continue;
    const ja = columnOfNode[a[e]!]!;
    const jb = columnOfNode[b[e]!]!;
    if (ia >= 0 && jb >= 0) out[jb * R + ia]! += g[e]!;
    if (ib >= 0 && ja >= 0) out[ja * R + ib]! += g[e]!;
    if (!y) continue;
    if (ia >= 0) y[ia * R + ia]! += g[e]!;
    if (ib >= 0) y[ib * R + ib]! += g[e]!;
    if (ia >= 0 && ib >= 0) {
      y[ia * R + ib]! -= g[e]!;
      y[ib * R + ia]! -= g[e]!;
    }
  }
  return { rows: R, columns: P, a: out, ...(y ? { y } : {}) };
}
