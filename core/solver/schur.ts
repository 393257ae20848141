import { CircuitError } from './circuit-error.js';
import { factorLeading, partialCholesky } from './dense-front.js';
import {
  grow,
  popChildren,
  popUpdate,
  pushUpdate,
  reserve,
  SchurWorkspace,
  updateSize,
  type FrontUpdate,
} from './schur-workspace.js';
import { sharedFrontControl, workOnFront, type SharedFront } from './shared-front.js';

export { SchurWorkspace, updateSize, type FrontUpdate } from './schur-workspace.js';
import type { EliminationTree } from './dissection.js';
import type { NodalSystem } from './system.js';

/**
 * The Schur complement of the nodal matrix onto a set of fixed nodes (the ports), by
 * multifrontal elimination of every unknown in the order of a nested dissection
 * (dissection.ts). With the row sources and the column sense nodes as ports, it is the
 * whole transfer of an array at once: the currents the ports take for any port voltages,
 * exactly (a direct elimination, no tolerance). No factor is kept: each front passes its
 * Schur update to its parent and is forgotten, so memory follows the largest fronts (a few
 * times (rows + columns)^2), not the fill.
 *
 * Fronts are dense (dense-front.ts). Their updates wait on a stack in postorder; a subtree
 * computed elsewhere (another worker) is passed in as its update and takes the place the
 * subtree's own elimination would have left, so a split run adds the same numbers in the
 * same order as a serial one and gives bit-identical results.
 */
export interface PortCouplings {
  /** Number of ports; port p is variable n + p of the elimination. */
  ports: number;
  /**
   * Ports 0..squarePorts-1 are coupled among themselves in the result; the rest only to
   * those (a transfer needs sense-to-source and source-to-source, never sense-to-sense), so
   * their rows are kept against the square ones only.
   */
  squarePorts: number;
  /** Per unknown u, its elements to ports are ptr[u] .. ptr[u+1]: port index and conductance (siemens). */
  ptr: Int32Array;
  port: Int32Array;
  g: Float64Array;
}

/**
 * The nodal matrix as the elimination reads it (solver/system.ts's split: the line
 * tridiagonal diag/sub and the other couplings in CSR), plain typed arrays that a worker
 * can be handed without the circuit around them.
 */
export interface LineMatrix {
  n: number;
  diag: Float64Array;
  sub: Float64Array;
  val: Float64Array;
  rowPtr: Int32Array;
  col: Int32Array;
}

export function lineMatrix(sys: NodalSystem): LineMatrix {
  const { diag, sub, val } = sys;
  const { n, rowPtr, col } = sys.pattern;
  return { n, diag, sub, val, rowPtr, col };
}

/** A front whose pivot was not positive: the circuit is singular at that unknown (the caller names it). */
export class SingularFrontError extends Error {
  constructor(readonly unknown: number) {
    super(`the circuit is singular at unknown ${unknown}`);
    this.name = 'SingularFrontError';
  }
}

/** Turns a SingularFrontError into the user's CircuitError naming the node. */
export function namedSingular(e: unknown, sys: NodalSystem): unknown {
  if (!(e instanceof SingularFrontError)) return e;
  const name = sys.pattern.graph.nodeName(sys.pattern.nodeOfUnknown[e.unknown]!);
  return new CircuitError(`the circuit is singular at node ${name}`, name);
}

/** What an elimination will cost, known before any of it is done (for progress, splitting and memory). */
export interface EliminationCost {
  /** Multiply-adds of each node's front (partial Cholesky and extend-add). */
  work: Float64Array;
  total: number;
  /** Variables of the largest front. */
  largestFront: number;
  /** Values of the largest front's dense matrix (rows x columns), 8 bytes each. */
  frontValues: number;
  /** Most values the update stack holds at once. */
  peakStack: number;
  /**
   * Entries of the factor L this elimination computes and drops (each front's eliminated
   * columns): what a factorization kept to solve one right-hand side per row would store,
   * and read twice per solve. The benchmark compares the two.
   */
  factorEntries: number;
}

