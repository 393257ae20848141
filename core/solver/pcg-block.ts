import { CircuitError } from './circuit-error.js';
import type { NodalSystem } from './system.js';
import type { TridiagonalFactor } from './tridiagonal.js';

/**
 * The line-preconditioned CG of pcg.ts run on m right-hand sides at once, stored interleaved
 * (unknown k of system r at k * m + r). Each system keeps its own step lengths; the gain is
 * that every matrix and preconditioner coefficient is loaded once for all m, and the m
 * independent Thomas recurrences overlap instead of each waiting on its own serial chain.
 * Used for transfer extraction, where every row (or column) is a right-hand side.
 */
export interface BlockWorkspace {
  n: number;
  m: number;
  r: Float64Array;
  z: Float64Array;
  p: Float64Array;
  q: Float64Array;
  rz: Float64Array;
  norm: Float64Array;
  stop: Float64Array;
  active: Uint8Array;
}

export function allocBlock(n: number, m: number): BlockWorkspace {
  const v = () => new Float64Array(n * m);
  const s = () => new Float64Array(m);
  return { n, m, r: v(), z: v(), p: v(), q: v(), rz: s(), norm: s(), stop: s(), active: new Uint8Array(m) };
}

// Kernels below are written out for m = 4 (BLOCK_WIDTH): V8 does not unroll or vectorise
// the inner loop over right-hand sides, and the unrolled form runs about twice as fast.
export const BLOCK_WIDTH = 4;

function multiplyBlock(sys: NodalSystem, x: Float64Array, y: Float64Array): void {
  const { diag, sub, val } = sys;
  const { n, rowPtr, col } = sys.pattern;
  let p0 = 0,
    p1 = 0,
    p2 = 0,
    p3 = 0; // x of the previous unknown
  for (let k = 0; k < n; k++) {
    const d = diag[k]!;
    const c = sub[k]!;
    const o = k * 4;
    const x0 = x[o]!,
      x1 = x[o + 1]!,
      x2 = x[o + 2]!,
      x3 = x[o + 3]!;
    let y0 = d * x0 + c * p0,
      y1 = d * x1 + c * p1,
      y2 = d * x2 + c * p2,
      y3 = d * x3 + c * p3;
    for (let p = rowPtr[k]!, end = rowPtr[k + 1]!; p < end; p++) {
      const v = val[p]!;
      const q = col[p]! * 4;
      y0 += v * x[q]!;
      y1 += v * x[q + 1]!;
      y2 += v * x[q + 2]!;
      y3 += v * x[q + 3]!;
    }
    y[o] = y0;
    y[o + 1] = y1;
    y[o + 2] = y2;
    y[o + 3] = y3;
    if (k > 0) {
      y[o - 4] = y[o - 4]! + c * x0;
      y[o - 3] = y[o - 3]! + c * x1;
      y[o - 2] = y[o - 2]! + c * x2;
      y[o - 1] = y[o - 1]! + c * x3;
    }
    p0 = x0;
    p1 = x1;
    p2 = x2;
    p3 = x3;
  }
}

function precondition(n: number, sub: Float64Array, f: TridiagonalFactor, r: Float64Array, z: Float64Array): void {
  const { invPivot, upper } = f;
  let z0 = 0,
    z1 = 0,
    z2 = 0,
    z3 = 0;
  for (let k = 0; k < n; k++) {
    const s = sub[k]!;
    const inv = invPivot[k]!;
    const o = k * 4;
    z0 = (r[o]! - s * z0) * inv;
    z1 = (r[o + 1]! - s * z1) * inv;
    z2 = (r[o + 2]! - s * z2) * inv;
    z3 = (r[o + 3]! - s * z3) * inv;
    z[o] = z0;
    z[o + 1] = z1;
    z[o + 2] = z2;
    z[o + 3] = z3;
  }
  for (let k = n - 2; k >= 0; k--) {
    const u = upper[k]!;
    const o = k * 4;
    z0 = z[o]! - u * z0;
    z1 = z[o + 1]! - u * z1;
    z2 = z[o + 2]! - u * z2;
    z3 = z[o + 3]! - u * z3;
    z[o] = z0;
    z[o + 1] = z1;
    z[o + 2] = z2;
    z[o + 3] = z3;
  }
}

