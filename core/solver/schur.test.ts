import { describe, expect, it } from 'vitest';
import type { Topology } from '../model/design.js';
import { buildArrayCircuit } from '../vmm/array-circuit.js';
import { smallDesign } from '../vmm/test-designs.js';
import { transferPlan } from '../vmm/transfer-plan.js';
import { dissect } from './dissection.js';
import { eliminationCost, lineMatrix, portSchur, subtreeUpdate, type FrontUpdate } from './schur.js';

const circuit = (topology: Topology, rows: number, cols: number, driverSide: 'left' | 'right' | 'both' = 'left') =>
  buildArrayCircuit(smallDesign({ topology, rows, cols, seed: 5, driverSide }), 'arr_1');

/** -G_pu G_uu^-1 G_up by dense Gaussian elimination on [G_uu G_up; G_pu 0] (the oracle). */
function denseSchur(c: ReturnType<typeof circuit>, plan: ReturnType<typeof transferPlan>): Float64Array {
  const { n, rowPtr, col } = c.pattern;
  const { diag, sub, val } = c.system;
  const np = plan.couplings.ports;
  const m = n + np;
  const a = new Float64Array(m * m);
  for (let u = 0; u < n; u++) {
    a[u * m + u] = diag[u]!;
    if (u > 0) {
      a[u * m + u - 1] = sub[u]!;
      a[(u - 1) * m + u] = sub[u]!;
    }
    for (let p = rowPtr[u]!; p < rowPtr[u + 1]!; p++) a[u * m + col[p]!] = val[p]!;
    const { ptr, port, g } = plan.couplings;
    for (let p = ptr[u]!; p < ptr[u + 1]!; p++) {
      a[u * m + n + port[p]!]! -= g[p]!;
      a[(n + port[p]!) * m + u]! -= g[p]!;
    }
  }
  for (let k = 0; k < n; k++)
    for (let i = k + 1; i < m; i++) {
      const l = a[i * m + k]! / a[k * m + k]!;
      if (l !== 0) for (let j = k; j < m; j++) a[i * m + j]! -= l * a[k * m + j]!;
    }
  const out = new Float64Array(np * np);
  for (let p = 0; p < np; p++) for (let q = 0; q < np; q++) out[p * np + q] = a[(n + p) * m + n + q]!;
  return out;
}

describe('nested dissection of an array circuit', () => {
  it('orders every unknown once, children before parents, and couples unknowns only along the tree', () => {
    const c = circuit('row-transistor', 24, 20, 'both');
    const plan = transferPlan(c, { rowAdmittance: true });
    const { tree } = plan;
    const n = c.pattern.n;
    expect(Array.from(tree.order).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, k) => k));
    for (let t = 0; t < tree.nodeCount; t++) {
      for (let k = tree.elimStart[t]!; k < tree.end[t]!; k++) expect(tree.nodeOf[tree.order[k]!]).toBe(t);
      if (tree.parent[t]! >= 0) expect(tree.parent[t]!).toBeGreaterThan(t);
      // A subtree's unknowns start with its first (postorder) node's.
      expect(tree.subtreeStart[t]).toBe(tree.subtreeStart[tree.firstNode[t]!]);
    }
    expect(tree.parent[tree.nodeCount - 1]).toBe(-1);
    // Every coupling joins a node to one of its ancestors (or itself): that is what makes the fronts exact.
    const isAncestor = (lo: number, hi: number) => {
      let t = lo;
      while (t >= 0 && t < hi) t = tree.parent[t]!;
      return t === hi;
    };
    const { rowPtr, col } = c.pattern;
    for (let u = 0; u < n; u++) {
      const neighbours = [
        ...(u > 0 && c.system.sub[u] !== 0 ? [u - 1] : []),
        ...Array.from(col.subarray(rowPtr[u]!, rowPtr[u + 1]!)),
      ];
      for (const v of neighbours) {
        const [a, b] = [tree.nodeOf[u]!, tree.nodeOf[v]!].sort((x, y) => x - y);
        expect(isAncestor(a!, b!)).toBe(true);
      }
    }
  });

  it('cuts a 32 x 32 array through one line: its first separator is one node per row', () => {
    const c = circuit('passive', 32, 16);
    const plan = transferPlan(c);
    const root = plan.tree.nodeCount - 1;
    expect(plan.tree.end[root]! - plan.tree.elimStart[root]!).toBe(32);
  });

  it('keeps unknowns that all sit at one place in one leaf: there is nothing to cut', () => {
    const c = circuit('passive', 16, 8);
    const places = { x: new Int32Array(c.pattern.n), y: new Int32Array(c.pattern.n) };
    // Every unknown at one place: nothing to cut, so one leaf holds them all.
    const tree = dissect(c.pattern, c.system.sub, places.x, places.y);
    expect(tree.nodeCount).toBe(1);
  });
});

describe('the ports Schur complement', () => {
  for (const [topology, rows, cols, side] of [
    ['passive', 9, 5, 'left'],
    ['row-transistor', 12, 3, 'both'],
    ['cell-transistor', 5, 9, 'right'],
  ] as const) {
    it(`equals dense elimination (${topology} ${rows}x${2 * cols}, drivers ${side})`, () => {
      const c = circuit(topology, rows, cols, side);
      for (const rowAdmittance of [false, true]) {
        const plan = transferPlan(c, { rowAdmittance });
        const k = portSchur(lineMatrix(c.system), plan.couplings, plan.tree);
        const oracle = denseSchur(c, plan);
        const np = plan.couplings.ports;
        const nsq = plan.couplings.squarePorts;
        let scale = 0;
        for (let p = 0; p < np; p++) scale = Math.max(scale, Math.abs(oracle[p * np + p]!));
        for (let p = 0; p < np; p++)
          for (let q = 0; q < nsq; q++) expect(Math.abs(k[p * nsq + q]! - oracle[p * np + q]!)).toBeLessThan(1e-12 * scale);
      }
    });
  }

  it('gives the same bits when subtrees are eliminated apart and handed in (as workers do)', () => {
    const c = circuit('row-transistor', 40, 24, 'both');
    const plan = transferPlan(c, { rowAdmittance: true });
    const { tree, couplings } = plan;
    const serial = portSchur(lineMatrix(c.system), couplings, tree);
    const root = tree.nodeCount - 1;
    const children = Array.from({ length: root }, (_, t) => t).filter((t) => tree.parent[t] === root);
    expect(children.length).toBe(2);
    const given = new Map<number, FrontUpdate>(children.map((t) => [t, subtreeUpdate(lineMatrix(c.system), couplings, tree, t)]));
    expect(Array.from(portSchur(lineMatrix(c.system), couplings, tree, { given }))).toEqual(Array.from(serial));
  });

  it('knows its cost before any arithmetic: the largest front and the stack', () => {
    const c = circuit('passive', 32, 16);
    const plan = transferPlan(c, { rowAdmittance: true });
    const cost = eliminationCost(lineMatrix(c.system), plan.couplings, plan.tree);
    // The root front: its 32 separator nodes, the 32 sources (square) and the 32 sense nodes (rows only).
    expect(cost.largestFront).toBeGreaterThanOrEqual(96);
    expect(cost.frontValues).toBeLessThanOrEqual(cost.largestFront * cost.largestFront);
    expect(cost.total).toBeGreaterThan(0);
    expect(cost.work.length).toBe(plan.tree.nodeCount);
  });
});