/** The symbolic elimination: every front's size from the tree, with no arithmetic. */
export function eliminationCost(m: LineMatrix, cp: PortCouplings, tree: EliminationTree): EliminationCost {
  const ws = new SchurWorkspace(m.n + cp.ports);
  const work = new Float64Array(tree.nodeCount);
  let total = 0;
  let largestFront = 0;
  let frontValues = 0;
  let factorEntries = 0;
  let stack = 0;
  let peakStack = 0;
  for (let t = 0; t < tree.nodeCount; t++) {
    const f = gatherFront(m, cp, tree, ws, t);
    const w = ws.width;
    const s = tree.end[t]! - tree.elimStart[t]!;
    const square = w - s;
    const rect = f - w;
    let extend = 0;
    for (let c = ws.entries.length - tree.childCount[t]!; c < ws.entries.length; c++) {
      const e = ws.entries[c]!;
      extend += updateSize(e.count, e.square);
    }
    stack -= extend;
    popChildren(ws, tree.childCount[t]!);
    // Leading factor, trailing rows' solve, Schur update, extend-add and clearing the front.
    work[t] = (s * s * s) / 6 + (s * s * (f - s)) / 2 + s * updateSize(f - s, square) + extend + (f * w) / 2;
    total += work[t]!;
    if (f > largestFront) largestFront = f;
    if (f * w > frontValues) frontValues = f * w;
    factorEntries += (s * (s + 1)) / 2 + s * (f - s);
    reserve(ws, 0, f - s);
    ws.stackVars.set(ws.frontVars.subarray(s, f), ws.varTop);
    ws.entries.push({ values: 0, vars: ws.varTop, count: f - s, square });
    ws.varTop += f - s;
    stack += updateSize(square + rect, square);
    if (stack > peakStack) peakStack = stack;
  }
  return { work, total, largestFront, frontValues, peakStack, factorEntries };
}

export interface EliminateOptions {
  /** Updates of whole subtrees computed elsewhere, by subtree root: their nodes are skipped and the update pushed in their place. */
  given?: ReadonlyMap<number, FrontUpdate>;
  workspace?: SchurWorkspace;
  /** Called after each node (or given subtree, with its root) is done. */
  onNode?: (node: number) => void;
  /** This node's front is offered to helpers before its trailing rows are worked (a workspace with shared fronts). */
  share?: { node: number; offer: (front: SharedFront) => void };
}

/** Eliminates the tree's nodes lo..hi (a postorder range), leaving their updates on the workspace's stack. */
export function eliminateRange(
  m: LineMatrix,
  cp: PortCouplings,
  tree: EliminationTree,
  ws: SchurWorkspace,
  lo: number,
  hi: number,
  options: EliminateOptions = {},
): void {
  const givenAt = new Map<number, number>();
  if (options.given) for (const root of options.given.keys()) givenAt.set(tree.firstNode[root]!, root);
  let t = lo;
  while (t <= hi) {
    const root = givenAt.get(t);
    if (root !== undefined) {
      pushUpdate(ws, options.given!.get(root)!);
      options.onNode?.(root);
      t = root + 1;
      continue;
    }
    eliminateNode(m, cp, tree, ws, t, options.share?.node === t ? options.share.offer : undefined);
    options.onNode?.(t);
    t++;
  }
}

/**
 * The update a subtree leaves for its parent; with `given`, the updates of subtrees below
 * it computed elsewhere (a task of schur-tasks.ts: one node over its children's updates).
 */
export function subtreeUpdate(
  m: LineMatrix,
  cp: PortCouplings,
  tree: EliminationTree,
  root: number,
  given?: ReadonlyMap<number, FrontUpdate>,
  ws = new SchurWorkspace(m.n + cp.ports),
  offer?: (front: SharedFront) => void,
): FrontUpdate {
  ws.reset();
  eliminateRange(m, cp, tree, ws, tree.firstNode[root]!, root, {
    ...(given ? { given } : {}),
    ...(offer ? { share: { node: root, offer } } : {}),
  });
  return popUpdate(ws);
}

/**
 * The ports' Schur update -G_pu G_uu^-1 G_up, ports x squarePorts row-major (the square
 * ports' block symmetric, both halves filled). The port-to-port elements themselves (G_pp)
 * are the caller's to add.
 */
export function portSchur(m: LineMatrix, cp: PortCouplings, tree: EliminationTree, options: EliminateOptions = {}): Float64Array {
  const n = m.n;
  const np = cp.ports;
  const ws = options.workspace ?? new SchurWorkspace(n + np);
  ws.reset();
  eliminateRange(m, cp, tree, ws, 0, tree.nodeCount - 1, options);
  // The root's update holds the ports (a forest would leave one update per tree).
  const updates: FrontUpdate[] = [];
  while (ws.entries.length > 0) updates.push(popUpdate(ws));
  return portsMatrix(n, cp, updates);
}

