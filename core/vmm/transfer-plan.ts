import { nodePlaces } from '../netlist/netlist.js';
import { dissect, type EliminationTree } from '../solver/dissection.js';
import { eliminationCost, lineMatrix, type EliminationCost, type PortCouplings } from '../solver/schur.js';
import { EDGE_A_FIXED_B, EDGE_B_FIXED_A, type NodalPattern } from '../solver/system.js';
import type { ArrayCircuit } from './array-circuit.js';
import type { TransferMatrix } from './transfer.js';

/**
 * What the elimination needs besides the circuit's matrix: the ports (row sources and
 * column sense nodes), each unknown's elements to them, the nested dissection of the
 * unknowns by their place on the grid and the elimination's cost. All of it but the port
 * conductances is the circuit's structure, the same for every array of one size,
 * topology and parasitics: TransferStructures keeps it for the next one.
 */
export interface TransferPlan {
  couplings: PortCouplings;
  tree: EliminationTree;
  cost: EliminationCost;
  /** The graph element behind each port coupling, to refill its conductance. */
  couplingEdge: Int32Array;
  /** The sources are the square ports (with the row admittance, or columns >= rows), else the sense nodes. */
  sourcesSquare: boolean;
  /** Port of row i's source, of column j's sense node. */
  sourcePort: Int32Array;
  sensePort: Int32Array;
  /** Node -> its row if it is a row's source node, else -1; its column if it is a sense node, else -1. */
  rowOfNode: Int32Array;
  columnOfNode: Int32Array;
}

export function transferPlan(circuit: ArrayCircuit, options: { rowAdmittance?: boolean } = {}): TransferPlan {
  const { rows: R, columns: P, inputNode, senseNode } = circuit.netlist;
  const { pattern, system } = circuit;
  const { a, b, edgeCount } = circuit.graph;
  const { unknownOf, edgeType, n } = pattern;
  // The larger side never makes a square block nobody reads.
  const sourcesSquare = !!options.rowAdmittance || P >= R;
  const sourcePort = Int32Array.from({ length: R }, (_, i) => (sourcesSquare ? i : P + i));
  const sensePort = Int32Array.from({ length: P }, (_, j) => (sourcesSquare ? R + j : j));
  const portOfNode = new Int32Array(circuit.graph.nodeCount).fill(-1);
  const rowOfNode = new Int32Array(circuit.graph.nodeCount).fill(-1);
  const columnOfNode = new Int32Array(circuit.graph.nodeCount).fill(-1);
  for (let i = 0; i < R; i++) {
    portOfNode[inputNode[i]!] = sourcePort[i]!;
    rowOfNode[inputNode[i]!] = i;
  }
  for (let j = 0; j < P; j++) {
    portOfNode[senseNode[j]!] = sensePort[j]!;
    columnOfNode[senseNode[j]!] = j;
  }
  const portEnd = (e: number): number => {
    const t = edgeType[e];
    if (t === EDGE_A_FIXED_B) return portOfNode[b[e]!]!;
    if (t === EDGE_B_FIXED_A) return portOfNode[a[e]!]!;
    return -1;
  };
  const unknownEnd = (e: number): number => unknownOf[edgeType[e] === EDGE_A_FIXED_B ? a[e]! : b[e]!]!;
  const ptr = new Int32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) if (portEnd(e) >= 0) ptr[unknownEnd(e) + 1]!++;
  for (let u = 0; u < n; u++) ptr[u + 1]! += ptr[u]!;
  const port = new Int32Array(ptr[n]!);
  const couplingEdge = new Int32Array(ptr[n]!);
  const fill = ptr.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    const p = portEnd(e);
    if (p < 0) continue;
    const at = fill[unknownEnd(e)]!++;
    port[at] = p;
    couplingEdge[at] = e;
  }
  const places = nodePlaces(circuit.netlist);
  const x = new Int32Array(n);
  const y = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    x[u] = places.x[pattern.nodeOfUnknown[u]!]!;
    y[u] = places.y[pattern.nodeOfUnknown[u]!]!;
  }
  const couplings = { ports: R + P, squarePorts: sourcesSquare ? R : P, ptr, port, g: couplingValues(system.g, couplingEdge) };
  const tree = dissect(pattern, system.sub, x, y);
  const cost = eliminationCost(lineMatrix(system), couplings, tree);
  return { couplings, tree, cost, couplingEdge, sourcesSquare, sourcePort, sensePort, rowOfNode, columnOfNode };
}

function couplingValues(g: Float64Array, couplingEdge: Int32Array): Float64Array {
  const out = new Float64Array(couplingEdge.length);
  for (let k = 0; k < couplingEdge.length; k++) out[k] = g[couplingEdge[k]!]!;
  return out;
}

/**
 * The structure of the last array extracted, kept while the next ones share it: the
 * arrays of a network layer, every Monte Carlo draw and the calibration's target state
 * differ only in conductances, so after the first each costs its numbers alone (the
 * analysis, the dissection and the symbolic elimination are skipped). One structure is
 * kept, by whoever extracts a series of arrays (the accuracy pipeline), and dropped with it.
 */
export class TransferStructures {
  private last: { pattern: NodalPattern; slotOfNode: Int32Array; rowAdmittance: boolean; plan: TransferPlan } | null = null;

  /** The analysed pattern to offer buildArrayCircuit (it checks the graph is the same). */
  get pattern(): NodalPattern | undefined {
    return this.last?.pattern;
  }

  /** The plan of this circuit: the kept one with this circuit's port conductances when the structure is the same. */
  planFor(circuit: ArrayCircuit, options: { rowAdmittance?: boolean } = {}): TransferPlan {
    const rowAdmittance = !!options.rowAdmittance;
    const last = this.last;
    if (
      last &&
      circuit.pattern.rowPtr === last.pattern.rowPtr &&
      last.rowAdmittance === rowAdmittance &&
      sameInts(last.slotOfNode, circuit.netlist.slotOfNode)
    )
      return { ...last.plan, couplings: { ...last.plan.couplings, g: couplingValues(circuit.system.g, last.plan.couplingEdge) } };
    const plan = transferPlan(circuit, { rowAdmittance });
    this.last = { pattern: circuit.pattern, slotOfNode: circuit.netlist.slotOfNode, rowAdmittance, plan };
    return plan;
  }
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
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
  options: { rowAdmittance?: boolean } = {},
): TransferMatrix {
  const { rows: R, columns: P } = circuit.netlist;
  const nsq = plan.couplings.squarePorts;
  const { sourcePort, sensePort, sourcesSquare, rowOfNode, columnOfNode } = plan;
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
