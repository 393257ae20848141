import type { NodalPattern } from './system.js';

/**
 * Geometric nested dissection of a nodal system's unknowns, the ordering of the
 * multifrontal Schur complement (schur.ts). Each unknown has a place on the chip's grid
 * (x: column position, y: row position); a domain is cut across its longer side, and the
 * unknowns on the near side with a neighbour across the cut form the separator. In a
 * crossbar only the row wires cross a vertical cut and only the column wires a horizontal
 * one, so a separator is one node per line crossing it: an R x P array splits into
 * halves through R (or P) nodes, and the fronts stay as small as a 2-D grid allows.
 *
 * The tree is in postorder: node t eliminates order[elimStart[t] .. end[t]) after its
 * children, whose unknowns are order[subtreeStart[t] .. elimStart[t]). A cut that follows
 * no line (merged nodes, odd topologies) gives larger separators, never a wrong answer:
 * the separator is whatever the graph says crosses.
 */
export interface EliminationTree {
  nodeCount: number;
  /** Unknowns in elimination order. */
  order: Int32Array;
  subtreeStart: Int32Array;
  elimStart: Int32Array;
  end: Int32Array;
  childCount: Int32Array;
  /** The first node (in postorder) of each node's subtree: the subtree is firstNode[t] .. t. */
  firstNode: Int32Array;
  /** Parent of each node, -1 for the root. */
  parent: Int32Array;
  /** Unknown -> the tree node that eliminates it. */
  nodeOf: Int32Array;
}

/** A domain this small is one leaf front, eliminated densely. */
export const LEAF_UNKNOWNS = 24;

export function dissect(
  pattern: NodalPattern,
  sub: Float64Array,
  x: Int32Array,
  y: Int32Array,
  leafUnknowns = LEAF_UNKNOWNS,
): EliminationTree {
  const n = pattern.n;
  const { rowPtr, col } = pattern;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  const scratch = new Int32Array(n);
  // Per unknown: the id of the domain it was last sorted in, and its side (1: far side of the cut).
  const domain = new Int32Array(n).fill(-1);
  const far = new Uint8Array(n);
  const subtreeStart: number[] = [];
  const elimStart: number[] = [];
  const end: number[] = [];
  const childCount: number[] = [];
  const firstNode: number[] = [];
  const parent: number[] = [];
  let domains = 0;

  const hasFarNeighbour = (v: number, id: number): boolean => {
    if (v > 0 && sub[v] !== 0 && domain[v - 1] === id && far[v - 1]) return true;
    if (v + 1 < n && sub[v + 1] !== 0 && domain[v + 1] === id && far[v + 1]) return true;
    for (let p = rowPtr[v]!, e = rowPtr[v + 1]!; p < e; p++) {
      const w = col[p]!;
      if (domain[w] === id && far[w]) return true;
    }
    return false;
  };

  const addNode = (lo: number, sep: number, hi: number, children: number[]): number => {
    const t = subtreeStart.length;
    subtreeStart.push(lo);
    elimStart.push(sep);
    end.push(hi);
    childCount.push(children.length);
    firstNode.push(children.length > 0 ? firstNode[children[0]!]! : t);
    parent.push(-1);
    for (const c of children) parent[c] = t;
    return t;
  };

  /** Orders order[lo..hi) as [near side | far side | separator] and recurses; returns the node. */
  const split = (lo: number, hi: number): number => {
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    for (let k = lo; k < hi; k++) {
      const v = order[k]!;
      if (x[v]! < minX) minX = x[v]!;
      if (x[v]! > maxX) maxX = x[v]!;
      if (y[v]! < minY) minY = y[v]!;
      if (y[v]! > maxY) maxY = y[v]!;
    }
    if (hi - lo <= leafUnknowns || (maxX === minX && maxY === minY)) return addNode(lo, lo, hi, []);
    const alongX = maxX - minX >= maxY - minY;
    const coord = alongX ? x : y;
    const mid = alongX ? minX + Math.floor((maxX - minX + 1) / 2) : minY + Math.floor((maxY - minY + 1) / 2);
    const id = domains++;
    for (let k = lo; k < hi; k++) {
      const v = order[k]!;
      domain[v] = id;
      far[v] = coord[v]! >= mid ? 1 : 0;
    }
    let near = 0;
    let farCount = 0;
    // First pass counts, second places: near-side unknowns without a far neighbour, then far, then the separator.
    for (let k = lo; k < hi; k++) {
      const v = order[k]!;
      if (far[v]) farCount++;
      else if (!hasFarNeighbour(v, id)) near++;
    }
    let a = lo,
      b = lo + near,
      c = lo + near + farCount;
    for (let k = lo; k < hi; k++) {
      const v = order[k]!;
      if (far[v]) scratch[b++] = v;
      else if (hasFarNeighbour(v, id)) scratch[c++] = v;
      else scratch[a++] = v;
    }
    order.set(scratch.subarray(lo, hi), lo);
    const children: number[] = [];
    if (near > 0) children.push(split(lo, lo + near));
    if (farCount > 0) children.push(split(lo + near, lo + near + farCount));
    return addNode(lo, lo + near + farCount, hi, children);
  };

  if (n > 0) split(0, n);
  const nodeCount = subtreeStart.length;
  const nodeOf = new Int32Array(n);
  for (let t = 0; t < nodeCount; t++) for (let k = elimStart[t]!; k < end[t]!; k++) nodeOf[order[k]!] = t;
  return {
    nodeCount,
    order,
    subtreeStart: Int32Array.from(subtreeStart),
    elimStart: Int32Array.from(elimStart),
    end: Int32Array.from(end),
    childCount: Int32Array.from(childCount),
    firstNode: Int32Array.from(firstNode),
    parent: Int32Array.from(parent),
    nodeOf,
  };
}