/**
 * The ports' block from what the elimination leaves (the root's update; a forest leaves
 * one per tree): ports x squarePorts row-major, the square ports' block symmetric.
 */
export function portsMatrix(n: number, cp: PortCouplings, updates: readonly FrontUpdate[]): Float64Array {
  const np = cp.ports;
  const nsq = cp.squarePorts;
  const k = new Float64Array(np * nsq);
  for (const { vars, square, values } of updates) {
    let q = 0;
    for (let a = 0; a < vars.length; a++) {
      const pa = vars[a]! - n;
      const end = a < square ? a + 1 : square;
      for (let b = 0; b < end; b++, q++) {
        const pb = vars[b]! - n;
        k[pa * nsq + pb]! += values[q]!;
        if (a < square && pa !== pb) k[pb * nsq + pa]! += values[q]!;
      }
    }
  }
  return k;
}

/** Adds variable v to the front being gathered (rectangular ports aside, placed last). */
function addToFront(ws: SchurWorkspace, v: number, f: number, rectFrom: number): number {
  if (ws.mark[v] === ws.stamp) return f;
  ws.mark[v] = ws.stamp;
  if (v >= rectFrom) {
    if (ws.rectCount >= ws.rectVars.length) ws.rectVars = grow(ws.rectVars, ws.rectCount + 1);
    ws.rectVars[ws.rectCount++] = v;
    return f;
  }
  ws.pos[v] = f;
  if (f >= ws.frontVars.length) ws.frontVars = grow(ws.frontVars, f + 1);
  ws.frontVars[f] = v;
  return f + 1;
}

/**
 * Node t's front variables into ws.frontVars (positions in ws.pos): the eliminated ones,
 * then what its children's updates hold, then the eliminated ones' other neighbours that
 * are eliminated later (or are ports); the rectangular ports last, from ws.width on.
 * Returns the front size.
 */
function gatherFront(m: LineMatrix, cp: PortCouplings, tree: EliminationTree, ws: SchurWorkspace, t: number): number {
  const { n, sub, rowPtr, col } = m;
  const { order, nodeOf } = tree;
  const rectFrom = n + cp.squarePorts;
  const e0 = tree.elimStart[t]!;
  const e1 = tree.end[t]!;
  ws.stamp++;
  ws.rectCount = 0;
  let f = 0;
  for (let k = e0; k < e1; k++) f = addToFront(ws, order[k]!, f, rectFrom);
  for (let c = ws.entries.length - tree.childCount[t]!; c < ws.entries.length; c++) {
    const entry = ws.entries[c]!;
    for (let a = 0; a < entry.count; a++) f = addToFront(ws, ws.stackVars[entry.vars + a]!, f, rectFrom);
  }
  for (let k = e0; k < e1; k++) {
    const v = order[k]!;
    if (v > 0 && sub[v] !== 0 && nodeOf[v - 1]! > t) f = addToFront(ws, v - 1, f, rectFrom);
    if (v + 1 < n && sub[v + 1] !== 0 && nodeOf[v + 1]! > t) f = addToFront(ws, v + 1, f, rectFrom);
    for (let p = rowPtr[v]!, e = rowPtr[v + 1]!; p < e; p++) if (nodeOf[col[p]!]! > t) f = addToFront(ws, col[p]!, f, rectFrom);
    for (let p = cp.ptr[v]!, e = cp.ptr[v + 1]!; p < e; p++) f = addToFront(ws, n + cp.port[p]!, f, rectFrom);
  }
  ws.width = f;
  if (f + ws.rectCount > ws.frontVars.length) ws.frontVars = grow(ws.frontVars, f + ws.rectCount);
  for (let r = 0; r < ws.rectCount; r++) {
    const v = ws.rectVars[r]!;
    ws.pos[v] = f;
    ws.frontVars[f++] = v;
  }
  return f;
}