/** Solves G X = B for m interleaved right-hand sides; X starts at 0. Returns the most iterations any system took. */
export function pcgSolveBlock(
  sys: NodalSystem,
  factor: TridiagonalFactor,
  ws: BlockWorkspace,
  b: Float64Array,
  x: Float64Array,
  tolerance: number,
  maxIterations: number,
): number {
  if (ws.m !== BLOCK_WIDTH) throw new Error(`block workspace must be ${BLOCK_WIDTH} wide`);
  const { n, m, r, z, p, q, rz, norm, stop, active } = ws;
  x.fill(0);
  r.set(b);
  norm.fill(0);
  for (let k = 0; k < n * m; k += m) for (let s = 0; s < m; s++) norm[s]! += b[k + s]! * b[k + s]!;
  for (let s = 0; s < m; s++) {
    stop[s] = tolerance * tolerance * norm[s]!;
    active[s] = norm[s]! > 0 ? 1 : 0;
  }
  precondition(n, sys.sub, factor, r, z);
  p.set(z);
  rz.fill(0);
  for (let k = 0; k < n * m; k += m) for (let s = 0; s < m; s++) rz[s]! += r[k + s]! * z[k + s]!;
  let it = 0;
  for (;;) {
    let any = false;
    for (let s = 0; s < m; s++) if (active[s]) any = true;
    if (!any) return it;
    if (it >= maxIterations) {
      const name = sys.pattern.graph.nodeName(sys.pattern.nodeOfUnknown[0]!);
      throw new CircuitError(`the transfer solve did not converge after ${it} iterations`, name);
    }
    multiplyBlock(sys, p, q);
    let d0 = 0,
      d1 = 0,
      d2 = 0,
      d3 = 0;
    for (let k = 0; k < n * 4; k += 4) {
      d0 += p[k]! * q[k]!;
      d1 += p[k + 1]! * q[k + 1]!;
      d2 += p[k + 2]! * q[k + 2]!;
      d3 += p[k + 3]! * q[k + 3]!;
    }
    // alpha per system; a converged system gets 0 and stays put.
    const a0 = active[0] ? rz[0]! / d0 : 0,
      a1 = active[1] ? rz[1]! / d1 : 0,
      a2 = active[2] ? rz[2]! / d2 : 0,
      a3 = active[3] ? rz[3]! / d3 : 0;
    let n0 = 0,
      n1 = 0,
      n2 = 0,
      n3 = 0;
    for (let k = 0; k < n * 4; k += 4) {
      x[k] = x[k]! + a0 * p[k]!;
      x[k + 1] = x[k + 1]! + a1 * p[k + 1]!;
      x[k + 2] = x[k + 2]! + a2 * p[k + 2]!;
      x[k + 3] = x[k + 3]! + a3 * p[k + 3]!;
      const v0 = r[k]! - a0 * q[k]!,
        v1 = r[k + 1]! - a1 * q[k + 1]!,
        v2 = r[k + 2]! - a2 * q[k + 2]!,
        v3 = r[k + 3]! - a3 * q[k + 3]!;
      r[k] = v0;
      r[k + 1] = v1;
      r[k + 2] = v2;
      r[k + 3] = v3;
      n0 += v0 * v0;
      n1 += v1 * v1;
      n2 += v2 * v2;
      n3 += v3 * v3;
    }
    norm[0] = n0;
    norm[1] = n1;
    norm[2] = n2;
    norm[3] = n3;
    it++;
    for (let s = 0; s < m; s++) {
      if (!Number.isFinite(norm[s]!)) {
        const name = sys.pattern.graph.nodeName(sys.pattern.nodeOfUnknown[0]!);
        throw new CircuitError('the transfer solve broke down (non-finite residual)', name);
      }
      if (active[s] && !(norm[s]! > stop[s]!)) active[s] = 0;
    }
    precondition(n, sys.sub, factor, r, z);
    let e0 = 0,
      e1 = 0,
      e2 = 0,
      e3 = 0;
    for (let k = 0; k < n * 4; k += 4) {
      e0 += r[k]! * z[k]!;
      e1 += r[k + 1]! * z[k + 1]!;
      e2 += r[k + 2]! * z[k + 2]!;
      e3 += r[k + 3]! * z[k + 3]!;
    }
    // A converged system's direction is zeroed so its x stays put.
    const b0 = active[0] ? e0 / rz[0]! : 0,
      b1 = active[1] ? e1 / rz[1]! : 0,
      b2 = active[2] ? e2 / rz[2]! : 0,
      b3 = active[3] ? e3 / rz[3]! : 0;
    const m0 = active[0] ? 1 : 0,
      m1 = active[1] ? 1 : 0,
      m2 = active[2] ? 1 : 0,
      m3 = active[3] ? 1 : 0;
    rz[0] = e0;
    rz[1] = e1;
    rz[2] = e2;
    rz[3] = e3;
    for (let k = 0; k < n * 4; k += 4) {
      p[k] = m0 * (z[k]! + b0 * p[k]!);
      p[k + 1] = m1 * (z[k + 1]! + b1 * p[k + 1]!);
      p[k + 2] = m2 * (z[k + 2]! + b2 * p[k + 2]!);
      p[k + 3] = m3 * (z[k + 3]! + b3 * p[k + 3]!);
    }
  }
}
