import { CircuitError } from './circuit-error.js';
import type { ConductanceGraph } from './graph.js';
import { UnionFind } from '../netlist/union-find.js';

/**
 * Nodal analysis G x = b over the unknown nodes, split for the line-preconditioned solver:
 * the tridiagonal part (diag, sub: couplings between consecutive unknowns, i.e. along a wire
 * line) and every other coupling in a symmetric CSR (cells joining a row line to a column
 * line). The pattern is analysed once per circuit (`analyse`); values are filled per
 * conductance set (`assemble`), so Newton steps and varied devices reuse the analysis.
 */
export interface NodalPattern {
  graph: ConductanceGraph;
  n: number;
  /** Node -> unknown index, -1 for a fixed node. */
  unknownOf: Int32Array;
  nodeOfUnknown: Int32Array;
  /**
   * Per edge: where its coupling goes (EDGE_* codes). A CSR edge's two positions are not
   * stored (8 bytes an edge, a quarter of a large array's pattern): assemble finds them by
   * filling the rows in edge order again, as analyse did.
   */
  edgeType: Uint8Array;
  rowPtr: Int32Array;
  col: Int32Array;
}

export interface NodalSystem {
  pattern: NodalPattern;
  diag: Float64Array;
  sub: Float64Array;
  val: Float64Array;
  /** The conductances this system was assembled from, per edge: the caller's array, not a copy. */
  g: Float64Array;
}

export const EDGE_TRI = 0;
export const EDGE_CSR = 1;
/** Edge from unknown a to fixed b. */
export const EDGE_A_FIXED_B = 2;
export const EDGE_B_FIXED_A = 3;
export const EDGE_FIXED = 4;

export function analyse(graph: ConductanceGraph): NodalPattern {
  const { nodeCount, edgeCount, a, b, fixed } = graph;
  const unknownOf = new Int32Array(nodeCount).fill(-1);
  let n = 0;
  for (let v = 0; v < nodeCount; v++) if (!fixed[v]) unknownOf[v] = n++;
  const nodeOfUnknown = new Int32Array(n);
  for (let v = 0; v < nodeCount; v++) if (unknownOf[v]! >= 0) nodeOfUnknown[unknownOf[v]!] = v;

  const edgeType = new Uint8Array(edgeCount);
  const rowCount = new Int32Array(n + 1);
  // Every unknown must reach a fixed node, or G is singular: the node floats.
  const comp = new UnionFind(n);
  const anchored = new Uint8Array(n);
  const degree = new Int32Array(n);
  for (let e = 0; e < edgeCount; e++) {
    const ua = unknownOf[a[e]!]!;
    const ub = unknownOf[b[e]!]!;
    if (ua >= 0) degree[ua]!++;
    if (ub >= 0) degree[ub]!++;
    if (ua >= 0 && ub >= 0) {
      if (ua === ub) {
        edgeType[e] = EDGE_FIXED; // both ends on one node: carries no current
        continue;
      }
      comp.union(ua, ub);
      if (ua - ub === 1 || ub - ua === 1) edgeType[e] = EDGE_TRI;
      else {
        edgeType[e] = EDGE_CSR;
        rowCount[ua + 1]!++;
        rowCount[ub + 1]!++;
      }
    } else if (ua >= 0) {
      edgeType[e] = EDGE_A_FIXED_B;
      anchored[ua] = 1;
    } else if (ub >= 0) {
      edgeType[e] = EDGE_B_FIXED_A;
      anchored[ub] = 1;
    } else edgeType[e] = EDGE_FIXED;
  }
  for (let u = 0; u < n; u++) {
    if (degree[u] === 0) {
      const name = graph.nodeName(nodeOfUnknown[u]!);
      throw new CircuitError(`node ${name} is floating: no element connects to it`, name);
    }
    if (anchored[u]) anchored[comp.find(u)] = 1;
  }
  for (let u = 0; u < n; u++) {
    if (!anchored[comp.find(u)]) {
      const name = graph.nodeName(nodeOfUnknown[u]!);
      throw new CircuitError(`node ${name} has no path to a source or ground: its part of the circuit floats`, name);
    }
  }

  const rowPtr = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) rowPtr[u + 1] = rowPtr[u]! + rowCount[u + 1]!;
  const col = new Int32Array(rowPtr[n]!);
  const fill = rowPtr.slice(0, n);
  for (let e = 0; e < edgeCount; e++) {
    if (edgeType[e] !== EDGE_CSR) continue;
    const ua = unknownOf[a[e]!]!;
    const ub = unknownOf[b[e]!]!;
    col[fill[ua]!++] = ub;
    col[fill[ub]!++] = ua;
  }
  return { graph, n, unknownOf, nodeOfUnknown, edgeType, rowPtr, col };
}