function eliminateNode(
  m: LineMatrix,
  cp: PortCouplings,
  tree: EliminationTree,
  ws: SchurWorkspace,
  t: number,
  offer?: (front: SharedFront) => void,
): void {
  const { n, diag, sub, val, rowPtr, col } = m;
  const { order, nodeOf } = tree;
  const e0 = tree.elimStart[t]!;
  const s = tree.end[t]! - e0;
  const children = tree.childCount[t]!;
  const f = gatherFront(m, cp, tree, ws, t);
  const w = ws.width;
  const pos = ws.pos;
  if (f * w > ws.front.length) ws.front = ws.floats(Math.max(f * w, 2 * ws.front.length));
  if (s > ws.invPivot.length) ws.invPivot = ws.floats(Math.max(s, 2 * ws.invPivot.length));
  const F = ws.front;
  for (let i = 0; i < f; i++) F.fill(0, i * w, i * w + Math.min(i + 1, w));

  // The eliminated unknowns' own matrix entries, each pair once in the lower triangle: a
  // pair inside the eliminated set from its later row, a pair with a later variable here.
  for (let pv = 0; pv < s; pv++) {
    const v = order[e0 + pv]!;
    F[pv * w + pv]! += diag[v]!;
    if (v > 0 && sub[v] !== 0) addEntry(F, w, pv, v - 1, sub[v]!, t, nodeOf, pos);
    if (v + 1 < n && sub[v + 1] !== 0) addEntry(F, w, pv, v + 1, sub[v + 1]!, t, nodeOf, pos);
    for (let p = rowPtr[v]!, e = rowPtr[v + 1]!; p < e; p++) addEntry(F, w, pv, col[p]!, val[p]!, t, nodeOf, pos);
    for (let p = cp.ptr[v]!, e = cp.ptr[v + 1]!; p < e; p++) F[pos[n + cp.port[p]!]! * w + pv]! -= cp.g[p]!;
  }
  // Extend-add the children's updates (in stack order, so any split run adds in the same order).
  // The child's variables' places in this front are looked up once, not once per entry.
  const sv = ws.stackValues;
  const vars = ws.stackVars;
  for (let c = ws.entries.length - children; c < ws.entries.length; c++) {
    const entry = ws.entries[c]!;
    if (entry.count > ws.childPos.length) ws.childPos = new Int32Array(Math.max(entry.count, 2 * ws.childPos.length));
    const place = ws.childPos;
    for (let a = 0; a < entry.count; a++) place[a] = pos[vars[entry.vars + a]!]!;
    let q = entry.values;
    for (let a = 0; a < entry.count; a++) {
      const pa = place[a]!;
      const row = pa * w;
      const end = a < entry.square ? a + 1 : entry.square;
      for (let b = 0; b < end; b++, q++) {
        const pb = place[b]!;
        if (pa >= pb) F[row + pb]! += sv[q]!;
        else F[pb * w + pa]! += sv[q]!;
      }
    }
  }
  popChildren(ws, children);

  if (offer && ws.shared) {
    // The leading block here, then the trailing rows by whoever takes them (shared-front.ts).
    const bad = factorLeading(F, w, s, ws.invPivot);
    if (bad >= 0) throw new SingularFrontError(order[e0 + bad]!);
    const sf: SharedFront = { front: F, f, w, s, invPivot: ws.invPivot, ctl: sharedFrontControl() };
    offer(sf);
    workOnFront(sf, true);
  } else {
    const bad = partialCholesky(F, f, w, s, ws.invPivot);
    if (bad >= 0) throw new SingularFrontError(order[e0 + bad]!);
  }

  // Push the update: the trailing variables, packed (lower triangle, then the rectangular rows).
  const u = f - s;
  const square = w - s;
  const size = updateSize(u, square);
  reserve(ws, size, u);
  const out = ws.stackValues;
  let q = ws.valueTop;
  for (let a = 0; a < u; a++) {
    const r = (s + a) * w + s;
    const end = a < square ? a + 1 : square;
    for (let b = 0; b < end; b++) out[q++] = F[r + b]!;
  }
  ws.stackVars.set(ws.frontVars.subarray(s, f), ws.varTop);
  ws.entries.push({ values: ws.valueTop, vars: ws.varTop, count: u, square });
  ws.valueTop += size;
  ws.varTop += u;
}

/** One matrix entry a between eliminated unknown (position pv) and unknown v, into the lower triangle once (row stride w). */
function addEntry(
  F: Float64Array,
  w: number,
  pv: number,
  v: number,
  a: number,
  t: number,
  nodeOf: Int32Array,
  pos: Int32Array,
): void {
  const step = nodeOf[v]!;
  if (step < t) return; // eliminated below: its coupling came up through a child's update
  const p = pos[v]!;
  if (step === t) {
    if (p < pv) F[pv * w + p]! += a;
  } else F[p * w + pv]! += a;
}