export function allocSystem(pattern: NodalPattern): NodalSystem {
  return {
    pattern,
    diag: new Float64Array(pattern.n),
    sub: new Float64Array(pattern.n),
    val: new Float64Array(pattern.col.length),
    g: new Float64Array(0),
  };
}

/**
 * Fills the matrix from one conductance per edge (siemens), kept by reference as sys.g.
 * Non-positive or non-finite values are named errors.
 */
export function assemble(sys: NodalSystem, g: Float64Array): NodalSystem {
  const { pattern, diag, sub, val } = sys;
  const { graph, unknownOf, edgeType, rowPtr, n } = pattern;
  const { a, b } = graph;
  diag.fill(0);
  sub.fill(0);
  val.fill(0);
  // Each row's next CSR position, in the order analyse filled them.
  const fill = rowPtr.slice(0, n);
  for (let e = 0; e < graph.edgeCount; e++) {
    const ge = g[e]!;
    if (!(ge > 0) || ge === Infinity) {
      const name = graph.edgeName(e);
      throw new CircuitError(
        `${name} has resistance ${ge === 0 ? 'infinite (open)' : `${1 / ge} ohm`}; elements must have a finite resistance > 0`,
        name,
      );
    }
    switch (edgeType[e]) {
      case EDGE_TRI: {
        const ua = unknownOf[a[e]!]!;
        const ub = unknownOf[b[e]!]!;
        diag[ua]! += ge;
        diag[ub]! += ge;
        sub[ua > ub ? ua : ub]! -= ge;
        break;
      }
      case EDGE_CSR: {
        const ua = unknownOf[a[e]!]!;
        const ub = unknownOf[b[e]!]!;
        diag[ua]! += ge;
        diag[ub]! += ge;
        val[fill[ua]!++] = -ge;
        val[fill[ub]!++] = -ge;
        break;
      }
      case EDGE_A_FIXED_B:
        diag[unknownOf[a[e]!]!]! += ge;
        break;
      case EDGE_B_FIXED_A:
        diag[unknownOf[b[e]!]!]! += ge;
        break;
    }
  }
  sys.g = g;
  return sys;
}

/** rhs = currents the fixed nodes inject: sum of g * V_fixed over edges from an unknown to a fixed node. */
export function injections(sys: NodalSystem, voltage: Float64Array, rhs: Float64Array): Float64Array {
  const { pattern, g } = sys;
  const { graph, unknownOf, edgeType } = pattern;
  const { a, b } = graph;
  rhs.fill(0);
  for (let e = 0; e < graph.edgeCount; e++) {
    const t = edgeType[e];
    if (t === EDGE_A_FIXED_B) rhs[unknownOf[a[e]!]!]! += g[e]! * voltage[b[e]!]!;
    else if (t === EDGE_B_FIXED_A) rhs[unknownOf[b[e]!]!]! += g[e]! * voltage[a[e]!]!;
  }
  return rhs;
}

/** y = G x. The line couplings are unrolled (no bounds tests inside the loop); the CSR part holds about one cell per unknown. */
export function multiply(sys: NodalSystem, x: Float64Array, y: Float64Array): void {
  const { diag, sub, val } = sys;
  const { n, rowPtr, col } = sys.pattern;
  if (n === 0) return;
  const last = n - 1;
  for (let k = 0; k < n; k++) {
    let s = diag[k]! * x[k]!;
    for (let p = rowPtr[k]!, end = rowPtr[k + 1]!; p < end; p++) s += val[p]! * x[col[p]!]!;
    y[k] = s;
  }
  // sub[k] couples k and k-1 symmetrically.
  for (let k = 1; k <= last; k++) {
    const c = sub[k]!;
    y[k] = y[k]! + c * x[k - 1]!;
    y[k - 1] = y[k - 1]! + c * x[k]!;
  }
}

/** Writes the unknowns into the full node-voltage vector (fixed entries untouched). */
export function scatter(pattern: NodalPattern, x: Float64Array, voltage: Float64Array): Float64Array {
  const { n, nodeOfUnknown } = pattern;
  for (let u = 0; u < n; u++) voltage[nodeOfUnknown[u]!] = x[u]!;
  return voltage;
}
